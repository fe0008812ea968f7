package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.engine.TestImages;
import dev.hostvirt.engine.TestImages.Image;
import dev.hostvirt.engine.TestImages.Packing;
import dev.hostvirt.engine.TestTars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** image import / images / image rm through the CLI, including a hostile image end to end. */
class ImageCommandsTest {
    @TempDir
    Path tmp;

    private static Image image(byte[]... layers) {
        return new Image(List.of(layers), Map.of("Cmd", List.of("sh")));
    }

    @Test
    void importListAndRemove() throws IOException {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        Path layout = TestImages.ociLayout(tmp.resolve("oci"), null, image(new TestTars().file("etc/hello", "hi").bytes()), Packing.GZIP);
        EngineCli.Result noName = cli.run("image", "import", "oci");
        assertEquals(125, noName.exit(), noName.toString());
        assertTrue(noName.err().startsWith("hostvirt: ") && noName.err().contains("--name"), noName.err());
        String digest = "@sha256:" + "0".repeat(64);
        for (String withDigest : List.of("localhost/hello" + digest, "localhost/hello:1" + digest)) {
            EngineCli.Result refused = cli.run("image", "import", layout.toString(), "--name", withDigest);
            assertEquals(125, refused.exit(), "a digest was dropped without a word: " + refused);
            assertTrue(refused.err().contains("has a digest"), refused.err());
        }
        assertEquals("", cli.run("images", "-q").out(), "nothing imported");
        EngineCli.Result imported = cli.run("image", "import", layout.toString(), "--name", "localhost/hello:1");
        assertEquals(0, imported.exit(), imported.toString());
        assertTrue(imported.out().startsWith("Imported localhost/hello:1 (image ID "), imported.out());
        EngineCli.Result list = cli.run("images");
        assertTrue(list.out().contains("localhost/hello") && list.out().contains(" 1 "), list.out());
        assertEquals(cli.run("image", "ls").out(), list.out());
        assertEquals(0, cli.run("image", "import", layout.toString(), "--name", "localhost/hello:2").exit());
        String id = cli.run("images", "-q").out().lines().findFirst().orElseThrow();
        assertEquals(id + "\n", cli.run("images", "-q").out(), "one image of two names: its ID once, as podman");
        assertEquals(id + "\n", cli.run("images", "-aq").out(), "-a taken, for podman's rmi $(images -aq)");
        assertEquals(3, cli.run("images", "localhost/hello").out().lines().count(), "a repository: every tag of it");
        String one = cli.run("image", "ls", "localhost/hello:2").out();
        assertTrue(one.contains(" 2 ") && !one.contains(" 1 ") && one.lines().count() == 2, one);
        assertEquals(1, cli.run("images", "docker.io/library/other").out().lines().count(), "none: the header alone");
        assertEquals(125, cli.run("images", "Not A Name").exit());
        EngineCli.Result both = cli.run("image", "rm", id);
        assertEquals(125, both.exit(), "an ID of two names wants -f, as podman: " + both);
        assertTrue(both.err().contains("2 names"), both.err());
        assertEquals(0, cli.run("image", "rm", "localhost/hello:2").exit(), "by name: that name only");
        assertEquals(0, cli.run("image", "rm", id).exit(), "one name left: the ID removes it");
        assertFalse(cli.run("images").out().contains("localhost/hello"));
        assertEquals(0, cli.run("image", "import", layout.toString(), "--name", "localhost/hello:1").exit());
        assertEquals(0, cli.run("image", "import", layout.toString(), "--name", "localhost/hello:3").exit());
        assertEquals(0, cli.run("image", "rm", "-f", id).exit(), "-f: every name");
        assertEquals("", cli.run("images", "-q").out());
        assertEquals(0, cli.run("image", "import", layout.toString(), "--name", "localhost/hello:1").exit());
        assertEquals(0, cli.run("image", "rm", "localhost/hello:1").exit());
        assertFalse(cli.run("images").out().contains("localhost/hello"));
        assertEquals(1, cli.run("image", "rm", "localhost/hello:1").exit(), "no such image: podman's 1");
        assertEquals(0, cli.run("image", "rm", "-f", "localhost/hello:1").exit(), "-f: a missing one is skipped");
        assertEquals(0, cli.run("image", "import", layout.toString(), "--name", "localhost/hello:1").exit());
        EngineCli.Result oneMissing = cli.run("image", "rm", "localhost/absent:1", "localhost/hello:1");
        assertEquals(1, oneMissing.exit(), oneMissing.toString());
        assertTrue(oneMissing.err().contains("localhost/absent:1"), oneMissing.err());
        assertFalse(cli.run("images").out().contains("localhost/hello"), "the one there goes all the same, as podman");
        assertEquals(0, cli.run("image", "import", layout.toString(), "--name", "localhost/hello:1").exit());
        assertEquals(0, cli.run("image", "rm", "localhost/hello:1", id).exit(), "the ID of an image just removed: done");
        assertEquals(125, cli.run("image", "import", "no-such-file.tar").exit());
        EngineCli.Result device = cli.run("image", "import", "/dev/null");
        assertEquals(125, device.exit());
        assertTrue(device.err().contains("neither a file nor a directory"), "it said 'no such file': " + device.err());
        java.nio.file.Files.write(tmp.resolve("truncated.tar"), java.util.Arrays.copyOf(
                java.nio.file.Files.readAllBytes(TestImages.dockerArchive(tmp.resolve("whole.tar"), List.of("localhost/w:1"),
                        image(new TestTars().file("etc/w", "w").bytes()))), 700));
        EngineCli.Result truncated = cli.run("image", "import", "truncated.tar");
        assertEquals(125, truncated.exit(), "the user's input, not an internal error: " + truncated);
        assertEquals(1, truncated.err().lines().count(), truncated.err());
        Path badJson = java.nio.file.Files.createDirectories(tmp.resolve("bad-layout"));
        java.nio.file.Files.writeString(badJson.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        java.nio.file.Files.writeString(badJson.resolve("index.json"), "{");
        EngineCli.Result json = cli.run("image", "import", "bad-layout", "--name", "localhost/j:1");
        assertEquals(125, json.exit(), json.toString());
        assertEquals(1, json.err().lines().count(), json.err());
        assertEquals(125, cli.run("image", "import", layout.toString(), "--name", "Bad Name").exit());
        assertEquals(125, cli.run("image", "import", layout.toString(), "--platform", "linux").exit());
        EngineCli.Result typo = cli.run("run", "--no-such-flag", "busybox");
        assertEquals(125, typo.exit(), "bad usage of an engine command is 125, as with podman: " + typo);
        assertTrue(typo.err().contains("Run 'hostvirt run --help'"), typo.err());
        assertEquals(125, cli.run("image").exit());
        assertEquals(125, cli.run("run", "--name", "bad name", "busybox").exit());
        assertEquals(125, cli.run("run", "--hostname", "evil\n1.2.3.4 bank", "busybox").exit());
        assertEquals(125, cli.run("run", "-v", "relative-only", "busybox").exit());
        assertEquals(125, cli.run("run", "-w", "relative", "busybox").exit());
        assertEquals(125, cli.run("run", "--network", "bridge", "busybox").exit());
        assertEquals(125, cli.run("run", "--memory", "lots", "busybox").exit());
    }

    @Test
    void noCommandTakesANameWrittenAsAnImageId() throws IOException {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        Path layout = TestImages.ociLayout(tmp.resolve("oci"), null, image(new TestTars().file("etc/hello", "hi").bytes()), Packing.GZIP);
        assertEquals(0, cli.run("image", "import", layout.toString(), "--name", "localhost/hello:1").exit());
        String id = cli.run("images", "-q", "--no-trunc").out().strip();
        for (String name : List.of(id, "sha256:0123", id.substring(7))) {
            EngineCli.Result named = cli.run("image", "import", layout.toString(), "--name", name);
            assertEquals(125, named.exit(), named.toString());
            assertEquals(1, named.err().lines().count(), named.err());
            EngineCli.Result pulled = cli.run("pull", name);
            assertEquals(125, pulled.exit(), pulled.toString());
            assertEquals(1, pulled.err().lines().count(), pulled.err());
        }
        String unknown = "sha256:" + "e".repeat(64);
        EngineCli.Result run = cli.run("run", "--rm", unknown, "true");
        assertEquals(125, run.exit(), run.toString());
        assertTrue(run.err().contains("image not known: " + unknown), "no pull of docker.io/library/sha256: " + run.err());
        assertEquals(2, cli.run("images", id).out().lines().count(), "images ID: that image");
        assertEquals(1, cli.run("images", unknown).out().lines().count(), "none: the header alone");
    }

    @Test
    void imageRmWhileAnotherProcessStoresBlobsKeepsThemUntilTheNextRm() throws Exception {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        for (String n : List.of("a", "b")) {
            Path layout = TestImages.ociLayout(tmp.resolve(n), null, image(new TestTars().file("etc/" + n, n).bytes()), Packing.GZIP);
            assertEquals(0, cli.run("image", "import", layout.toString(), "--name", "localhost/" + n + ":1").exit());
        }
        Path blobs = tmp.resolve("state/content/blobs/sha256");
        int stored = blobs.toFile().list().length;
        // A real second process, as a pull would be (POSIX locks are per process).
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.hostvirt.engine.store.WritingClaimHolder",
                tmp.resolve("state/content").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            assertEquals("claimed", new java.io.BufferedReader(new java.io.InputStreamReader(writer.getInputStream())).readLine());
            EngineCli.Result rm = cli.run("image", "rm", "localhost/a:1");
            assertEquals(0, rm.exit(), rm.toString());
            assertTrue(rm.out().contains("Untagged: localhost/a:1"), rm.toString());
            assertTrue(rm.err().contains("unused blobs are kept for now"), rm.toString());
            assertEquals(stored, blobs.toFile().list().length);
        } finally {
            writer.getOutputStream().close();
            assertTrue(writer.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        }
        EngineCli.Result rm = cli.run("image", "rm", "localhost/b:1");
        assertEquals(0, rm.exit(), rm.toString());
        assertEquals("", rm.err());
        assertTrue(rm.out().matches("Untagged: localhost/b:1\nDeleted: [0-9a-f]{64}\n"), "its last name: the image goes, as podman says: " + rm.out());
        assertEquals(0, blobs.toFile().list().length, "a's blobs went with b's");
    }

    @Test
    void importingAnImageForAnotherArchitectureWarns() throws IOException {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        Image arm = new Image(List.of(new TestTars().file("a", "a").bytes()), Map.of(), "arm64");
        Path layout = TestImages.ociLayout(tmp.resolve("arm"), "docker.io/library/armonly:1", arm, Packing.GZIP);
        EngineCli.Result r = cli.run("image", "import", layout.toString(), "--platform", "linux/amd64");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("built for linux/arm64, not linux/amd64"), r.err());
        assertEquals("hostvirt: warning: ", r.err().substring(0, 19), "no progress without a terminal: " + r.err());
        // At a terminal the progress line is taken away before the warning, and before the result.
        EngineCli.Result t = cli.runOnTerminal("image", "import", layout.toString(), "--platform", "linux/amd64");
        assertEquals(0, t.exit(), t.toString());
        String erase = "\r\u001b[2K";
        assertTrue(t.err().contains("Storing"), t.err());
        assertTrue(t.err().contains(erase + "hostvirt: warning: docker.io/library/armonly:1 is built for linux/arm64"), t.err());
        assertEquals("", t.err().substring(t.err().lastIndexOf('\n') + 1).replace(erase, ""), "nothing left drawn: " + t.err());
        assertEquals(r.out(), t.out());
    }

