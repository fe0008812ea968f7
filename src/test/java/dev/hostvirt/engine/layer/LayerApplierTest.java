package dev.hostvirt.engine.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.engine.TestTars;
import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.i18n.Messages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OCI layer semantics (image-spec layer.md): whiteouts, opaque dirs, metadata order, links, DiffID. */
class LayerApplierTest {
    @TempDir
    Path root;

    private LayerApplier.Result apply(TestTars t, boolean chown) throws IOException {
        return new LayerApplier(chown).apply(new ByteArrayInputStream(t.bytes()), root);
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void diffIdIsTheSha256OfTheWholeUncompressedStream() throws IOException, NoSuchAlgorithmException {
        byte[] tar = new TestTars().file("a", "hello").bytes();
        LayerApplier.Result r = new LayerApplier(false).apply(new ByteArrayInputStream(tar), root);
        assertEquals(Digest.ofRaw("sha256", MessageDigest.getInstance("SHA-256").digest(tar)), r.diffId());
        assertEquals(1, r.entries());
    }

    @Test
    void entriesThatComeAgainGiveTheSameTreeInAnEmptyRootAsInOneWithContent() throws IOException {
        // In an empty root the applier skips lstat for paths it has not made: each path made here,
        // parents made for a later entry and those of a skipped device included, must be seen again.
        byte[] tar = new TestTars().file("a/b/f", "1").dir("a").dir("a/b").file("a/b/f", "2")
                .hardlink("h", "a/b/f").hardlink("h", "a/b/f").symlink("s", "a").symlink("s", "a/b")
                .charDevice("d/e/null", 1, 3).dir("d").dir("d/e").dir("x/y").file("x/y", "now a file").bytes();
        Path other = root.resolve("other");
        Files.createDirectories(other.resolve("pre"));
        Path empty = root.resolve("empty");
        Files.createDirectories(empty);
        for (Path r : List.of(empty, other)) {
            new LayerApplier(false).apply(new ByteArrayInputStream(tar), r);
            assertEquals("2", Files.readString(r.resolve("a/b/f")), r.toString());
            assertTrue(Files.isSameFile(r.resolve("a/b/f"), r.resolve("h")));
            assertEquals(Path.of("a/b"), Files.readSymbolicLink(r.resolve("s")));
            assertTrue(Files.isDirectory(r.resolve("d/e"), LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(r.resolve("d/e/null"), LinkOption.NOFOLLOW_LINKS));
            assertEquals("now a file", Files.readString(r.resolve("x/y")));
        }
    }

    @Test
    void whiteoutRemovesLowerFilesButNotFilesOfTheSameLayer() throws IOException {
        apply(new TestTars().file("etc/old", "1").file("etc/keep", "k"), false);
        apply(new TestTars().file("etc/new", "2").file("etc/.wh.old", "").file("etc/.wh.new", ""), false);
        assertFalse(Files.exists(root.resolve("etc/old")));
        assertTrue(Files.exists(root.resolve("etc/new")), "a whiteout hides lower layers only");
        assertTrue(Files.exists(root.resolve("etc/keep")));
        assertFalse(Files.exists(root.resolve("etc/.wh.old")), "the whiteout itself is hidden");
    }

    @Test
    void opaqueDirectoryHidesLowerChildrenWhateverTheTarOrder() throws IOException {
        apply(new TestTars().file("d/lower1", "1").file("d/sub/lower2", "2").file("other", "o"), false);
        apply(new TestTars().file("d/upper", "u").file("d/.wh..wh..opq", ""), false);
        assertTrue(Files.exists(root.resolve("d/upper")));
        assertFalse(Files.exists(root.resolve("d/lower1")));
        assertFalse(Files.exists(root.resolve("d/sub")));
        assertTrue(Files.exists(root.resolve("other")));
    }

    @Test
    void anythingOverAnExistingPathIsUnlinkedThenRecreatedAndDirOverDirKeepsChildren() throws IOException {
        apply(new TestTars().dir("d").file("d/x", "x").file("f", "file").dir("g").file("g/y", "y"), false);
        apply(new TestTars().dir("d", 0700).symlink("f", "d").file("g", "now a file"), false);
        assertTrue(Files.exists(root.resolve("d/x")));
        assertEquals(0700, mode(root.resolve("d")));
        assertTrue(Files.isSymbolicLink(root.resolve("f")));
        assertTrue(Files.isRegularFile(root.resolve("g"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void symlinksKeepTheirTargetAndTimesAreKept() throws IOException {
        apply(new TestTars().dir("bin").file("bin/busybox", "elf").symlink("bin/sh", "busybox").symlink("abs", "/bin/busybox"), false);
        assertEquals("busybox", Files.readSymbolicLink(root.resolve("bin/sh")).toString());
        assertEquals("/bin/busybox", Files.readSymbolicLink(root.resolve("abs")).toString());
        assertEquals(TestTars.MTIME, Files.getLastModifiedTime(root.resolve("bin/busybox")));
        assertEquals(TestTars.MTIME, Files.getLastModifiedTime(root.resolve("bin"), LinkOption.NOFOLLOW_LINKS),
                "directory times are set after their children are written");
        assertEquals(TestTars.MTIME, Files.getLastModifiedTime(root.resolve("abs"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void modesIncludingStickyAreKept() throws IOException {
        apply(new TestTars().dir("tmp", 01777).file("x", "#!/bin/sh".getBytes(), 0750, 0, 0), false);
        assertEquals(01777, mode(root.resolve("tmp")));
        assertEquals(0750, mode(root.resolve("x")));
    }

    @Test
    void setuidSurvivesBecauseChmodComesAfterChown() throws IOException {
        assumeTrue(isRoot(), "chown needs root (CI runs as root)");
        apply(new TestTars().file("usr/bin/su", "elf".getBytes(), 04755, 1000, 1001), true);
        Path su = root.resolve("usr/bin/su");
        assertEquals(04755, mode(su));
        assertEquals(1000, Files.getAttribute(su, "unix:uid"));
        assertEquals(1001, Files.getAttribute(su, "unix:gid"));
    }

    @Test
    void fileCapabilitiesAreKeptAfterChownAndChmod() throws IOException {
        assumeTrue(isRoot(), "setting security.capability needs root (CI runs as root)");
        // VFS_CAP_REVISION_2 with cap_net_raw (bit 13) permitted and effective: what ping ships with
        byte[] cap = new byte[20];
        cap[0] = 1;
        cap[3] = 2;
        cap[5] = 0x20;
        LayerApplier.Result r = apply(new TestTars().fileWithXattr("bin/ping", "elf", "security.capability",
                new String(cap, java.nio.charset.StandardCharsets.ISO_8859_1)), true);
        assumeTrue(english(r).stream().noneMatch(w -> w.contains("errno 95")), "file system without xattrs");
        assertTrue(r.warnings().isEmpty(), english(r).toString());
        org.junit.jupiter.api.Assertions.assertArrayEquals(cap, NativeXattr.get(root.resolve("bin/ping"), "security.capability"));
        byte[] high = cap.clone();
        high[4] = (byte) 0x80; // cap_setuid: lost by the UTF-8 decoding of PAX values, so refused with a warning
        LayerApplier.Result lossy = apply(new TestTars().fileWithXattr("bin/su2", "elf", "security.capability",
                new String(high, java.nio.charset.StandardCharsets.ISO_8859_1)), true);
        assertTrue(english(lossy).stream().anyMatch(w -> w.contains("file capability of bin/su2 not kept")), english(lossy).toString());
        assertEquals(null, NativeXattr.get(root.resolve("bin/su2"), "security.capability"));
    }

    @Test
    void userXattrsAreKept() throws IOException {
        LayerApplier.Result r = apply(new TestTars().fileWithXattr("f", "x", "user.origin", "layer"), false);
        var view = Files.getFileAttributeView(root.resolve("f"), java.nio.file.attribute.UserDefinedFileAttributeView.class);
        assumeTrue(r.warnings().isEmpty(), "this file system does not keep user xattrs");
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64);
        view.read("origin", buf);
        assertEquals("layer", new String(buf.array(), 0, buf.position()));
    }

    @Test
    void aUserXattrTheFileSystemRefusesIsSaidSoAndTheOthersAreKept() throws IOException {
        String big = "v".repeat(70_000); // ext4 keeps ~4 KB a value (E2BIG), unless made with ea_inode
        LayerApplier.Result r = apply(new TestTars().fileWithXattr("big", "x", "user.big", big).fileWithXattr("small", "x", "user.s", "kept"),
                false);
        var small = Files.getFileAttributeView(root.resolve("small"), java.nio.file.attribute.UserDefinedFileAttributeView.class);
        assumeTrue(english(r).stream().noneMatch(w -> w.contains("does not keep user xattrs")), "this file system keeps no user xattrs");
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64);
        small.read("s", buf);
        assertEquals("kept", new String(buf.array(), 0, buf.position()));
        var bigView = Files.getFileAttributeView(root.resolve("big"), java.nio.file.attribute.UserDefinedFileAttributeView.class);
        if (bigView.list().contains("big")) {
            assertTrue(r.warnings().isEmpty(), english(r).toString());
        } else {
            assertEquals(1, r.warnings().size(), english(r).toString());
            assertTrue(english(r).get(0).startsWith("user xattr user.big (70000 bytes) not kept, the file system refused it: "),
                    "it said the file system keeps none: " + english(r));
        }
    }

    /** The warnings as an English user reads them. */
    private static List<String> english(LayerApplier.Result r) {
        Messages en = Messages.forLocale(Messages.ENGLISH);
        return r.warnings().stream().map(en::render).toList();
    }
}
