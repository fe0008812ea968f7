package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.TestImages;
import dev.hostvirt.engine.TestImages.Image;
import dev.hostvirt.engine.TestImages.Packing;
import dev.hostvirt.engine.TestTars;
import dev.hostvirt.engine.image.Descriptor;
import dev.hostvirt.engine.image.ImageImporter;
import dev.hostvirt.engine.image.ImageRecord;
import dev.hostvirt.engine.image.Platform;
import dev.hostvirt.engine.layer.LayerStore;
import dev.hostvirt.engine.store.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers unpacked once per ChainID and shared between images, mounted as overlay lower directories:
 * what a container sees through them (whiteouts, opaque directories, replaced files) and what
 * garbage collection keeps. Real overlay mounts: root only (CI runs as root).
 */
class SharedLayersTest {
    @TempDir
    Path tmp;
    Engine engine;
    ImageImporter importer;

    static final byte[] BASE = new TestTars().dir("etc").file("etc/os-release", "ID=base\n").file("etc/hosts.allow", "base\n")
            .dir("opt").dir("opt/app").file("opt/app/old.txt", "old\n").file("opt/app/keep.txt", "lower\n").bytes();

    @BeforeEach
    void setUp() {
        assumeTrue(Engine.isRoot(), "overlay mounts and whiteouts need root (CI runs as root)");
        engine = Engine.open(tmp.resolve("state"));
        importer = new ImageImporter(engine.images());
    }

    private ImageRecord image(String ref, byte[]... layers) throws IOException {
        Path layout = TestImages.ociLayout(tmp.resolve(ref.replace('/', '_').replace(':', '_')), ref,
                new Image(List.of(layers), Map.of("Cmd", List.of("sh"))), Packing.GZIP);
        return importer.importFrom(layout, null, new Platform("linux", "amd64", "")).get(0);
    }

    private Optional<List<Path>> layers(ImageRecord r) throws IOException {
        return engine.rootfs().prepareLayers(r, w -> { });
    }

    @Test
    void twoImagesOnOneBaseShareItsDirectoryAndSeeTheirOwnChanges() throws IOException {
        byte[] appTop = new TestTars().file("etc/.wh.hosts.allow", "").dir("opt/app").file("opt/app/.wh..wh..opq", "")
                .file("opt/app/new.txt", "new\n").file("etc/os-release", "ID=app\n").bytes();
        byte[] toolTop = new TestTars().file("usr/bin/tool", "tool\n").bytes();
        ImageRecord app = image("example.org/app:1", BASE, appTop);
        ImageRecord tool = image("example.org/tool:1", BASE, toolTop);
        List<Path> appLayers = layers(app).orElse(null);
        assumeTrue(appLayers != null, "this kernel or file system refuses overlayfs");
        List<Path> toolLayers = layers(tool).orElseThrow();
        assertEquals(2, appLayers.size());
        assertEquals(appLayers.get(1), toolLayers.get(1), "the base layer is one directory for both images");
        assertFalse(appLayers.get(0).equals(toolLayers.get(0)));
        try (Stream<Path> all = Files.list(tmp.resolve("state/layers"))) {
            assertEquals(3, all.filter(p -> !p.getFileName().toString().startsWith(".")).count(), "base + two tops, nothing else");
        }
        // The top layer holds only its changes, in overlayfs' own form.
        Path top = appLayers.get(0);
        assertTrue(isWhiteout(top.resolve("etc/hosts.allow")), "a whiteout is a 0/0 character device");
        assertEquals(List.of("keep.txt", "new.txt", "old.txt"), list(top.resolve("opt/app")));
        assertTrue(isWhiteout(top.resolve("opt/app/keep.txt")) && isWhiteout(top.resolve("opt/app/old.txt")),
                "the base's files are whited out in the top, never copied into it");
        assertEquals("new\n", Files.readString(top.resolve("opt/app/new.txt")));
        assertFalse(Files.exists(top.resolve("etc/.wh.hosts.allow"), LinkOption.NOFOLLOW_LINKS));

        Path dir = Files.createDirectories(tmp.resolve("c1"));
        assertEquals("overlay", RootfsMounter.mountLayers(appLayers, dir, () -> {
            throw new AssertionError("the layers mount: no merged root needed");
        }));
        try {
            Path root = dir.resolve("rootfs");
            assertEquals("ID=app\n", Files.readString(root.resolve("etc/os-release")));
            assertFalse(Files.exists(root.resolve("etc/hosts.allow")), "whited out by the top layer");
            assertEquals(List.of("new.txt"), list(root.resolve("opt/app")), "the opaque directory hides the base's files");
            assertTrue(Files.isDirectory(root.resolve("proc")) && Files.isDirectory(root.resolve("dev")) && Files.isDirectory(root.resolve("sys")));
            Files.writeString(root.resolve("etc/os-release"), "written by the container\n");
        } finally {
            RootfsMounter.unmountAndDelete(dir);
        }
        assertEquals("ID=base\n", Files.readString(appLayers.get(1).resolve("etc/os-release")), "the shared base is never written");
        assertEquals("ID=app\n", Files.readString(top.resolve("etc/os-release")));

        // Removing one image keeps the shared base and the other image's top.
        engine.images().remove("example.org/app:1");
        engine.rootfs().collectGarbage(engine.images().list());
        assertFalse(Files.exists(appLayers.get(0)));
        assertTrue(Files.isDirectory(toolLayers.get(0)));
        assertTrue(Files.isDirectory(toolLayers.get(1)));
    }

