package dev.hostvirt.cli;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.RecordingHost;
import dev.hostvirt.host.Snapshot;
import dev.hostvirt.host.SnapshotCodec;
import dev.hostvirt.host.SnapshotRedactor;
import dev.hostvirt.rules.RuleSet;
import dev.hostvirt.rules.RuleSets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hostvirt snapshot}: runs every probe of this platform against the live host while recording,
 * and writes what was read, so the same diagnosis can be made anywhere with --snapshot.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true)
public final class SnapshotCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", descriptionKey = "output")
    Path output;

    @Option(names = "--redact", descriptionKey = "redact")
    boolean redact;

    SnapshotCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Snapshot snapshot = record(env.liveHost().get(), env);
        if (redact) {
            snapshot = SnapshotRedactor.forCurrentUser(env.env()).redact(snapshot);
        }
        SnapshotCodec codec = new SnapshotCodec();
        if (output == null) {
            env.out().print(codec.toJson(snapshot));
            env.out().flush();
        } else {
            Path file = env.workingDirectory().resolve(output);
            try {
                codec.write(snapshot, file);
            } catch (IOException e) {
                throw new HostvirtException(Text.of("snapshot.error.cannot-write", file, String.valueOf(e.getMessage())),
                        ExitCodes.USAGE);
            }
            env.err().println("hostvirt: " + Messages.forLocale(env.locale()).get("snapshot.written", file));
            env.err().flush();
        }
        return ExitCodes.OK;
    }

    /** Every fact and every target, so that the snapshot holds all a later check could ask. */
    static Snapshot record(Host live, CliEnvironment env) {
        RecordingHost recording = new RecordingHost(live, env.clock());
        RuleSet rules = RuleSets.forHost(recording);
        rules.facts();
        rules.summary();
        for (String target : rules.targets()) {
            rules.evaluate(target);
        }
        return recording.snapshot();
    }
}