    @Test
    void platformsAreNormalizedAsPullNormalizesThemAndAnotherOsWarnsAsAnotherArchitecture() throws IOException {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        Image arm = new Image(List.of(new TestTars().file("a", "arm64").bytes()), Map.of(), "arm64");
        Image amd = new Image(List.of(new TestTars().file("a", "amd64").bytes()), Map.of(), "amd64");
        Path multi = TestImages.multiPlatformLayout(tmp.resolve("multi"), "localhost/multi:1", List.of(arm, amd), Packing.GZIP);
        for (String typed : List.of("linux/arm64/v8", "linux/aarch64", "LINUX/arm64")) {
            EngineCli.Result r = cli.run("image", "import", multi.toString(), "--platform", typed, "--name", "localhost/a:1");
            assertEquals(0, r.exit(), typed + ": " + r);
            assertEquals("", r.err(), typed + ": the arm64 image, no warning: " + r.err());
        }
        EngineCli.Result amd64 = cli.run("image", "import", multi.toString(), "--platform", "Linux/AMD64/v1", "--name", "localhost/b:1");
        assertEquals(0, amd64.exit(), amd64.toString());
        assertEquals("", amd64.err());
        Path single = TestImages.ociLayout(tmp.resolve("single"), "localhost/single:1", amd, Packing.GZIP);
        EngineCli.Result windows = cli.run("image", "import", single.toString(), "--platform", "windows/amd64");
        assertEquals(0, windows.exit(), windows.toString());
        assertTrue(windows.err().contains("is built for linux/amd64, not windows/amd64"), windows.err());
    }

