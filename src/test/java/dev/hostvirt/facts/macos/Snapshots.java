package dev.hostvirt.facts.macos;

import dev.hostvirt.host.Host;
import dev.hostvirt.host.SnapshotCodec;
import dev.hostvirt.host.SnapshotHost;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The macOS snapshots under src/test/resources/macos/snapshots, replayed. */
public final class Snapshots {
    private Snapshots() {
    }

    public static Path path(String name) {
        try {
            return Path.of(Snapshots.class.getResource("/macos/snapshots/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing snapshot " + name, e);
        }
    }

    public static Host host(String name) {
        return new SnapshotHost(new SnapshotCodec().read(path(name)));
    }
}
