package dev.hostvirt.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.TestImages;
import dev.hostvirt.engine.TestImages.Image;
import dev.hostvirt.engine.TestImages.Packing;
import dev.hostvirt.engine.TestTars;
import dev.hostvirt.engine.store.ContentStore;
import dev.hostvirt.engine.store.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageImporterTest {
    @TempDir
    Path tmp;
    Engine engine;
    ImageImporter importer;
    static final Platform AMD64 = new Platform("linux", "amd64", "");

    @BeforeEach
    void setUp() {
        engine = Engine.open(tmp.resolve("state"));
        importer = new ImageImporter(engine.images());
    }

    static Image small(String marker) {
        byte[] base = new TestTars().dir("etc").file("etc/os-release", "ID=test\n").bytes();
        byte[] top = new TestTars().file("etc/marker", marker).file("etc/.wh.os-release", "").bytes();
        return new Image(List.of(base, top), Map.of("Cmd", List.of("sh"), "Env", List.of("A=1")));
    }

    private Path rootfsOf(ImageRecord r) throws IOException {
        return engine.rootfs().prepare(r, w -> { });
    }

    @Test
    void registeringTheSameImageAgainLeavesTheIndexAloneAndANewOneReplacesIt() throws IOException {
        ImageRecord first = importer.importFrom(TestImages.ociLayout(tmp.resolve("a"), "example.org/app:1", small("one"),
                Packing.GZIP), null, AMD64).get(0);
        Path index = tmp.resolve("state/images/index.json");
        Object identity = Files.readAttributes(index, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        engine.images().register(dev.hostvirt.engine.image.ImageRef.parse("example.org/app:1"), first.manifest());
        assertEquals(identity, Files.readAttributes(index, java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
                "an unchanged image must not rewrite the index (a new file would have a new inode)");
        ImageRecord second = importer.importFrom(TestImages.ociLayout(tmp.resolve("b"), "example.org/app:1", small("two"),
                Packing.GZIP), null, AMD64).get(0);
        assertFalse(second.manifest().equals(first.manifest()));
        assertEquals(second, engine.images().find("example.org/app:1"));
        assertEquals(1, engine.images().list().size());
    }

    @Test
    void importsAnOciLayoutDirectoryWithGzipLayersUnderItsFullName() throws IOException {
        Path layout = TestImages.ociLayout(tmp.resolve("oci"), "docker.io/library/busybox:latest", small("one"), Packing.GZIP);
        List<ImageRecord> got = importer.importFrom(layout, null, AMD64);
        assertEquals(1, got.size());
        assertEquals("docker.io/library/busybox:latest", got.get(0).ref());
        assertEquals(got.get(0), engine.images().find("busybox"));
        assertEquals(got.get(0), engine.images().find("busybox:latest"));
        assertEquals(got.get(0), engine.images().find(got.get(0).config().hex().substring(0, 8)));
        Path root = rootfsOf(got.get(0));
        assertEquals("one", Files.readString(root.resolve("etc/marker")));
        assertFalse(Files.exists(root.resolve("etc/os-release")), "the upper layer's whiteout applied");
        assertEquals(List.of("sh"), engine.images().config(got.get(0).config()).cmd());
    }

    @Test
    void importsAnOciArchiveTarWithZstdLayersAndATagOnlyRefNameNeedsName() throws IOException {
        Path layout = TestImages.ociLayout(tmp.resolve("oci"), "latest", small("z"), Packing.ZSTD);
        Path tar = TestImages.tarDirectory(layout, tmp.resolve("oci.tar"));
        HostvirtException e = assertThrows(HostvirtException.class, () -> importer.importFrom(tar, null, AMD64));
        assertTrue(e.getMessage().contains("--name"));
        ImageRecord r = importer.importFrom(tar, "localhost/zimage:v1", AMD64).get(0);
        assertEquals("localhost/zimage:v1", r.ref());
        assertEquals("z", Files.readString(rootfsOf(r).resolve("etc/marker")));
    }

    @Test
    void importsALegacyDockerSaveArchiveByItsRepoTags() throws IOException {
        Path tar = TestImages.dockerArchive(tmp.resolve("d.tar"), List.of("example/app:1.0", "example/app:latest"), small("d"));
        List<ImageRecord> got = importer.importFrom(tar, null, AMD64);
        assertEquals(2, got.size());
        assertEquals("docker.io/example/app:1.0", got.get(0).ref());
        assertEquals(got.get(0).config(), got.get(1).config());
        assertEquals("d", Files.readString(rootfsOf(got.get(0)).resolve("etc/marker")));
    }

    @Test
    void aFileGivenTwiceToGnuTarIsItsFirstCopyNotAnEmptyFile() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/tar")), "needs GNU tar");
        Path archive = TestImages.dockerArchive(tmp.resolve("d.tar"), List.of("example/twice:1"), small("twice"));
        Path dir = Files.createDirectories(tmp.resolve("unpacked"));
        assertEquals(0, new ProcessBuilder("/bin/tar", "-xf", archive.toString(), "-C", dir.toString()).inheritIO().start().waitFor());
        List<String> names = new java.util.ArrayList<>(List.of("/bin/tar", "-cf", tmp.resolve("twice.tar").toString(), "-C", dir.toString()));
        try (var files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).sorted().forEach(names::add);
        }
        names.add("manifest.json"); // stored again, as a hard link to the first copy
        assertEquals(0, new ProcessBuilder(names).inheritIO().start().waitFor());
        boolean linked = false;
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(tmp.resolve("twice.tar")))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                linked |= e.isLink() && e.getName().equals("manifest.json");
            }
        }
        assertTrue(linked, "GNU tar wrote the second copy as a hard link");
        ImageRecord r = importer.importFrom(tmp.resolve("twice.tar"), null, AMD64).get(0);
        assertEquals("docker.io/example/twice:1", r.ref());
        assertEquals("twice", Files.readString(rootfsOf(r).resolve("etc/marker")));
    }

    @Test
    void picksTheHostPlatformFromANestedMultiPlatformIndexOrTheOneAskedFor() throws IOException {
        Image amd = small("amd64");
        Image arm = new Image(small("arm64").layers(), small("arm64").config(), "arm64");
        Path layout = TestImages.multiPlatformLayout(tmp.resolve("multi"), "docker.io/library/multi:latest", List.of(arm, amd), Packing.GZIP);
        ImageRecord r = importer.importFrom(layout, null, AMD64).get(0);
        assertEquals("amd64", Files.readString(rootfsOf(r).resolve("etc/marker")));
        ImageRecord a = importer.importFrom(layout, "multi:arm", Platform.parse("linux/arm64")).get(0);
        assertEquals("arm64", engine.images().config(a.config()).architecture());
        HostvirtException e = assertThrows(HostvirtException.class, () -> importer.importFrom(layout, null, Platform.parse("linux/s390x")));
        assertTrue(e.getMessage().contains("linux/arm64"), e.getMessage());
    }

    @Test
    void aNestedIndexEntryWithoutPlatformIsTakenWhenNothingMatchesBetter() throws IOException {
        Path alone = TestImages.nestedLayout(tmp.resolve("alone"), "localhost/nested:1", List.of(), List.of(small("alone")), Packing.GZIP);
        ImageRecord r = importer.importFrom(alone, null, AMD64).get(0);
        assertEquals("alone", Files.readString(rootfsOf(r).resolve("etc/marker")));
        assertEquals(r, importer.importFrom(alone, null, Platform.parse("linux/arm64")).get(0), "the only image, whatever was asked");
        Image arm = new Image(small("arm64").layers(), small("arm64").config(), "arm64");
        Path mixed = TestImages.nestedLayout(tmp.resolve("mixed"), "localhost/mixed:1", List.of(arm), List.of(small("none")), Packing.GZIP);
        assertEquals("none", Files.readString(rootfsOf(importer.importFrom(mixed, null, AMD64).get(0)).resolve("etc/marker")));
        ImageRecord a = importer.importFrom(mixed, null, Platform.parse("linux/arm64")).get(0);
        assertEquals("arm64", engine.images().config(a.config()).architecture(), "a matching platform goes first");
        Path two = TestImages.nestedLayout(tmp.resolve("two"), "localhost/two:1", List.of(arm), List.of(small("x"), small("y")), Packing.GZIP);
        HostvirtException e = assertThrows(HostvirtException.class, () -> importer.importFrom(two, null, AMD64));
        assertTrue(e.getMessage().contains("2 images of the index say no platform"), e.getMessage());
    }

    @Test
    void aLinkToALayoutIsFollowedButNotTheLinksInsideIt() throws IOException {
        Path layout = TestImages.ociLayout(tmp.resolve("oci"), "localhost/linked:1", small("linked"), Packing.GZIP);
        Path link = Files.createSymbolicLink(tmp.resolve("link"), layout);
        assertEquals("localhost/linked:1", importer.importFrom(link, null, AMD64).get(0).ref());
        assertEquals("localhost/linked:1", importer.importFrom(Path.of(link + "/"), null, AMD64).get(0).ref());
        Path inside = TestImages.ociLayout(tmp.resolve("oci2"), "localhost/inside:1", small("inside"), Packing.GZIP);
        Path index = inside.resolve("index.json");
        Files.move(index, tmp.resolve("outside-index.json"));
        Files.createSymbolicLink(index, tmp.resolve("outside-index.json"));
        Path link2 = Files.createSymbolicLink(tmp.resolve("link2"), inside);
        assertThrows(HostvirtException.class, () -> importer.importFrom(link2, null, AMD64),
                "a link inside the layout to a file outside it is not followed");
    }

    @Test
    void theBestVariantWinsAndDefaultVariantsAreNoVariant() {
        Platform amd64 = Platform.parse("linux/amd64");
        assertEquals(0, amd64.rank(Platform.parse("linux/amd64/v1")));
        assertEquals(1, amd64.rank(Platform.parse("linux/amd64/v3")), "taken when nothing better is there, as before");
        assertEquals(-1, amd64.rank(Platform.parse("windows/amd64")));
        assertEquals(0, Platform.parse("linux/arm64/v8").rank(Platform.parse("linux/arm64")));
        assertEquals(0, Platform.parse("linux/arm64").rank(new Platform("linux", "aarch64", "v8")));
        assertEquals(0, Platform.parse("linux/arm").rank(new Platform("linux", "arm", "")), "arm's default is v7");
        assertEquals(1, Platform.parse("linux/arm/v7").rank(Platform.parse("linux/arm/v6")), "a v7 CPU runs v6");
        assertEquals(-1, Platform.parse("linux/arm/v6").rank(Platform.parse("linux/arm/v7")));
        assertEquals("linux/amd64", Platform.parse("LINUX/x86_64").toString());
    }

    @Test
    void refusalsNameWhatIsWrongInTheArchive() throws IOException {
        for (String field : List.of("Config", "Layers")) {
            String item = field.equals("Config") ? "{\"Config\":\"../../etc/passwd\",\"RepoTags\":[\"x:1\"],\"Layers\":[]}"
                    : "{\"Config\":\"c.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"../../etc/passwd\"]}";
            Path tar = tmp.resolve(field + ".tar");
            Files.write(tar, new TestTars().file("c.json", "{}").file("manifest.json", "[" + item + "]").bytes());
            HostvirtException e = assertThrows(HostvirtException.class, () -> importer.importFrom(tar, null, AMD64));
            assertTrue(e.getMessage().contains("'../../etc/passwd'"), field + ": it said 'null': " + e.getMessage());
        }
        Path calledIndex = TestImages.ociLayout(tmp.resolve("called"), "localhost/called:1", small("c"), Packing.GZIP);
        Path index = calledIndex.resolve("index.json");
        Files.writeString(index, Files.readString(index).replace(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX));
        HostvirtException e = assertThrows(HostvirtException.class, () -> importer.importFrom(calledIndex, null, AMD64));
        assertTrue(e.getMessage().contains("is called an image index (its media type) but lists no manifests"), e.getMessage());
        Image img = small("short");
        Path shortOfALayer = TestImages.ociLayout(tmp.resolve("short"), "localhost/short:1", img, Packing.GZIP);
        Digest layer = TestImages.sha256(TestImages.pack(img.layers().get(1), Packing.GZIP));
        Files.delete(shortOfALayer.resolve("blobs/sha256/" + layer.hex()));
        e = assertThrows(HostvirtException.class, () -> importer.importFrom(shortOfALayer, null, AMD64));
        assertEquals("blob " + layer + " is missing from the archive or layout", e.getMessage());
    }

    @Test
    void anUnpackedRootIsNeverWritableByOthersWhateverTheLayerSays() throws IOException {
        // A layer whose "./" entry says 0777 must not make the shared lower root of every container of
        // the image writable by other local users; nor may they reach unpacked images at all.
        byte[] wide = new TestTars().dir("./", 0777).dir("bin").file("bin/tool", "x").bytes();
        ImageRecord r = importer.importFrom(TestImages.ociLayout(tmp.resolve("w"), "example.org/wide:1",
                new Image(List.of(wide), Map.of("Cmd", List.of("sh"))), Packing.GZIP), null, AMD64).get(0);
        Path root = rootfsOf(r);
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.getParent())));
        assertEquals("x", Files.readString(root.resolve("bin/tool")));
    }

    @Test
    void aDirectoryThatIsNoImageIsRefusedBeforeAnythingIsStored() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs/sub"));
        Files.writeString(docs.resolve("readme.txt"), "not an image");
        HostvirtException e = assertThrows(HostvirtException.class, () -> importer.importFrom(tmp.resolve("docs"), null, AMD64));
        assertTrue(e.getMessage().contains("neither"), e.getMessage());
        assertEquals(List.of(), engine.blobs().list(), "every file of it used to be stored first");
    }

    @Test
    void anArchiveWhoseSecondImageIsBrokenNamesNeitherOfThem() throws IOException {
        Path layout = TestImages.ociLayout(tmp.resolve("two"), "example.org/good:1", small("good"), Packing.GZIP);
        // The second image's config lists two diff_ids, its manifest one layer.
        Image bad = small("bad");
        byte[] config = TestImages.configJson(bad);
        byte[] layer = TestImages.pack(bad.layers().get(0), Packing.GZIP);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + TestImages.sha256(config) + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"x\",\"digest\":\"" + TestImages.sha256(layer) + "\",\"size\":" + layer.length
                + "}]}").getBytes();
        for (byte[] b : List.of(config, layer, manifest)) {
            Files.write(layout.resolve("blobs/sha256/" + TestImages.sha256(b).hex()), b);
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var index = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(layout.resolve("index.json").toFile());
        var second = index.withArray("manifests").addObject();
        second.put("mediaType", MediaTypes.OCI_MANIFEST).put("digest", TestImages.sha256(manifest).toString()).put("size", manifest.length);
        second.putObject("annotations").put("org.opencontainers.image.ref.name", "example.org/bad:1");
        json.writeValue(layout.resolve("index.json").toFile(), index);

        HostvirtException e = assertThrows(HostvirtException.class, () -> importer.importFrom(layout, null, AMD64));
        assertTrue(e.getMessage().contains("diff_ids"), e.getMessage());
        assertEquals(List.of(), engine.images().list(), "all or nothing: the good first image was named before");
    }

    @Test
    void aTamperedBlobFailsTheImportAndNamesNothing() throws IOException {
        Path layout = TestImages.ociLayout(tmp.resolve("oci"), "docker.io/library/bad:latest", small("x"), Packing.GZIP);
        try (var s = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.size(p) > 100 && Files.readAllBytes(p)[0] == 0x1f) {
                    Files.write(p, TestImages.pack(new TestTars().file("evil", "e").bytes(), Packing.GZIP));
                    break;
                }
            }
        }
        HostvirtException e = assertThrows(HostvirtException.class, () -> importer.importFrom(layout, null, AMD64));
        assertTrue(e.getMessage().contains("digest"), e.getMessage());
        assertTrue(engine.images().list().isEmpty());
    }

    @Test
    void aDescriptorWhoseSizeIsNotItsBlobsIsRefused() throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (long lie : new long[] {1, -5, 1L << 62}) {
            Path layout = TestImages.ociLayout(tmp.resolve("size" + lie), "docker.io/library/sized:1", small("s"), Packing.GZIP);
            var index = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(layout.resolve("index.json").toFile());
            var manifestDescriptor = (com.fasterxml.jackson.databind.node.ObjectNode) index.withArray("manifests").get(0);
            Path manifestBlob = layout.resolve("blobs/sha256/" + manifestDescriptor.path("digest").asText().substring(7));
            var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(manifestBlob.toFile());
            ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.withArray("layers").get(0)).put("size", lie);
            byte[] lying = json.writeValueAsBytes(manifest);
            Files.write(layout.resolve("blobs/sha256/" + TestImages.sha256(lying).hex()), lying);
            manifestDescriptor.put("digest", TestImages.sha256(lying).toString()).put("size", lying.length);
            json.writeValue(layout.resolve("index.json").toFile(), index);
            HostvirtException e = assertThrows(HostvirtException.class, () -> importer.importFrom(layout, null, AMD64), "layer " + lie);
            assertEquals(125, e.exitCode());
            assertTrue(e.getMessage().contains("its descriptor says"), e.getMessage());

            manifestDescriptor.put("size", lying.length + 1); // the manifest's own descriptor lies too
            json.writeValue(layout.resolve("index.json").toFile(), index);
            assertThrows(HostvirtException.class, () -> importer.importFrom(layout, null, AMD64), "manifest");
        }
        assertTrue(engine.images().list().isEmpty());
    }

    @Test
    void anIndexTooLargeToBeOneIsSaidToBe() throws IOException {
        Path layout = TestImages.ociLayout(tmp.resolve("huge-index"), "localhost/h:1", small("h"), Packing.GZIP);
        String index = Files.readString(layout.resolve("index.json"));
        Files.writeString(layout.resolve("index.json"), index.replaceFirst("\\{", "{" + " ".repeat(5 << 20)));
        HostvirtException e = assertThrows(HostvirtException.class, () -> importer.importFrom(layout, null, AMD64));
        assertEquals(125, e.exitCode());
        assertTrue(e.getMessage().startsWith("index.json is ") && e.getMessage().contains("more than the 4 MiB"),
                "it said 'neither an OCI image layout nor a docker archive': " + e.getMessage());
    }

    @Test
    void aNameWithADigestMustNameThisVeryManifest() throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        Path layout = TestImages.ociLayout(tmp.resolve("pinned"), "localhost/x:1", small("p"), Packing.GZIP);
        var index = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(layout.resolve("index.json").toFile());
        var d = (com.fasterxml.jackson.databind.node.ObjectNode) index.withArray("manifests").get(0);
        String own = d.path("digest").asText();
        d.putObject("annotations").put("org.opencontainers.image.ref.name", "localhost/x:1@sha256:" + "0".repeat(64));
        json.writeValue(layout.resolve("index.json").toFile(), index);
        HostvirtException e = assertThrows(HostvirtException.class, () -> importer.importFrom(layout, null, AMD64));
        assertTrue(e.getMessage().contains("whose digest is not that of its manifest"), "the digest was dropped: " + e.getMessage());
        assertTrue(engine.images().list().isEmpty());
        d.putObject("annotations").put("org.opencontainers.image.ref.name", "localhost/x:1@" + own);
        json.writeValue(layout.resolve("index.json").toFile(), index);
        assertEquals("localhost/x:1", importer.importFrom(layout, null, AMD64).get(0).ref(), "its own digest says nothing more");
    }

    @Test
    void aLayerWhoseDiffIdDoesNotMatchTheConfigIsNotUsed() throws IOException {
        Image good = small("x");
        Path tar = TestImages.dockerArchive(tmp.resolve("d.tar"), List.of("lying:latest"), good);
        ImageRecord r = importer.importFrom(tar, null, AMD64).get(0);
        // replace the config with one naming other diff_ids, keeping the layers
        Image lie = new Image(List.of(good.layers().get(0), new TestTars().file("other", "o").bytes()), good.config());
        Digest lyingConfig = engine.blobs().put(TestImages.configJson(lie));
        var m = engine.images().manifest(r.manifest());
        String manifest = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"" + MediaTypes.DOCKER_CONFIG + "\",\"digest\":\""
                + lyingConfig + "\",\"size\":1},\"layers\":[" + desc(m.layers().get(0)) + "," + desc(m.layers().get(1)) + "]}";
        ImageRecord liar = engine.images().register(ImageRef.parse("liar"), engine.blobs().put(manifest.getBytes()));
        HostvirtException e = assertThrows(HostvirtException.class, () -> rootfsOf(liar));
        assertTrue(e.getMessage().contains("diff") || e.getMessage().contains("config says"), e.getMessage());
        assertFalse(Files.exists(engine.rootfs().pathFor(liar)));
    }

    private static String desc(Descriptor d) {
        return "{\"mediaType\":\"" + d.mediaType() + "\",\"digest\":\"" + d.digest() + "\",\"size\":" + d.size() + "}";
    }

    @Test
    void layersAreStoredOnceAndImageRmKeepsWhatOtherImagesUse() throws IOException {
        importer.importFrom(TestImages.ociLayout(tmp.resolve("a"), "docker.io/library/a:1", small("a"), Packing.GZIP), null, AMD64);
        importer.importFrom(TestImages.ociLayout(tmp.resolve("b"), "docker.io/library/b:1", small("b"), Packing.GZIP), null, AMD64);
        int blobs = engine.blobs().list().size();
        assertEquals(2 * 3 + 1, blobs, "the shared base layer is one blob: 2 manifests, 2 configs, 3 layers");
        engine.images().remove("a:1");
        assertEquals(4, engine.blobs().list().size());
        assertEquals("b", Files.readString(rootfsOf(engine.images().find("b:1")).resolve("etc/marker")));
        assertThrows(HostvirtException.class, () -> engine.images().find("a:1"));
    }

    @Test
    void importAndUnpackSayHowFarTheyHaveReadUpToTheWhole() throws Exception {
        Path layout = TestImages.ociLayout(tmp.resolve("p"), "docker.io/library/p:1", small("p"), Packing.GZIP);
        Path archive = TestImages.tarDirectory(layout, tmp.resolve("p.tar"));
        long layoutBytes;
        try (var files = Files.walk(layout)) {
            layoutBytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        for (Path source : List.of(layout, archive)) {
            List<long[]> seen = new java.util.ArrayList<>();
            ImageRecord r = importer.importFrom(source, null, AMD64, (done, total) -> seen.add(new long[] {done, total}), image -> { }).get(0);
            long whole = source.equals(layout) ? layoutBytes : Files.size(archive);
            assertTrue(seen.size() > (source.equals(layout) ? 3 : 0), "reported as it read " + source);
            assertEquals(whole, seen.get(seen.size() - 1)[0], "read the whole of " + source);
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(whole, seen.get(i)[1]);
                assertTrue(i == 0 || seen.get(i)[0] >= seen.get(i - 1)[0], "never backwards");
            }
            // The unpack says, per layer, how much of its stored blob it has read, ending at all of it.
            java.util.Map<Integer, long[]> last = new java.util.TreeMap<>();
            engine.rootfs().prepare(r, new dev.hostvirt.engine.layer.UnpackEvents() {
                @Override
                public void warn(dev.hostvirt.i18n.Text warning) {
                }

                @Override
                public void unpacking(int layer, int layers, long done, long total) {
                    assertEquals(2, layers);
                    last.put(layer, new long[] {done, total});
                }
            });
            var m = engine.images().manifest(r.manifest());
            if (source.equals(layout)) {
                assertEquals(List.of(1, 2), List.copyOf(last.keySet()));
                for (int layer = 1; layer <= 2; layer++) {
                    long size = m.layers().get(layer - 1).size();
                    assertEquals(size, last.get(layer)[0]);
                    assertEquals(size, last.get(layer)[1]);
                }
                if (Engine.isRoot()) { // the shared layers (overlayfs) report the same way
                    last.clear();
                    try (var hold = engine.rootfs().holdLayers()) {
                        engine.rootfs().prepareLayers(r, new dev.hostvirt.engine.layer.UnpackEvents() {
                            @Override
                            public void warn(dev.hostvirt.i18n.Text warning) {
                            }

                            @Override
                            public void unpacking(int layer, int layers, long done, long total) {
                                last.put(layer, new long[] {done, total});
                            }
                        }).orElseThrow();
                    }
                    assertEquals(m.layers().get(1).size(), last.get(2)[0]);
                    assertEquals(m.layers().get(0).size(), last.get(1)[1]);
                }
            } else {
                assertEquals(List.of(), List.copyOf(last.keySet()), "the same image again: nothing to unpack");
            }
        }
    }

    @Test
    void imageRmLeavesBlobsAWriterHasNotNamedYet() throws Exception {
        importer.importFrom(TestImages.ociLayout(tmp.resolve("a"), "docker.io/library/a:1", small("a"), Packing.GZIP), null, AMD64);
        Image late = small("late");
        byte[] layer0 = TestImages.pack(late.layers().get(0), Packing.GZIP);
        byte[] layer1 = TestImages.pack(late.layers().get(1), Packing.GZIP);
        byte[] config = TestImages.configJson(late);
        byte[] manifest = manifestOf(config, layer0, layer1);
        try (ContentStore.Writing claim = engine.blobs().writing()) {
            for (byte[] b : List.of(layer0, layer1, config, manifest)) {
                engine.blobs().write(TestImages.sha256(b), b.length, new ByteArrayInputStream(b));
            }
            // A pull between storing its blobs and naming the image: they belong to no image yet.
            ImageStore.Removal removal = engine.images().remove("a:1");
            assertEquals(List.of("docker.io/library/a:1"), removal.removed().stream().map(ImageRecord::ref).toList());
            assertTrue(removal.unusedBlobsKept());
            ImageRecord r = engine.images().register(ImageRef.parse("late:1"), TestImages.sha256(manifest));
            assertEquals("late", Files.readString(rootfsOf(r).resolve("etc/marker")));
        }
        assertEquals(2 * 3 + 1, engine.blobs().list().size(), "a's blobs stayed too");
        // Once the claim is gone, the next removal deletes what no image names: a's and then late's.
        assertFalse(engine.images().remove("late:1").unusedBlobsKept());
        assertEquals(List.of(), engine.blobs().list());
    }

    @Test
    void aBlobNamingTheDiffIdOfALayerUnpackedFromAnotherBlobMustGiveItsTar() throws IOException {
        Image legit = small("legit");
        byte[] config = TestImages.configJson(legit);
        byte[] base = TestImages.pack(legit.layers().get(0), Packing.GZIP);
        ImageRecord good = importer.importFrom(layoutOf(tmp.resolve("legit"), "example.org/legit:1", config, base,
                TestImages.pack(legit.layers().get(1), Packing.GZIP)), null, AMD64).get(0);
        rootfsOf(good);
        boolean layers = layersOf(good);
        // The same config (DiffIDs), a manifest whose top layer is another tar: it was run from legit's
        // unpacked layers, unchecked, once legit had been unpacked (and refused only before).
        byte[] other = TestImages.pack(new TestTars().file("etc/marker", "liar").bytes(), Packing.GZIP);
        ImageRecord liar = importer.importFrom(layoutOf(tmp.resolve("liar"), "example.org/liar:1", config, base, other), null, AMD64).get(0);
        HostvirtException merged = assertThrows(HostvirtException.class, () -> rootfsOf(liar));
        assertTrue(merged.getMessage().contains("uncompresses to"), merged.getMessage());
        if (layers) {
            HostvirtException shared = assertThrows(HostvirtException.class, () -> layersOf(liar));
            assertTrue(shared.getMessage().contains("uncompresses to"), shared.getMessage());
        }
        assertTrue(engine.blobs().diffIds().of(TestImages.sha256(other)).isEmpty(), "a refused blob is not remembered");
        // Another compression of the same tar gives the DiffID: accepted, proved once and remembered.
        byte[] zstdTop = TestImages.pack(legit.layers().get(1), Packing.ZSTD);
        ImageRecord same = importer.importFrom(layoutOf(tmp.resolve("zstd"), "example.org/zstd:1", config, base, zstdTop), null, AMD64).get(0);
        assertEquals("legit", Files.readString(rootfsOf(same).resolve("etc/marker")));
        assertEquals(layers, layersOf(same));
        assertEquals(java.util.Optional.of(TestImages.sha256(legit.layers().get(1))), engine.blobs().diffIds().of(TestImages.sha256(zstdTop)));
    }

    /** Whether the image's shared layers could be prepared here (root and overlayfs). */
    private boolean layersOf(ImageRecord r) throws IOException {
        if (!Engine.isRoot()) {
            return false;
        }
        try (var hold = engine.rootfs().holdLayers()) {
            return engine.rootfs().prepareLayers(r, w -> { }).isPresent();
        }
    }

    /** An OCI layout of one image made of these blobs, named {@code ref}. */
    private static Path layoutOf(Path dir, String ref, byte[] config, byte[] layer0, byte[] layer1) throws IOException {
        byte[] manifest = manifestOf(config, layer0, layer1);
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        for (byte[] b : List.of(config, layer0, layer1, manifest)) {
            Files.write(blobs.resolve(TestImages.sha256(b).hex()), b);
        }
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\"" + TestImages.sha256(manifest) + "\",\"size\":" + manifest.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + ref + "\"}}]}");
        return dir;
    }

    private static byte[] manifestOf(byte[] config, byte[] layer0, byte[] layer1) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + TestImages.sha256(config) + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"x\",\"digest\":\"" + TestImages.sha256(layer0) + "\",\"size\":" + layer0.length
                + "},{\"mediaType\":\"x\",\"digest\":\"" + TestImages.sha256(layer1) + "\",\"size\":" + layer1.length + "}]}").getBytes();
    }

    @Test
    void aPullCanRegisterBlobsItWroteThroughTheContentStore() throws Exception {
        Image img = small("pulled");
        byte[] layer0 = TestImages.pack(img.layers().get(0), Packing.GZIP);
        byte[] layer1 = TestImages.pack(img.layers().get(1), Packing.GZIP);
        byte[] config = TestImages.configJson(img);
        for (byte[] b : List.of(layer0, layer1, config)) {
            engine.blobs().write(TestImages.sha256(b), b.length, new ByteArrayInputStream(b));
        }
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + TestImages.sha256(config) + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"x\",\"digest\":\"" + TestImages.sha256(layer0) + "\",\"size\":" + layer0.length
                + "},{\"mediaType\":\"x\",\"digest\":\"" + TestImages.sha256(layer1) + "\",\"size\":" + layer1.length + "}]}";
        byte[] mb = manifest.getBytes();
        engine.blobs().write(TestImages.sha256(mb), mb.length, new ByteArrayInputStream(mb));
        ImageRecord r = engine.images().register(ImageRef.parse("registry.example:5000/team/app:2"), TestImages.sha256(mb));
        assertEquals("registry.example:5000/team/app:2", r.ref());
        assertEquals("pulled", Files.readString(rootfsOf(r).resolve("etc/marker")));
        engine.blobs().delete(TestImages.sha256(layer1));
        assertThrows(HostvirtException.class, () -> engine.images().register(ImageRef.parse("x"), TestImages.sha256(mb)));
    }

    @Test
    void anArchiveCannotNameItselfAfterAnotherImagesId() throws IOException {
        ImageRecord victim = importer.importFrom(TestImages.ociLayout(tmp.resolve("v"), "example.org/victim:1", small("victim"),
                Packing.GZIP), null, AMD64).get(0);
        String id = victim.config().toString();
        for (String annotated : List.of(id, "sha256:abcd", "sha256:latest")) {
            Path impostor = TestImages.ociLayout(tmp.resolve("i" + annotated.length()), annotated, small("impostor"), Packing.GZIP);
            HostvirtException e = assertThrows(HostvirtException.class, () -> importer.importFrom(impostor, null, AMD64));
            assertTrue(e.getMessage().contains("reads as an image ID"), e.getMessage());
        }
        Path plain = TestImages.ociLayout(tmp.resolve("p"), null, small("impostor"), Packing.GZIP);
        assertThrows(HostvirtException.class, () -> importer.importFrom(plain, id, AMD64));
        Path docker = TestImages.dockerArchive(tmp.resolve("d.tar"), List.of(id), small("impostor"));
        assertThrows(HostvirtException.class, () -> importer.importFrom(docker, null, AMD64));
        assertEquals(List.of(victim), engine.images().list(), "nothing else was named");
    }

    @Test
    void aWrittenOutIdMeansThatImageEvenWhereAnOldStoreHasANameSpelledTheSame() throws IOException {
        ImageRecord victim = importer.importFrom(TestImages.ociLayout(tmp.resolve("v"), "example.org/victim:1", small("victim"),
                Packing.GZIP), null, AMD64).get(0);
        ImageRecord other = importer.importFrom(TestImages.ociLayout(tmp.resolve("o"), "example.org/other:1", small("other"),
                Packing.GZIP), null, AMD64).get(0);
        // What a store kept from before the refusal: the other image under the name "sha256:<victim's ID>".
        String id = victim.config().toString();
        engine.images().register(dev.hostvirt.engine.registry.ImageReference.parse(id), other.manifest());
        assertEquals(victim, engine.images().find(id));
        assertEquals(victim, engine.images().find(victim.config().hex()));
        assertEquals(victim, engine.images().find(id.substring(0, 19)));
        ImageStore.Removal removal = engine.images().remove(id);
        assertEquals(List.of("example.org/victim:1"), removal.removed().stream().map(ImageRecord::ref).toList());
        assertTrue(engine.images().lookup(id).isEmpty(), "the name spelled as the ID is no image of that ID");
    }

    @Test
    void referencesNormalizeLikeDocker() {
        assertEquals("docker.io/library/busybox:latest", ImageRef.parse("busybox").toString());
        assertEquals("docker.io/library/busybox:1.36", ImageRef.parse("docker.io/library/busybox:1.36").toString());
        assertEquals("docker.io/library/busybox:latest", ImageRef.parse("index.docker.io/busybox").toString());
        assertEquals("localhost:5000/a/b:latest", ImageRef.parse("localhost:5000/a/b").toString());
        assertEquals("quay.io/x/y:t", ImageRef.parse("quay.io/x/y:t@sha256:" + "a".repeat(64)).toString());
        // Docker's grammar (one with the registry client): an upper-case first component is a registry host.
        assertEquals("UPPER/case:latest", ImageRef.parse("UPPER/case").toString());
        assertThrows(HostvirtException.class, () -> ImageRef.parse("library/UPPER"));
        assertThrows(HostvirtException.class, () -> ImageRef.parse("a/../b"));
    }
}
