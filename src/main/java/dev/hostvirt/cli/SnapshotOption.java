package dev.hostvirt.cli;

import dev.hostvirt.host.Host;
import dev.hostvirt.host.SnapshotCodec;
import dev.hostvirt.host.SnapshotHost;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --snapshot FILE}: answer from a recorded host instead of this machine. */
public final class SnapshotOption {
    @Option(names = "--snapshot", paramLabel = "FILE", descriptionKey = "snapshot")
    Path snapshot;

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
