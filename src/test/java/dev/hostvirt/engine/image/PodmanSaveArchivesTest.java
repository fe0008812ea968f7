package dev.hostvirt.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hostvirt.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives written by a real podman 4.3.1 (see src/test/resources/engine/SOURCE.md) import and unpack. */
class PodmanSaveArchivesTest {
    @TempDir
    Path tmp;

    private Path resource(String name) throws IOException {
        Path out = tmp.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/engine/podman-save/" + name)) {
            Files.copy(in, out);
        }
        return out;
    }

    private void importsAndUnpacks(String archive) throws IOException {
        Engine engine = Engine.open(tmp.resolve("state-" + archive));
        List<ImageRecord> got = new ImageImporter(engine.images()).importFrom(resource(archive), null, Platform.parse("linux/amd64"));
        assertEquals(1, got.size());
        assertEquals("localhost/tiny:1.0", got.get(0).ref());
        assertEquals("sha256:fb5baaaa3c90b240b5f1f74a437f41e0b4022dc06117bcc3762d2a555df66328", got.get(0).config().toString());
        Path root = engine.rootfs().prepare(got.get(0), w -> { });
        assertEquals("saved by podman 4.3.1\n", Files.readString(root.resolve("etc/hello.txt")));
    }

    @Test
    void legacyDockerArchiveWithSymlinkedLayerTar() throws IOException {
        importsAndUnpacks("tiny-docker-archive.tar");
    }

    @Test
    void ociArchiveWithGzipLayer() throws IOException {
        importsAndUnpacks("tiny-oci-archive.tar");
    }
}
