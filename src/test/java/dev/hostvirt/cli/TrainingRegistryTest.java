package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.image.ImageRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing training swallows every failure (an archive is only an optimization), so a
 * training registry that stopped serving a pullable image would go unnoticed but for this test: the
 * training's pull must really store and name the image.
 */
class TrainingRegistryTest {
    @TempDir
    Path tmp;

    @Test
    void theTrainingPullStoresAndNamesAnImage() throws Exception {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        try (TrainingRegistry registry = TrainingRegistry.start()) {
            EngineCli.Result pulled = cli.run("pull", "--tls-verify=false", registry.reference());
            assertEquals(0, pulled.exit(), pulled.toString());
            assertTrue(pulled.out().startsWith("sha256:"), pulled.out());
            List<ImageRecord> images = Engine.open(tmp.resolve("state")).images().list();
            assertEquals(1, images.size());
            assertEquals(registry.reference(), images.get(0).ref());
            EngineCli.Result again = cli.run("pull", "--tls-verify=false", registry.reference());
            assertEquals(pulled.out(), again.out(), "the same manifest, from stored blobs");
        }
        EngineCli.Result never = cli.run("run", "--rm", "--pull=never", "training/absent", "true");
        assertEquals(125, never.exit(), "the training's run stops before any container: " + never);
    }
}