    @Test
    void aLayerThatLiesAboutItsDiffIdLeavesNoLayerDirectory() throws IOException {
        ImageRecord ok = image("example.org/probe:1", new TestTars().file("probe", "x").bytes());
        assumeTrue(layers(ok).isPresent(), "this kernel or file system refuses overlayfs");
        engine.images().remove("example.org/probe:1");
        engine.rootfs().collectGarbage(engine.images().list());
        ImageRecord r = image("example.org/base:1", BASE);
        Path blob = engine.images().blobs().path(engine.images().manifest(r.manifest()).layers().get(0).digest());
        byte[] other = TestImages.pack(new TestTars().file("etc/evil", "x").bytes(), Packing.GZIP);
        Files.write(blob, other); // the stored blob replaced behind the store's back
        assertTrue(assertThrowsHostvirt(() -> layers(r)).contains("uncompresses to"));
        try (Stream<Path> all = Files.list(tmp.resolve("state/layers"))) {
            assertEquals(List.of(), all.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock")).toList(),
                    "no layer directory and no temporary one");
        }
    }

    @Test
    void onlyAnUncompressedBlobNamedByItsDiffIdIsNotHashedAgain() throws IOException {
        ImageRecord ok = image("example.org/probe:1", new TestTars().file("probe", "x").bytes());
        assumeTrue(layers(ok).isPresent(), "this kernel or file system refuses overlayfs");
        Path blobs = Files.createDirectories(tmp.resolve("blobs"));
        // The bottom layer, plain: written straight into its directory, whiteouts of its own entries
        // ignored, no overlayfs leftovers (no work directory beside it).
        byte[] plain = new TestTars().dir("etc").file("etc/a", "a\n").file("etc/.wh.a", "").file("etc/.wh.gone", "").bytes();
        Digest plainDigest = TestImages.sha256(plain);
        Files.write(blobs.resolve(plainDigest.hex()), plain);
        LayerStore store = new LayerStore(tmp.resolve("layers"), d -> blobs.resolve(d.hex()),
                new dev.hostvirt.engine.store.DiffIdRecords(tmp.resolve("diffids")));
        List<Path> unpacked;
        try (LayerStore.Hold hold = store.hold()) {
            unpacked = store.prepare(List.of(descriptor(plainDigest)), List.of(plainDigest), true, w -> { }).orElseThrow();
        }
        assertEquals("a\n", Files.readString(unpacked.get(0).resolve("etc/a")));
        assertEquals(List.of("a"), list(unpacked.get(0).resolve("etc")));
        assertEquals(List.of("diff"), list(unpacked.get(0).getParent()));
        // Not hashed again: the stored bytes are trusted as they were verified when stored (the same
        // change to a compressed blob is refused: aLayerThatLiesAboutItsDiffIdLeavesNoLayerDirectory).
        byte[] changed = new TestTars().dir("etc").file("etc/b", "b\n").bytes();
        Digest second = TestImages.sha256(new TestTars().dir("etc").file("etc/c", "c\n").bytes());
        Files.write(blobs.resolve(second.hex()), changed); // stored under a digest its bytes do not have
        try (LayerStore.Hold hold = store.hold()) {
            List<Path> trusted = store.prepare(List.of(descriptor(plainDigest), descriptor(second)), List.of(plainDigest, second), true,
                    w -> { }).orElseThrow();
            assertTrue(Files.exists(trusted.get(0).resolve("etc/b")), "the store's bytes, not hashed again");
        }
        // A plain blob whose config names another DiffID is hashed, and refused.
        byte[] other = new TestTars().file("etc/evil", "x").bytes();
        Digest otherDigest = TestImages.sha256(other);
        Files.write(blobs.resolve(otherDigest.hex()), other);
        Digest claimed = TestImages.sha256(new TestTars().file("etc/good", "x").bytes());
        try (LayerStore.Hold hold = store.hold()) {
            assertTrue(assertThrowsHostvirt(() -> store.prepare(List.of(descriptor(otherDigest)), List.of(claimed), true, w -> { }))
                    .contains("uncompresses to"));
        }
        // A compressed blob whose config names its own (compressed) digest as DiffID is still hashed:
        // the tar inside is not the one that DiffID names.
        byte[] gz = TestImages.pack(new TestTars().file("etc/evil", "x").bytes(), Packing.GZIP);
        Digest gzDigest = TestImages.sha256(gz);
        Files.write(blobs.resolve(gzDigest.hex()), gz);
        try (LayerStore.Hold hold = store.hold()) {
            assertTrue(assertThrowsHostvirt(() -> store.prepare(List.of(descriptor(gzDigest)), List.of(gzDigest), true, w -> { }))
                    .contains("uncompresses to"));
        }
        try (Stream<Path> all = Files.list(tmp.resolve("layers"))) {
            assertEquals(2, all.filter(p -> !p.getFileName().toString().startsWith(".")).count(), "the two plain layers only");
        }
    }

