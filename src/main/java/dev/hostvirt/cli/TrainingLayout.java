package dev.hostvirt.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The image the {@code image} archive is trained on (linux/build-cds.sh): an OCI layout written into
 * the training's own directory, with one gzip layer of a few files and a 2 MiB one that does not
 * compress, so that an import walks what real ones do (the blob store's libcrypto hashing starts at
 * 1 MiB, the unpack hashes the DiffID). Nothing is read from the network or the host.
 */
final class TrainingLayout {
    static final String NAME = "localhost/training/layout:1";
    /** The image the {@code run} archive is trained on: {@code /bin/true} as TrainingRegistry serves, and /etc above it. */
    static final String RUNNABLE_NAME = "localhost/training/run:1";

    private TrainingLayout() {
    }

    static Path write(Path dir) throws IOException {
        return write(dir, TrainingImage.of(layer()), NAME);
    }

    static Path writeRunnable(Path dir) throws IOException {
        return write(dir, TrainingImage.of(TrainingImage.runnableLayer(), TrainingImage.etcLayer()), RUNNABLE_NAME);
    }

    private static Path write(Path dir, TrainingImage image, String name) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        for (byte[] b : image.blobs()) {
            Files.write(blobs.resolve(TrainingImage.digest(b).substring("sha256:".length())), b);
        }
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + TrainingImage.MANIFEST_TYPE + "\",\"digest\":\"" + TrainingImage.digest(image.manifest()) + "\",\"size\":"
                + image.manifest().length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + name + "\"}}]}");
        return dir;
    }

    private static byte[] layer() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry etc = new TarArchiveEntry("etc/");
            etc.setMode(040755);
            tar.putArchiveEntry(etc);
            tar.closeArchiveEntry();
            byte[] noise = new byte[2 << 20];
            new Random(1).nextBytes(noise);
            for (int i = 0; i < 20; i++) {
                byte[] data = i == 0 ? noise : ("file " + i + "\n").getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry f = new TarArchiveEntry("etc/f" + i);
                f.setMode(0100644);
                f.setSize(data.length);
                tar.putArchiveEntry(f);
                tar.write(data);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry link = new TarArchiveEntry("etc/link", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("f1");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }
}
