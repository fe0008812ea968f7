package dev.hostvirt.engine.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

/**
 * Test scaffolding until the engine's store (issue 6) is merged: when HOSTVIRT_TEST_STORE names a
 * directory, pulls go to a {@link TempDirContentStore} there, and each pulled image is recorded as a
 * line "reference manifest-digest config-digest platform" in images.txt.
 */
public final class TestPullDestinationProvider implements PullDestinationProvider {
    @Override
    public Optional<PullDestination> open(Map<String, String> env) {
        String dir = env.get("HOSTVIRT_TEST_STORE");
        if (dir == null) {
            return Optional.empty();
        }
        Path root = Path.of(dir);
        PulledImageSink sink = image -> {
            String line = image.reference() + " " + image.manifestDigest() + " " + image.configDigest() + " " + image.platform() + "\n";
            try {
                Files.writeString(root.resolve("images.txt"), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return Optional.of(new PullDestination(new TempDirContentStore(root), sink));
    }

    @Override
    public int priority() {
        return 100;
    }
}
