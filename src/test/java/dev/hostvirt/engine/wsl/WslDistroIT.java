package dev.hostvirt.engine.wsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The distro tarball as WSL would use it (failsafe, after package): windows/build-distro.sh builds it
 * (the Debian base is cached under target/wsl/cache, the tarball rebuilt only when the jar is newer),
 * it is unpacked into a directory, and that directory becomes the root of a new mount and PID
 * namespace (unshare) with /proc mounted fresh and /sys (with the cgroup fs) and /dev bound, as WSL's
 * init provides them. The directory is bind-mounted onto itself first: a WSL distro's / is a real
 * mount (its ext4.vhdx), and the engine's runtimes change the propagation of / ("unshare: cannot
 * change root filesystem propagation: Invalid argument" when / is a plain directory in a chroot). Inside, only the distro's own files run: its jlink'd Java, its hostvirt, its runc.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WslDistroIT {
    private static final Path TARBALL = Path.of("target/wsl/hostvirt-wsl.tar.gz").toAbsolutePath();
    private static final Path JAR = Path.of("target/hostvirt.jar").toAbsolutePath();

    /** Made here, not by @TempDir: it must exist in @BeforeAll, and a rootfs is removed with rm -rf. */
    Path work;
    Path root;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    void buildAndUnpack() throws Exception {
        assumeTrue(Engine.isRoot(), "skipped: building and entering the distro needs root (debootstrap, chroot, mounts)");
        assumeTrue(onPath("debootstrap"), "skipped: debootstrap is missing (apt-get install -y debootstrap; linux/test-packages.txt)");
        assumeTrue(onPath("unshare"), "skipped: unshare is missing (util-linux)");
        assertTrue(Files.isRegularFile(JAR), "run after mvn package (target/hostvirt.jar)");
        assertTrue(TestImages.busyboxAvailable(), "busybox-static is missing (linux/test-packages.txt)");
        if (!Files.isRegularFile(TARBALL)
                || Files.getLastModifiedTime(TARBALL).compareTo(Files.getLastModifiedTime(JAR)) < 0) {
            Run build = exec(List.of("windows/build-distro.sh", "--jar", JAR.toString(), "--out", TARBALL.toString()), 1800);
            assertEquals(0, build.exit(), build.err() + build.out());
            assertTrue(build.out().contains("bytes compressed"), build.out());
        }
        work = Files.createTempDirectory("hostvirt-wsl-it");
        root = work.resolve("rootfs");
        Files.createDirectories(root);
        Run unpack = exec(List.of("tar", "--numeric-owner", "-xzpf", TARBALL.toString(), "-C", root.toString()), 600);
        assertEquals(0, unpack.exit(), unpack.err());
        TestImages.ociLayout(root.resolve("tmp/busybox-oci"), "localhost/busybox:test",
                new TestImages.Image(List.of(TestImages.busyboxLayer()), TestImages.busyboxConfig()), TestImages.Packing.GZIP);
    }

    @AfterAll
    void removeRootfs() throws Exception {
        if (work != null) {
            exec(List.of("rm", "-rf", "--one-file-system", work.toString()), 300);
        }
    }

    @Test
    @Order(1)
    void tarballIsUnderTheSizeGoal() throws IOException {
        long size = Files.size(TARBALL);
        assertTrue(size < 120L * 1024 * 1024, "tarball " + size + " bytes, goal < 120 MiB");
    }

    @Test
    @Order(2)
    void distroHasWslConfAndItsOwnRuntimes() throws IOException {
        String conf = Files.readString(root.resolve("etc/wsl.conf"));
        assertTrue(conf.contains("default=root"), conf);
        assertTrue(conf.contains("appendWindowsPath=false"), conf);
        assertTrue(Files.isExecutable(root.resolve("usr/sbin/runc")), "runc");
        assertTrue(Files.isExecutable(root.resolve("usr/bin/crun")), "crun");
        assertTrue(Files.isExecutable(root.resolve("opt/hostvirt/runtime/bin/java")), "jlink'd runtime");
        assertTrue(Files.notExists(root.resolve("opt/hostvirt/runtime/jmods")), "no jmods in a jlink image");
        assertTrue(Files.readString(root.resolve("opt/hostvirt/VERSION")).strip().matches("[0-9A-Za-z.+-]+"));
    }

    @Test
    @Order(3)
    void hostvirtInsideImportsAndRunsTheBusyboxImage() throws Exception {
        Run version = inside("/opt/hostvirt/bin/hostvirt", "--version");
        assertEquals(0, version.exit(), version.err());
        assertEquals(Files.readString(root.resolve("opt/hostvirt/VERSION")).strip(),
                version.out().lines().findFirst().orElse("").replace("hostvirt ", ""));

        Run imported = inside("/opt/hostvirt/bin/hostvirt", "image", "import", "/tmp/busybox-oci");
        assertEquals(0, imported.exit(), imported.err() + imported.out());
        assertTrue(Files.isDirectory(root.resolve("var/lib/hostvirt")), "the store is the distro's /var/lib/hostvirt");

        Run hi = inside("/opt/hostvirt/bin/hostvirt", "run", "--rm", "localhost/busybox:test", "echo", "hi");
        assertEquals(0, hi.exit(), hi.err());
        assertEquals("hi\n", hi.out());

        Run three = inside("/opt/hostvirt/bin/hostvirt", "run", "--rm", "localhost/busybox:test", "sh", "-c", "exit 3");
        assertEquals(3, three.exit(), three.err());

        Run missing = inside("/opt/hostvirt/bin/hostvirt", "run", "--rm", "localhost/busybox:test", "/no/such/command");
        assertEquals(127, missing.exit(), missing.err());

        // Non-ASCII through the distro's JVM (wsl --exec gives it no LANG): the error names the image as typed.
        Run accents = inside("/opt/hostvirt/bin/hostvirt", "run", "--rm", "localhost/josé:1", "true");
        assertEquals(125, accents.exit(), accents.err());
        assertTrue(accents.err().contains("josé"), accents.err());

        Run images = inside("/opt/hostvirt/bin/hostvirt", "images", "-q");
        assertEquals(0, images.exit(), images.err());
        assertEquals(1, images.out().lines().filter(l -> !l.isBlank()).count(), images.out());
    }

    @Test
    @Order(4)
    void upgradeRestoresTheImageStoreFromTheExportIntoAFreshDistro() throws Exception {
        // `wsl --export` is a tar of the distro's root; the new distro is a fresh unpack of the tarball.
        Path export = work.resolve("export.tar");
        Run exported = exec(List.of("tar", "--numeric-owner", "-C", root.toString(), "-cf", export.toString(), "."), 600);
        assertEquals(0, exported.exit(), exported.err());
        Path fresh = work.resolve("fresh");
        Files.createDirectories(fresh);
        Run unpack = exec(List.of("tar", "--numeric-owner", "-xzpf", TARBALL.toString(), "-C", fresh.toString()), 600);
        assertEquals(0, unpack.exit(), unpack.err());
        Files.move(export, fresh.resolve("tmp/export.tar"));

        Run before = insideOf(fresh, "/opt/hostvirt/bin/hostvirt", "images", "-q");
        assertEquals("", before.out().strip(), "a fresh distro has no images");
        Run restored = insideOf(fresh, DistroManager.restoreStoreArgv("/tmp/export.tar").toArray(String[]::new));
        assertEquals(0, restored.exit(), restored.err());
        assertTrue(Files.notExists(fresh.resolve("tmp/busybox-oci")), "only the store is restored");
        Run images = insideOf(fresh, "/opt/hostvirt/bin/hostvirt", "images", "-q");
        assertEquals(1, images.out().lines().filter(l -> !l.isBlank()).count(), images.out() + images.err());
        Run hi = insideOf(fresh, "/opt/hostvirt/bin/hostvirt", "run", "--rm", "localhost/busybox:test", "echo", "kept");
        assertEquals(0, hi.exit(), hi.err());
        assertEquals("kept\n", hi.out());
    }

    /** A command run with the unpacked distro as its root, the way WSL's init sets a distro up. */
    private Run inside(String... argv) throws Exception {
        return insideOf(root, argv);
    }

    private Run insideOf(Path distroRoot, String... argv) throws Exception {
        String r = distroRoot.toString();
        StringBuilder script = new StringBuilder("set -e; R=\"$1\"; shift; ")
                .append("mount --bind \"$R\" \"$R\"; ")
                .append("mount -t proc proc \"$R/proc\"; mount --rbind /sys \"$R/sys\"; mount --rbind /dev \"$R/dev\"; ")
                .append("mount -t tmpfs tmpfs \"$R/run\"; exec chroot \"$R\" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \"$@\"");
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--propagation", "private",
                "sh", "-c", script.toString(), "sh", r));
        cmd.addAll(List.of(argv));
        return exec(cmd, 300);
    }

    private static Run exec(List<String> argv, long seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv);
        Path out = Files.createTempFile("wsl-it", ".out");
        Path err = Files.createTempFile("wsl-it", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + argv);
        }
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/usr/bin", program));
    }
}