    @Test
    void aLayerThatCannotBeUnpackedIsNamedAndAFullStoreIsSaidToBeFull() throws IOException {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        byte[] loop = new TestTars().symlink("a", "b").symlink("b", "a").file("a/x", "x").bytes();
        Path layout = TestImages.ociLayout(tmp.resolve("loop"), "localhost/loop:1", image(loop), Packing.GZIP);
        EngineCli.Result r = cli.run("image", "import", layout.toString());
        assertEquals(125, r.exit(), r.toString());
        assertTrue(r.err().startsWith("hostvirt: cannot unpack localhost/loop:1: "), "it said 'cannot read the archive': " + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(ImageCommands.outOfSpace(new java.io.UncheckedIOException(
                new java.nio.file.FileSystemException("/s/content/blobs/x", null, "No space left on device"))));
        assertFalse(ImageCommands.outOfSpace(new java.io.EOFException("Unexpected end of ZLIB input stream")));
    }

    /**
     * A full store on a system whose C library speaks Spanish: the JDK words ENOSPC as strerror does,
     * "No queda espacio en el dispositivo", which the English match missed. A real full tmpfs, a real
     * es_ES locale (localedef into the test's directory) and hostvirt in a JVM of its own.
     */
    @Test
    void aFullStoreIsSaidToBeFullInTheSystemsOwnLanguage() throws Exception {
        assumeTrue(dev.hostvirt.engine.Engine.isRoot(), "mounts a tmpfs");
        Path locales = Files.createDirectories(tmp.resolve("locales"));
        Process def = new ProcessBuilder("localedef", "-i", "es_ES", "-f", "UTF-8", locales.resolve("es_ES.UTF-8").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(def.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && Files.isDirectory(locales.resolve("es_ES.UTF-8")),
                "localedef (Debian's locales, in linux/test-packages.txt) made es_ES.UTF-8");
        Path small = Files.createDirectories(tmp.resolve("small"));
        assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString()).start().waitFor());
        try {
            byte[] big = new byte[600_000];
            new java.util.Random(7).nextBytes(big); // incompressible: the layer blob alone does not fit
            Path layout = TestImages.ociLayout(tmp.resolve("big"), "localhost/big:1", image(new TestTars().file("big", big, 0644, 0, 0).bytes()),
                    Packing.GZIP);
            ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "image", "import", layout.toString());
            pb.environment().put("HOSTVIRT_STATE_DIR", small.resolve("state").toString());
            pb.environment().put("LOCPATH", locales.toString());
            pb.environment().put("LC_ALL", "es_ES.UTF-8");
            Path err = tmp.resolve("full.err");
            Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
            String said = Files.readString(err);
            assertEquals(125, p.exitValue(), said);
            assertTrue(said.startsWith("hostvirt: el almacén de imágenes ") && said.contains("se ha quedado sin espacio"), said);
            assertEquals(1, said.lines().count(), said);
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    @Test
    void spanishMessages() throws IOException {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        Path layout = TestImages.ociLayout(tmp.resolve("oci"), "docker.io/library/x:1", image(new TestTars().file("a", "a").bytes()), Packing.PLAIN);
        assertTrue(dev.hostvirt.i18n.Messages.forLanguage("es").get("engine.image.imported", "x", "y").startsWith("Importada"));
        assertEquals(0, cli.run("image", "import", layout.toString()).exit());
    }

    @Test
    void removingAnImageKeepsWhatALivingContainerOfAReplacedImageRunsOn() throws IOException {
        assumeTrue(dev.hostvirt.engine.Engine.isRoot() && TestImages.busyboxAvailable(), "real containers need root and busybox-static");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc"))
                || Files.isExecutable(Path.of("/usr/bin/crun")), "needs runc or crun (linux/packages.txt)");
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        byte[] busybox = TestImages.busyboxLayer();
        Image first = new Image(List.of(busybox, new TestTars().file("etc/version", "first\n").bytes()), Map.of("Cmd", List.of("sh")));
        Image second = new Image(List.of(busybox, new TestTars().file("etc/version", "second\n").bytes()), Map.of("Cmd", List.of("sh")));
        assertEquals(0, cli.run("image", "import", TestImages.ociLayout(tmp.resolve("a"), "localhost/app:1", first, Packing.GZIP).toString()).exit());
        EngineCli.Result started = cli.run("run", "-d", "--name", "living", "localhost/app:1", "sleep", "60");
        assertEquals(0, started.exit(), started.toString());
        try {
            // The same name now names another image: the container's own image has no record any more.
            assertEquals(0, cli.run("image", "import", TestImages.ociLayout(tmp.resolve("b"), "localhost/app:1", second, Packing.GZIP).toString()).exit());
            assertEquals(0, cli.run("image", "import", TestImages.ociLayout(tmp.resolve("c"), "localhost/other:1",
                    image(new TestTars().file("x", "x").bytes()), Packing.GZIP).toString()).exit());
            EngineCli.Result removed = cli.run("image", "rm", "localhost/other:1");
            assertEquals(0, removed.exit(), removed.toString());
            EngineCli.Result read = cli.run("exec", "living", "cat", "/etc/version");
            assertEquals("first\n", read.out(), "the living container still has its files: " + read);
        } finally {
            cli.run("rm", "-f", "living");
        }
    }

