package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.image.ImageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing training swallows every failure (an archive is only an optimization), so a
 * training registry that stopped serving a pullable image would go unnoticed but for this test: the
 * training's pull must really store and name the image, and (as root) its run must go through a
 * whole run, or the run archive would quietly hold less than the general one.
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

    @Test
    void theImageTrainingImportsListsAndRemovesItsLayout() throws Exception {
        // The image archive's training: each of its commands must succeed (an import that failed
        // early would train an archive holding less than the general one).
        assertTrue(StartupTraining.train("image", tmp));
        assertEquals(List.of(), Engine.open(tmp).images().list(), "its image was imported, then removed");
        assertTrue(Files.size(tmp.resolve("layout/blobs/sha256").toFile().listFiles()[0].toPath()) > 0);
    }

    @Test
    void theRunTrainingGoesThroughAWholeRunWithoutStartingAContainer() throws Exception {
        assumeTrue(Engine.isRoot(), "the run archive is trained as root only (linux/build-cds.sh)");
        // Two runs (on the stand-in runtime, which writes the pid file and exits 0) of an image that
        // another JVM imported and ran first (so it is unpacked before this JVM's classes are recorded).
        assertEquals(List.of(0, 0), StartupTraining.trainRun(tmp, Map.of("NO_COLOR", "1")));
        assertEquals(List.of(TrainingLayout.RUNNABLE_NAME),
                Engine.open(tmp.resolve("engine")).images().list().stream().map(ImageRecord::ref).toList());
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(tmp.toString()), "nothing left mounted");
        try (Stream<Path> left = Files.list(tmp.resolve("engine/containers"))) {
            assertEquals(List.of(), left.toList(), "--rm removed the containers");
        }
    }

    @Test
    void theRunTrainingsOwnJvmLoadsNeitherThePullNorTheImportNorTheUnpack() throws Exception {
        assumeTrue(Engine.isRoot(), "the run archive is trained as root only (linux/build-cds.sh)");
        // What the JVM that records the run archive loads is what every run loads at start (JDK 25
        // loads a cache's classes whole), so it must be a plain run's and nothing more. This runs the
        // training's code in a plain JVM of the test's JDK: the recording JVM runs the same code (the
        // cache's assembly afterwards runs none), with build-cds.sh's JNA properties.
        Path log = tmp.resolve("classes.log");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = new ProcessBuilder(java, "-Xlog:class+load=info:file=" + log, "-Djava.io.tmpdir=" + tmp,
                "-Djna.platform.library.path=", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                StartupTraining.class.getName(), "run")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the training did not end: " + Files.readString(tmp.resolve("out.txt")));
        }
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("out.txt")));
        List<String> loaded = Files.readAllLines(log).stream().map(l -> l.replaceFirst("^.*\\] ", "").split(" ")[0]).toList();
        assertTrue(loaded.contains("dev.hostvirt.engine.container.ContainerRunner"), "it did run a container");
        // (A run names its image and its pull policy with the registry package's types; it talks to none.)
        for (String absent : List.of("dev.hostvirt.engine.registry.RegistryClient", "dev.hostvirt.engine.registry.ImagePuller",
                "dev.hostvirt.engine.registry.HttpTransport", "dev.hostvirt.engine.image.ImageImporter",
                "dev.hostvirt.engine.layer.LayerApplier", "com.sun.net.httpserver.", "java.net.HttpURLConnection",
                "org.apache.commons.compress.archivers.tar.TarArchiveInputStream")) {
            List<String> found = loaded.stream().filter(c -> c.startsWith(absent)).toList();
            assertEquals(List.of(), found, absent + " was loaded by the recording JVM");
        }
    }
}
