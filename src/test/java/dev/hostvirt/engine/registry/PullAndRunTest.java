package dev.hostvirt.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.cli.EngineCli;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.image.ImageRecord;
import dev.hostvirt.engine.store.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client and the container engine wired together, end to end through the command line:
 * {@code hostvirt pull} from a real registry (Debian's docker-registry on 127.0.0.1) into the engine's
 * state directory, {@code images}, and {@code run --pull=missing|always|never} running REAL containers
 * (runc or crun, as root) from what was pulled. Container runs skip, with the reason, when not root or
 * no runtime is installed; everything about the store is asserted regardless.
 */
class PullAndRunTest {
    @TempDir
    static Path shared;
    static LocalRegistry registry;
    static TestImages.Image busybox;
    static TestImages.Image markA;
    static TestImages.Image markB;
    static TestImages.Image big;
    static byte[] rootfs;
    static TestImages.Blob rootfsGz;

    @TempDir
    Path tmp;
    EngineCli cli;

    @BeforeAll
    static void start() throws Exception {
        if (!LocalRegistry.available()) {
            return; // every test then skips, with the reason, in needsTheRegistry()
        }
        Path scratch = Files.createDirectories(shared.resolve("scratch"));
        rootfs = dev.hostvirt.engine.TestImages.busyboxLayer();
        rootfsGz = TestImages.gzipLayer(rootfs);
        busybox = runnable(List.of(rootfsGz), List.of(rootfs), Map.of());
        byte[] a = TestImages.tar(scratch, Map.of("etc/mark", "a\n".getBytes(StandardCharsets.UTF_8)));
        byte[] b = TestImages.tar(scratch, Map.of("etc/mark", "b\n".getBytes(StandardCharsets.UTF_8)));
        markA = runnable(List.of(rootfsGz, TestImages.zstdLayer(scratch, a)), List.of(rootfs, a), Map.of("Cmd", List.of("cat", "/etc/mark")));
        markB = runnable(List.of(rootfsGz, TestImages.gzipLayer(b)), List.of(rootfs, b), Map.of("Cmd", List.of("cat", "/etc/mark")));
        byte[] random1 = TestImages.randomTar(scratch, 12 << 20, 11);
        byte[] random2 = TestImages.randomTar(scratch, 12 << 20, 12);
        big = runnable(List.of(rootfsGz, TestImages.gzipLayer(random1), TestImages.plainLayer(random2)), List.of(rootfs, random1, random2), Map.of());
        registry = LocalRegistry.plain(shared.resolve("registry"));
        registry.push("test/busybox", "latest", busybox);
        registry.push("test/big", "1", big);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void needsTheRegistry() {
        assumeTrue(LocalRegistry.available(), "docker-registry is not installed (apt-get install docker-registry; CI installs it)");
        cli = new EngineCli(tmp.resolve("state"), tmp);
    }

    /** A busybox image for this machine's architecture, with the engine's own config (PATH, users). */
    static TestImages.Image runnable(List<TestImages.Blob> layers, List<byte[]> tars, Map<String, Object> extra) throws IOException {
        Map<String, Object> config = new java.util.HashMap<>(dev.hostvirt.engine.TestImages.busyboxConfig());
        config.putAll(extra);
        byte[] configJson = dev.hostvirt.engine.TestImages.configJson(
                new dev.hostvirt.engine.TestImages.Image(tars, config, Platform.host().architecture()));
        TestImages.Blob configBlob = new TestImages.Blob("application/vnd.oci.image.config.v1+json", configJson);
        StringBuilder m = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":")
                .append(descriptor(configBlob)).append(",\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            m.append(i == 0 ? "" : ",").append(descriptor(layers.get(i)));
        }
        m.append("]}");
        return new TestImages.Image(new TestImages.Blob(MediaTypes.OCI_MANIFEST, m.toString().getBytes(StandardCharsets.UTF_8)),
                configBlob, layers);
    }

    private static String descriptor(TestImages.Blob b) {
        return "{\"mediaType\":\"" + b.mediaType() + "\",\"digest\":\"" + b.digest() + "\",\"size\":" + b.bytes().length + "}";
    }

    static void assumeContainers() {
        assumeTrue(Engine.isRoot(), "running containers needs root (CI runs as root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc"))
                || Files.isExecutable(Path.of("/usr/bin/crun")), "needs runc or crun (linux/packages.txt)");
    }

    private static EngineCli.Result ok(EngineCli.Result r) {
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    private String image(String repositoryAndTag) {
        return registry.address() + "/" + repositoryAndTag;
    }

    private Engine engine() {
        return Engine.open(tmp.resolve("state"));
    }

    /** Every blob in the engine's store hashes to its name, and no temporary file is left. */
    private void assertStoreConsistent() throws Exception {
        Engine engine = engine();
        for (Digest d : engine.blobs().list()) {
            MessageDigest md = MessageDigest.getInstance(d.javaAlgorithm());
            try (InputStream in = Files.newInputStream(engine.blobs().path(d))) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
            assertEquals(d.hex(), HexFormat.of().formatHex(md.digest()), "blob " + d + " matches its name");
        }
        Path partials = engine.blobs().root().resolve("tmp");
        if (Files.isDirectory(partials)) {
            try (Stream<Path> s = Files.list(partials)) {
                // Lock files stay, empty (FileContentStore.writeResumable); nothing else may.
                List<Path> left = s.filter(p -> {
                    try {
                        return !p.getFileName().toString().endsWith(".lock") || Files.size(p) != 0;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
                assertEquals(List.of(), left, "no temporary blob left");
            }
        }
        for (ImageRecord r : engine.images().list()) {
            assertTrue(engine.blobs().has(r.manifest()) && engine.blobs().has(r.config()), r.toString());
            engine.images().manifest(r.manifest()).layers().forEach(l -> assertTrue(engine.blobs().has(l.digest()), l.toString()));
        }
    }

    @Test
    void pullIntoTheEngineStoreThenImagesListsItAndRunRunsIt() throws Exception {
        EngineCli.Result pulled = ok(cli.run("pull", "--tls-verify=false", image("test/busybox")));
        assertEquals(busybox.manifest().digest() + "\n", pulled.out(), "stdout is the manifest digest only");
        assertTrue(pulled.err().startsWith("Pulling " + image("test/busybox:latest")), pulled.err());

        ImageRecord stored = engine().images().find(image("test/busybox"));
        assertEquals(image("test/busybox:latest"), stored.ref());
        assertEquals(busybox.manifest().digest(), stored.manifest());
        assertEquals(busybox.config().digest(), stored.config());
        String images = ok(cli.run("images")).out();
        assertTrue(images.lines().anyMatch(l -> l.matches(java.util.regex.Pattern.quote(image("test/busybox")) + " +latest +"
                + busybox.config().digest().hex().substring(0, 12) + " .*")), images);
        assertStoreConsistent();

        assumeContainers();
        EngineCli.Result hello = ok(cli.run("run", "--rm", "--pull=never", image("test/busybox"), "/bin/echo", "hello"));
        assertEquals("hello\n", hello.out());
        assertEquals(32, cli.run("run", "--rm", image("test/busybox:latest"), "sh", "-c", "exit 32").exit());
        assertEquals(127, cli.run("run", "--rm", image("test/busybox"), "nosuchcommand").exit());
        assertEquals("", ok(cli.run("ps", "-a", "-q")).out(), "--rm removed the containers");
    }

    @Test
    void pullHonoursStateDirAsTheEngineCommandsDo() throws Exception {
        // --state-dir relative to the working directory, as run and images resolve it.
        ok(cli.run("pull", "-q", "--tls-verify=false", "--state-dir", "other", image("test/busybox")));
        assertEquals(image("test/busybox:latest"), Engine.open(tmp.resolve("other")).images().find(image("test/busybox")).ref());
        assertTrue(ok(cli.run("images", "--state-dir", "other")).out().contains(image("test/busybox")));
        assertEquals(List.of(), engine().images().list(), "HOSTVIRT_STATE_DIR's store was not touched");
    }

    @Test
    void anUnwritableStateDirectoryIsOneLineBeforeAnyDownload() throws Exception {
        Files.writeString(tmp.resolve("a-file"), "not a directory");
        EngineCli.Result r = cli.run("pull", "--tls-verify=false", "--state-dir", "a-file/state", image("test/busybox"));
        assertEquals(125, r.exit(), r.toString());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), "no progress, no retries: " + r.err());
        assertTrue(r.err().startsWith("hostvirt: cannot write the engine's state directory " + tmp.resolve("a-file/state")), r.err());
    }

    @Test
    void runPullsAMissingImageWithProgressOnStderrOnly() throws Exception {
        assumeContainers();
        EngineCli.Result r = ok(cli.run("run", "--rm", "--tls-verify=false", image("test/busybox"), "/bin/echo", "hello"));
        assertEquals("hello\n", r.out(), "the container's output only");
        assertTrue(r.err().contains("Pulling " + image("test/busybox:latest")), r.err());
        assertEquals(busybox.manifest().digest(), engine().images().find(image("test/busybox")).manifest());

        EngineCli.Result again = ok(cli.run("run", "--rm", image("test/busybox"), "/bin/echo", "again"));
        assertEquals("again\n", again.out());
        assertFalse(again.err().contains("Pulling"), "missing: a stored image is not pulled again: " + again.err());

        EngineCli quietCli = new EngineCli(tmp.resolve("quiet-state"), tmp);
        EngineCli.Result quiet = ok(quietCli.run("run", "--rm", "-q", "--tls-verify=false", image("test/busybox"), "true"));
        assertEquals("", quiet.out() + quiet.err(), "-q: no progress");
        assertStoreConsistent();
    }

    @Test
    void pullNeverWithoutALocalImageIs125AndPullsNothing() throws Exception {
        EngineCli.Result r = cli.run("run", "--rm", "--pull=never", "--tls-verify=false", image("test/busybox"), "true");
        assertEquals(125, r.exit(), r.toString());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("hostvirt: " + image("test/busybox:latest")) && r.err().contains("--pull=never"), r.err());
        assertEquals(List.of(), engine().images().list());
        assertEquals(List.of(), engine().blobs().list(), "nothing was downloaded");

        EngineCli.Result bad = cli.run("run", "--pull=sometimes", image("test/busybox"), "true");
        assertEquals(125, bad.exit(), "an engine command's bad usage is 125: " + bad);
        assertTrue(bad.err().contains("missing, always or never"), bad.err());
    }

    @Test
    void pullAlwaysAsksTheRegistryAgainAndMissingDoesNot() throws Exception {
        // Its own registry: this test moves a tag and then stops the registry.
        try (LocalRegistry own = LocalRegistry.plain(tmp.resolve("own-registry"))) {
            String moving = own.address() + "/test/moving";
            own.push("test/moving", "latest", markA);
            assertEquals(markA.manifest().digest(), ok(cli.run("pull", "-q", "--tls-verify=false", moving)).out().strip().transform(Digest::parse));
            own.push("test/moving", "latest", markB);

            boolean containers = Engine.isRoot() && (Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/crun")));
            EngineCli.Result missing = cli.run("run", "--rm", "--tls-verify=false", moving);
            assertFalse(missing.err().contains("Pulling"), missing.err());
            assertEquals(markA.manifest().digest(), engine().images().find(moving).manifest(), "missing: the stored image is used");

            EngineCli.Result always = cli.run("run", "--rm", "--pull=always", "--tls-verify=false", moving);
            assertTrue(always.err().contains("Pulling " + moving + ":latest"), always.err());
            assertEquals(markB.manifest().digest(), engine().images().find(moving).manifest(), "always: the tag moved to the new manifest");
            if (containers) {
                assertEquals("a\n", ok(missing).out());
                assertEquals("b\n", ok(always).out());
            }

            own.kill();
            EngineCli.Result offline = cli.run("run", "--rm", "--pull=always", "--tls-verify=false", moving);
            assertEquals(125, offline.exit(), "always fails the run when the registry cannot be asked: " + offline);
            assertEquals("", offline.out());
            assertTrue(offline.err().lines().anyMatch(l -> l.startsWith("hostvirt: ")), offline.err());
            EngineCli.Result local = cli.run("run", "--rm", "--tls-verify=false", moving);
            if (containers) {
                assertEquals("b\n", ok(local).out(), "missing needs no registry when the image is stored");
            }
            assertFalse(local.err().contains("Pulling"), local.err());
        }
        assertStoreConsistent();
    }

    @Test
    void aPulledImageWhoseLayerIsRefusedFailsThePullAndLeavesItsNameAsItWas() throws Exception {
        try (LocalRegistry own = LocalRegistry.plain(tmp.resolve("own-registry"))) {
            String turned = own.address() + "/test/turned";
            own.push("test/turned", "latest", markA);
            ok(cli.run("pull", "-q", "--tls-verify=false", turned));
            byte[] hostile = new dev.hostvirt.engine.TestTars().file("../escaped", "out of the root\n").bytes();
            TestImages.Image bad = runnable(List.of(rootfsGz, TestImages.gzipLayer(hostile)), List.of(rootfs, hostile), Map.of());
            own.push("test/turned", "latest", bad);

            EngineCli.Result r = cli.run("pull", "--tls-verify=false", turned);
            assertEquals(125, r.exit(), r.toString());
            assertEquals("", r.out(), "no digest: nothing was pulled");
            assertTrue(r.err().lines().anyMatch(l -> l.startsWith("hostvirt: layer refused: entry '../escaped'")), r.err());
            assertEquals(markA.manifest().digest(), engine().images().find(turned).manifest(), "the name still names the good image");

            // A store that had no such name: the refused image gets none.
            EngineCli fresh = new EngineCli(tmp.resolve("fresh"), tmp);
            EngineCli.Result first = fresh.run("pull", "-q", "--tls-verify=false", turned);
            assertEquals(125, first.exit(), first.toString());
            assertEquals(List.of(), Engine.open(tmp.resolve("fresh")).images().list());
            assertEquals(125, fresh.run("run", "--rm", "--pull=never", turned, "true").exit(), "no image to run");
            try (Stream<Path> all = Files.walk(tmp)) {
                assertEquals(List.of(), all.filter(p -> p.getFileName().toString().equals("escaped")).toList(), "nothing written outside a root");
            }
            assertStoreConsistent();

            assumeContainers();
            assertEquals("a\n", ok(cli.run("run", "--rm", "--pull=never", turned)).out(), "the good image still runs");
        }
    }

    @Test
    void aPullKilledWhileUnpackingLeavesTheNameOnTheImageItNamed() throws Exception {
        assumeTrue(Engine.isRoot(), "only root's pulls unpack");
        try (LocalRegistry own = LocalRegistry.plain(tmp.resolve("own-registry"))) {
            String app = own.address() + "/test/app";
            own.push("test/app", "latest", markA);
            ok(cli.run("pull", "-q", "--tls-verify=false", app));
            own.push("test/app", "latest", markB);
            // hostvirt pull in a JVM of its own, as at a terminal, halted (as SIGKILL) once it says it unpacks.
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), dev.hostvirt.cli.KilledWhileUnpacking.class.getName(),
                    tmp.resolve("state").toString(), tmp.toString(), "pull", "--tls-verify=false", app)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(dev.hostvirt.cli.KilledWhileUnpacking.KILLED, child.exitValue(), "died while unpacking");
            assertEquals(markA.manifest().digest(), engine().images().find(app).manifest(),
                    "the pull named the new image first: a kill then left the name on an image not unpacked");
            ok(cli.run("pull", "-q", "--tls-verify=false", app));
            assertEquals(markB.manifest().digest(), engine().images().find(app).manifest(), "a pull to its end names it");
        }
    }

    @Test
    void pullAndRunByDigest() throws Exception {
        String pinned = image("test/busybox@" + busybox.manifest().digest());
        EngineCli.Result pulled = ok(cli.run("pull", "--tls-verify=false", pinned));
        assertEquals(busybox.manifest().digest() + "\n", pulled.out());
        assertEquals(pinned, engine().images().find(pinned).ref(), "kept under its digest: no tag was asked for");
        String images = ok(cli.run("images")).out();
        assertTrue(images.lines().anyMatch(l -> l.startsWith(image("test/busybox") + " ") && l.contains(" <none> ")), images);
        assertTrue(cli.run("run", "--pull=never", image("test/busybox"), "true").err().contains("--pull=never"),
                "a digest pull does not invent the latest tag");
        ok(cli.run("pull", "-q", "--tls-verify=false", image("test/busybox")));
        ok(cli.run("image", "rm", pinned));
        assertEquals(List.of(image("test/busybox:latest")), engine().images().list().stream().map(ImageRecord::ref).toList(),
                "rm of the digest name keeps the tag name");
        assertStoreConsistent();
        ok(cli.run("pull", "-q", "--tls-verify=false", pinned));

        assumeContainers();
        assertEquals("pinned\n", ok(cli.run("run", "--rm", "--pull=never", pinned, "/bin/echo", "pinned")).out());

        // A fresh store: run by digest pulls by digest, even after the tag moved elsewhere.
        try (LocalRegistry own = LocalRegistry.plain(tmp.resolve("own-registry"))) {
            own.push("test/moving", "latest", markA);
            own.push("test/moving", "latest", markB);
            EngineCli fresh = new EngineCli(tmp.resolve("fresh"), tmp);
            String a = own.address() + "/test/moving@" + markA.manifest().digest();
            EngineCli.Result r = ok(fresh.run("run", "--rm", "--tls-verify=false", a));
            assertEquals("a\n", r.out());
            assertTrue(r.err().contains("Pulling " + a), r.err());
            // By tag, then by the same manifest's digest: found locally, not pulled again.
            ok(fresh.run("pull", "-q", "--tls-verify=false", own.address() + "/test/moving"));
            own.kill();
            String b = own.address() + "/test/moving@" + markB.manifest().digest();
            EngineCli.Result local = ok(fresh.run("run", "--rm", "--tls-verify=false", b));
            assertEquals("b\n", local.out());
            assertFalse(local.err().contains("Pulling"), local.err());
        }
    }

    @Test
    void threeFirstRunsOfOnePulledImageAtOnceAllRun() throws Exception {
        // The first run unpacks the root file system; runs racing to do it must all get one.
        assumeContainers();
        ok(cli.run("pull", "-q", "--tls-verify=false", image("test/busybox")));
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(hostvirt(i, "run", "--rm", "--pull=never", "--state-dir", tmp.resolve("state").toString(), image("test/busybox"),
                    "echo", "run" + i));
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(runs.get(i).waitFor(180, TimeUnit.SECONDS), "run " + i + " finished");
            String log = Files.readString(tmp.resolve("hostvirt" + i + ".log"));
            assertEquals(0, runs.get(i).exitValue(), log);
            assertEquals("run" + i + "\n", log);
        }
        // As root with overlayfs, one directory per layer (else one merged root), and no private unpack
        // directory left either way.
        ImageRecord pulled = engine().images().find(image("test/busybox"));
        int layers = engine().images().manifest(pulled.manifest()).layers().size();
        List<String> layerDirs = entries(tmp.resolve("state/layers"));
        if (layerDirs.isEmpty()) {
            assertEquals(1, entries(tmp.resolve("state/rootfs")).size(), "one merged root");
        } else {
            assertEquals(layers, layerDirs.size(), layerDirs.toString());
        }
        assertTrue(entries(tmp.resolve("state/layers")).stream().allMatch(n -> !n.startsWith(".")));
    }

    /** The names in a directory but the engine's own lock files; none when it does not exist. */
    private static List<String> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock")).toList();
        }
    }

    /** hostvirt in its own JVM (the engine's locks are per process), output and errors in hostvirtN.log. */
    private Process hostvirt(int n, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.hostvirt.cli.Main"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().remove("HOSTVIRT_STATE_DIR");
        return pb.redirectErrorStream(true).redirectOutput(tmp.resolve("hostvirt" + n + ".log").toFile()).start();
    }

    @Test
    void twoHostvirtProcessesPullingIntoOneEngineStoreLeaveItConsistent() throws Exception {
        // Two real JVMs (the engine's index lock is per process), one engine state directory.
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> pulls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), "dev.hostvirt.cli.Main",
                    "pull", "--tls-verify=false", "--state-dir", tmp.resolve("state").toString(), image("test/big:1"));
                pb.environment().remove("HOSTVIRT_STATE_DIR");
            pb.redirectErrorStream(true).redirectOutput(tmp.resolve("pull" + i + ".log").toFile());
            pulls.add(pb.start());
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(pulls.get(i).waitFor(180, TimeUnit.SECONDS), "pull " + i + " finished");
            String log = Files.readString(tmp.resolve("pull" + i + ".log"));
            assertEquals(0, pulls.get(i).exitValue(), log);
            assertTrue(log.contains(big.manifest().digest().toString()), log);
        }
        assertStoreConsistent();
        List<ImageRecord> all = engine().images().list();
        assertEquals(1, all.size(), "one name, recorded once: " + all);
        assertEquals(image("test/big:1"), all.get(0).ref());
        assertEquals(big.manifest().digest(), all.get(0).manifest());
        for (TestImages.Blob b : big.blobs()) {
            assertTrue(engine().blobs().has(b.digest()), b.digest().toString());
        }
        assertEquals(2, ok(cli.run("images")).out().lines().count(), "a header and one image");

        assumeContainers();
        EngineCli.Result r = ok(cli.run("run", "--rm", "--pull=never", image("test/big:1"), "sh", "-c", "wc -c < /data/random.bin"));
        assertEquals(String.valueOf(12 << 20), r.out().strip(), "the last layer's file, unpacked from the pulled blobs");
    }
}