    private static Descriptor descriptor(Digest d) {
        return new Descriptor("application/vnd.oci.image.layer.v1.tar", d, 0, null, Map.of());
    }

    @Test
    void whatAKilledUnpackLeftIsUnmountedAndSweptAndLayerRootsAreClosed() throws IOException {
        // A killed unpack: its private directory still holds a live overlay mount, and nobody its lock.
        Path layersDir = Files.createDirectories(tmp.resolve("state/layers"));
        Path left = Files.createDirectories(layersDir.resolve(".unpack-0123456789abcdef"));
        for (String d : List.of("lower", "diff", "work", "merged")) {
            Files.createDirectories(left.resolve(d));
        }
        Files.writeString(left.resolve("lower/file"), "x");
        String opts = "lowerdir=" + left.resolve("lower") + ",upperdir=" + left.resolve("diff") + ",workdir=" + left.resolve("work");
        assumeTrue(dev.hostvirt.engine.mount.MountCalls.mountOverlay(left.resolve("merged").toString(), opts) == null,
                "this kernel or file system refuses overlayfs");
        assertTrue(RootfsMounter.isMountPoint(left.resolve("merged")));
        // A layer a killed clean-up had renamed away.
        Path gone = Files.createDirectories(layersDir.resolve(".gone-00112233/diff/etc"));

        byte[] wide = new TestTars().dir("./", 0777).file("bin/tool", "x").bytes();
        ImageRecord r = image("example.org/wide:1", wide);
        Path layer = layers(r).orElseThrow().get(0);
        assertFalse(Files.exists(left), "swept by the next unpack");
        assertFalse(Files.exists(gone.getParent().getParent()), "a renamed-away layer is finished off");
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(left.toString()), "and unmounted first");
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(layer)),
                "a layer's root is never more open than 0755, whatever its './' entry says");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(layersDir)));
    }

    private static String assertThrowsHostvirt(org.junit.jupiter.api.function.Executable e) {
        return org.junit.jupiter.api.Assertions.assertThrows(dev.hostvirt.HostvirtException.class, e).getMessage();
    }

    private static boolean isWhiteout(Path p) throws IOException {
        return Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS).get("rdev").equals(0L)
                && (((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0170000) == 0020000;
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
