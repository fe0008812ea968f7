package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.TestImages;
import dev.hostvirt.engine.TestImages.Image;
import dev.hostvirt.engine.TestImages.Packing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stop -a, rm -a (-f), rmi and images --format/--no-trunc on real containers, with podman's output and
 * exit codes: every container named by its full ID, a running one kept by rm -a with 2.
 */
class AllAtOnceTest {
    @TempDir
    Path tmp;
    EngineCli cli;

    private static EngineCli.Result ok(EngineCli.Result r) {
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    private String id(String name) {
        return ok(cli.run("ps", "-a", "--no-trunc", "-f", "name=^" + name + "$", "--format", "{{.ID}}")).out().strip();
    }

    private void withBusybox() throws IOException {
        assumeTrue(Engine.isRoot(), "running containers needs root (CI runs as root)");
        assumeTrue(TestImages.busyboxAvailable(), "needs /bin/busybox from Debian's busybox-static (linux/test-packages.txt)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc"))
                || Files.isExecutable(Path.of("/usr/bin/crun")), "needs runc or crun (linux/packages.txt)");
        cli = new EngineCli(tmp.resolve("state"), tmp);
        Image bb = new Image(List.of(TestImages.busyboxLayer()), TestImages.busyboxConfig());
        ok(cli.run("image", "import", TestImages.ociLayout(tmp.resolve("bb"), "localhost/bb:latest", bb, Packing.GZIP).toString()));
    }

    @AfterEach
    void removeContainers() {
        if (cli != null) {
            cli.run("rm", "-af");
        }
    }

    @Test
    void stopAllAndRemoveAllNameEveryContainerByItsId() throws IOException {
        withBusybox();
        ok(cli.run("run", "-d", "--name", "up1", "localhost/bb", "sleep", "600"));
        ok(cli.run("run", "-d", "--name", "up2", "localhost/bb", "sleep", "600"));
        ok(cli.run("run", "--name", "done", "localhost/bb", "true"));
        Set<String> all = Set.of(id("up1"), id("up2"), id("done"));

        EngineCli.Result kept = cli.run("rm", "-a");
        assertEquals(ExitCodes.IN_USE, kept.exit(), "podman's 2 for the running ones: " + kept);
        assertEquals("", id("done"), "the stopped one is gone");
        assertTrue(kept.err().contains(id("up1")) && kept.err().contains(id("up2")), kept.err());

        EngineCli.Result stopped = ok(cli.run("stop", "-a", "-t", "1"));
        assertEquals(Set.of(id("up1"), id("up2")), Set.copyOf(stopped.out().lines().toList()));
        assertEquals("exited\nexited\n", ok(cli.run("ps", "-a", "--format", "{{.State}}")).out());
        EngineCli.Result removed = ok(cli.run("rm", "--all"));
        assertTrue(all.containsAll(removed.out().lines().toList()) && removed.out().lines().count() == 2, removed.toString());
        assertEquals("", ok(cli.run("ps", "-aq")).out());

        ok(cli.run("run", "-d", "--name", "up3", "localhost/bb", "sleep", "600"));
        String up3 = id("up3");
        assertEquals(up3 + "\n", ok(cli.run("rm", "-af")).out(), "-f takes running ones too");
        assertEquals("", ok(cli.run("rm", "-a")).out(), "nothing left: nothing to say, 0");
        assertEquals(ExitCodes.ENGINE_ERROR, cli.run("stop", "-a", "x").exit(), "names with --all: podman's 125");
        assertEquals(ExitCodes.ENGINE_ERROR, cli.run("rm", "-a", "x").exit());
        assertEquals(ExitCodes.ENGINE_ERROR, cli.run("stop").exit(), "neither names nor --all");
    }

    @Test
    void imagesFormatAndRmiAsImageRm() throws IOException {
        withBusybox();
        String hex = ok(cli.run("images", "--no-trunc", "-q")).out().strip();
        assertTrue(hex.matches("sha256:[0-9a-f]{64}"), hex);
        String line = ok(cli.run("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}} {{.Id}} {{.Digest}}")).out();
        assertEquals("localhost/bb:latest " + hex.substring(7, 19) + " " + hex.substring(7), line.substring(0, line.lastIndexOf(' ')));
        assertTrue(line.strip().substring(line.lastIndexOf(' ') + 1).matches("sha256:[0-9a-f]{64}"), "the manifest's digest: " + line);
        assertEquals(ok(cli.run("images", "--format", "{{.ID}}")).out(), ok(cli.run("image", "ls", "--format", "{{.ID}}")).out());
        assertTrue(ok(cli.run("images", "--no-trunc")).out().contains(hex), "the whole ID in the table");
        assertEquals(ExitCodes.ENGINE_ERROR, cli.run("images", "--format", "{{.Size}}").exit(), "a field hostvirt does not keep");

        ok(cli.run("run", "--name", "user", "localhost/bb", "true"));
        EngineCli.Result inUse = cli.run("rmi", "localhost/bb");
        assertEquals(ExitCodes.IN_USE, inUse.exit(), "as image rm: " + inUse);
        assertEquals(ExitCodes.NO_SUCH, cli.run("rmi", "localhost/absent").exit());
        EngineCli.Result forced = ok(cli.run("rmi", "-f", "localhost/bb"));
        assertTrue(forced.out().contains("localhost/bb:latest"), forced.out());
        assertEquals("", ok(cli.run("images", "-q")).out());
    }
}
