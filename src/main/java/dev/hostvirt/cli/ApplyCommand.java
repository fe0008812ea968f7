package dev.hostvirt.cli;

import dev.hostvirt.configure.profile.Profile;
import dev.hostvirt.configure.profile.ProfileReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code hostvirt apply PROFILE.ini}: plan (and with --apply make) the difference to a desired state. */
@Command(name = "apply", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%n@|bold Exit codes|@:%n", exitCodeList = {})
public final class ApplyCommand implements Callable<Integer>, HasOptionGroups {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "PROFILE", descriptionKey = "profile")
    Path profile;

    @Mixin
    ApplyOptions options;

    final ReportOptions output = new ReportOptions();

    ApplyCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public List<OptionGroup> optionGroups() {
        return List.of(output, StandardHelpOptions.INSTANCE);
    }

    @Override
    public Integer call() {
        ConfigureSupport s = new ConfigureSupport(env, output.messages(env), output.json());
        Path file = env.workingDirectory().resolve(profile);
        // Read before anything else: a malformed profile is one line and exit 2, with nothing touched.
        Profile p = s.guarded(() -> ProfileReader.read(file));
        String name = file.getFileName().toString();
        return new PlannedChange(env, output, null, options).run(c -> c.profile(p, name));
    }
}
