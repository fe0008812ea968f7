package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.engine.TestImages;
import dev.hostvirt.engine.TestImages.Image;
import dev.hostvirt.engine.TestImages.Packing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What becomes of a foreground run when things around it fail: the caller's stdout (a full disk), or
 * hostvirt itself (SIGKILL). Real containers in hostvirt JVMs of their own; needs root and crun or runc.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunSurvivalTest {
    @TempDir
    static Path tmp;
    EngineCli cli;
    static final String BB = "busybox:latest";

    @BeforeAll
    void importBusybox() throws IOException {
        TestImages.assumeContainersCanRun();
        cli = new EngineCli(tmp.resolve("state"), tmp);
        Image bb = new Image(List.of(TestImages.busyboxLayer()), TestImages.busyboxConfig());
        ok(cli.run("image", "import", TestImages.ociLayout(tmp.resolve("bb-oci"), "docker.io/library/busybox:latest", bb, Packing.GZIP)
                .toString()));
    }

    @AfterAll
    void removeContainers() {
        if (cli != null) {
            cli.removeAllContainers();
        }
    }

    @Test
    void aFullStdoutLosesNothingFromTheLogAndAlwaysExits125() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full");
        for (String exit : List.of("0", "3")) {
            String name = "full-" + exit;
            Process p = hostvirt("run", "--name", name, BB, "sh", "-c", "echo a; sleep 0.2; echo b; echo c >&2; exit " + exit)
                    .redirectOutput(new java.io.File("/dev/full")).redirectError(tmp.resolve(name + ".err").toFile()).start();
            assertTrue(p.waitFor(2, TimeUnit.MINUTES));
            assertEquals(125, p.exitValue(), "the output was lost, whatever the container's code: " + Files.readString(tmp.resolve(name + ".err")));
            EngineCli.Result logs = ok(cli.run("logs", name));
            assertEquals("a\nb\n", logs.out(), "the log is the container's, not the caller's stdout");
            assertEquals("c\n", logs.err());
        }
    }

    /** hostvirt in a JVM of its own, with this test's state. */
    private static ProcessBuilder hostvirt(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("HOSTVIRT_STATE_DIR", tmp.resolve("state").toString());
        return pb;
    }

    private static EngineCli.Result ok(EngineCli.Result r) {
        assertEquals(0, r.exit(), r.toString());
        return r;
    }
}
