package dev.hostvirt.cli;

import static dev.hostvirt.cli.OptionBinding.bound;

import dev.hostvirt.host.Host;
import dev.hostvirt.host.SnapshotCodec;
import dev.hostvirt.host.SnapshotHost;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code --snapshot FILE}: answer from a recorded host instead of this machine. */
public final class SnapshotOption implements OptionGroup {
    private Path snapshot;

    @Override
    public void addTo(CommandSpec spec) {
        spec.addOption(bound(OptionSpec.builder("--snapshot").type(Path.class).paramLabel("FILE").descriptionKey("snapshot"),
                () -> snapshot, v -> snapshot = v));
    }

    public boolean replaying() {
        return snapshot != null;
    }

    /** The recorded host when --snapshot is given, else the live one. */
    public Host host(CliEnvironment env) {
        if (snapshot == null) {
            return env.liveHost().get();
        }
        Path file = env.workingDirectory().resolve(snapshot);
        return new SnapshotHost(new SnapshotCodec().read(file));
    }
}