    @Test
    void whatNoImageNamesIsNotKeptAfterAnImportWhetherItSucceededOrNot() throws Exception {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        dev.hostvirt.engine.Engine engine = dev.hostvirt.engine.Engine.open(tmp.resolve("state"));
        // A complete layer of an interrupted pull: unnamed, and a retry resumes from it. Not this import's.
        dev.hostvirt.engine.store.Digest pulled = engine.blobs().put("a layer a pull stored".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // A docker archive's VERSION and <id>/json are read but named by no image.
        Path tar = TestImages.dockerArchive(tmp.resolve("d.tar"), List.of("example/app:1.0"), image(new TestTars().file("etc/d", "d").bytes()));
        assertEquals(0, cli.run("image", "import", tar.toString()).exit());
        var got = engine.images().list().get(0);
        java.util.Set<dev.hostvirt.engine.store.Digest> named = new java.util.HashSet<>(List.of(got.manifest(), got.config(), pulled));
        engine.images().manifest(got.manifest()).layers().forEach(l -> named.add(l.digest()));
        assertEquals(named, new java.util.HashSet<>(engine.blobs().list()), "the image's own blobs, and the pull's left alone");

        // Cut short: what was stored before the end goes again.
        byte[] whole = Files.readAllBytes(TestImages.dockerArchive(tmp.resolve("e.tar"), List.of("example/other:1"),
                image(new TestTars().file("etc/e", "e").bytes())));
        Path truncated = Files.write(tmp.resolve("truncated.tar"), java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        EngineCli.Result r = cli.run("image", "import", truncated.toString());
        assertEquals(125, r.exit(), r.toString());
        assertEquals(named, new java.util.HashSet<>(engine.blobs().list()), "nothing of the truncated archive");
    }

    @Test
    void imageInspectShowsImagesAsPodmanDoes() throws Exception {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        Path tar = TestImages.dockerArchive(tmp.resolve("d.tar"), List.of("example/app:1.0", "example/app:latest"),
                image(new TestTars().file("etc/d", "d").bytes()));
        assertEquals(0, cli.run("image", "import", tar.toString()).exit());
        EngineCli.Result r = cli.run("image", "inspect", "example/app:1.0");
        assertEquals(0, r.exit(), r.toString());
        com.fasterxml.jackson.databind.JsonNode all = dev.hostvirt.engine.Json.read(r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1, all.size());
        com.fasterxml.jackson.databind.JsonNode img = all.get(0);
        assertEquals(cli.run("images", "-q").out().strip(), img.path("Id").asText().substring(0, 12));
        assertEquals("[\"docker.io/example/app:1.0\",\"docker.io/example/app:latest\"]", img.path("RepoTags").toString());
        assertEquals(1, img.path("RepoDigests").size(), "one manifest, one digest: " + img);
        assertEquals("linux", img.path("Os").asText());
        assertEquals(1, img.path("RootFS").path("Layers").size());
        assertEquals(125, cli.run("image", "inspect", "-f", "{{.Config.Volumes | json}}", "example/app:1.0").exit(), "no pipelines");
        assertEquals("[]\n", cli.run("image", "inspect", "-f", "{{.Config.Entrypoint}}", "example/app:1.0").out(), "podman's zero value");
        EngineCli.Result missing = cli.run("image", "inspect", "example/app:1.0", "nosuch");
        assertEquals(125, missing.exit());
        assertEquals(1, dev.hostvirt.engine.Json.read(missing.out().getBytes(java.nio.charset.StandardCharsets.UTF_8)).size());
        assertTrue(missing.err().startsWith("hostvirt: image not known: nosuch"), missing.err());
    }

    /** Imports a small good image under {@code name}; its ID. */
    private String importGood(EngineCli cli, String name) throws IOException {
        Path good = TestImages.ociLayout(tmp.resolve("good"), null, image(new TestTars().file("etc/good", "g").bytes()), Packing.GZIP);
        assertEquals(0, cli.run("image", "import", good.toString(), "--name", name).exit());
        return cli.run("images", "-q").out().strip();
    }

    @Test
    void aRefusedImportLeavesEveryNameAsItWas() throws IOException {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        String goodId = importGood(cli, "localhost/victim:1");
        byte[] climbing = new TestTars().file("../../outside/climbed", "x").bytes();
        Path evil = TestImages.dockerArchive(tmp.resolve("evil.tar"), List.of("localhost/victim:1", "localhost/fresh:1"), image(climbing));
        EngineCli.Result refused = cli.run("image", "import", evil.toString());
        assertEquals(125, refused.exit(), refused.toString());
        String images = cli.run("images").out();
        assertTrue(images.contains("localhost/victim") && images.contains(goodId), "the name still names the good image: " + images);
        assertFalse(images.contains("localhost/fresh"), "a new name of the refused image goes: " + images);
        assertEquals(goodId, cli.run("images", "-q").out().strip());
    }

    @Test
    void aReimportKilledWhileUnpackingLeavesTheNameOnTheImageItNamed() throws Exception {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        String goodId = importGood(cli, "localhost/app:1");
        // One layer: the bottom one is written without a mount, so the dead import leaves none behind.
        Path next = TestImages.ociLayout(tmp.resolve("next"), null, image(new TestTars().file("etc/next", "n").bytes()), Packing.GZIP);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), KilledWhileUnpacking.class.getName(), tmp.resolve("state").toString(),
                tmp.toString(), "image", "import", next.toString(), "--name", "localhost/app:1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(KilledWhileUnpacking.KILLED, child.exitValue(), "died while unpacking");
        assertEquals(goodId, cli.run("images", "-q").out().strip(), "the name moved before the unpack, and the good image lost it");
        assertEquals("localhost/app:1", cli.run("images", "--format", "{{.Repository}}:{{.Tag}}").out().strip());
        // The import run again, to its end, moves the name.
        assertEquals(0, cli.run("image", "import", next.toString(), "--name", "localhost/app:1").exit());
        assertFalse(goodId.equals(cli.run("images", "-q").out().strip()));
    }

    @Test
    void aHostileImageIsRefusedEndToEndAndNothingAppearsOutsideTheStateDirectory() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path state = tmp.resolve("state");
        EngineCli cli = new EngineCli(state, tmp);
        byte[] planted = new TestTars().symlink("escape", outside.toString()).file("escape/owned", "x").bytes();
        byte[] climbing = new TestTars().file("../../outside/climbed", "x").bytes();
        byte[] devLink = new TestTars().symlink("dev", "/dev").bytes();
        TreeSet<String> before = listing(tmp, state);
        Path a = TestImages.dockerArchive(tmp.resolve("a.tar"), List.of("evil/planted:1"), image(planted));
        assertEquals(0, cli.run("image", "import", a.toString()).exit(), "contained: the symlink resolves inside the root");
        for (byte[] layer : List.of(climbing, devLink)) {
            Path t = TestImages.dockerArchive(tmp.resolve("e.tar"), List.of("evil/refused:1"), image(layer));
            EngineCli.Result r = cli.run("image", "import", t.toString());
            assertEquals(125, r.exit(), r.toString());
            assertTrue(r.err().contains("layer refused"), r.err());
            Files.delete(t);
        }
        Files.delete(a);
        assertEquals(before, listing(tmp, state), "nothing appeared outside the state directory");
        // The planted image's one layer (as root with overlayfs, else its merged root), and nothing of
        // the refused ones, not even a private unpack directory.
        List<String> unpacked = new java.util.ArrayList<>();
        for (String d : List.of("layers", "rootfs")) {
            if (Files.isDirectory(state.resolve(d))) {
                try (Stream<Path> s = Files.list(state.resolve(d))) {
                    s.map(p -> d + "/" + p.getFileName()).filter(n -> !n.endsWith("/.lock")).forEach(unpacked::add);
                }
            }
        }
        assertEquals(1, unpacked.size(), "refused images leave nothing unpacked: " + unpacked);
    }

    private static TreeSet<String> listing(Path base, Path skip) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.walk(base)) {
            s.filter(p -> !p.startsWith(skip)).forEach(p -> out.add(base.relativize(p).toString()));
        }
        return out;
    }
}
