package dev.hostvirt.engine.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.engine.TestTars;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of hostile layer archives, one per attack the issue lists. Each is applied onto a root
 * that sits next to an "outside" directory holding a secret; after each one, a scan of everything
 * outside the root proves nothing was created, changed or removed there.
 */
class HostileLayerCorpusTest {
    @TempDir
    Path base;
    Path root;
    Path outside;
    Map<String, String> before;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(base.resolve("root"));
        outside = Files.createDirectory(base.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "do not touch");
        Files.createDirectory(outside.resolve("dir"));
        Files.writeString(outside.resolve("dir/inner"), "inner");
        before = scanOutsideRoot();
    }

    private LayerApplier.Result apply(byte[] tar) throws IOException {
        return new LayerApplier(false).apply(new ByteArrayInputStream(tar), root);
    }

    private void refused(Consumer<TestTars> build) throws IOException {
        TestTars t = new TestTars();
        build.accept(t);
        assertThrows(LayerRefusedException.class, () -> apply(t.bytes()));
        assertOutsideUntouched();
    }

    private LayerApplier.Result contained(Consumer<TestTars> build) throws IOException {
        TestTars t = new TestTars();
        build.accept(t);
        LayerApplier.Result r = apply(t.bytes());
        assertOutsideUntouched();
        return r;
    }

    /** Every path, type, size, mode and content hash outside the root, keyed by path. */
    private Map<String, String> scanOutsideRoot() throws IOException {
        Map<String, String> seen = new TreeMap<>();
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(root)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                seen.put(dir.toString(), "dir " + Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS)
                        + " " + attrs.lastModifiedTime());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                String what = a.isSymbolicLink() ? "link " + Files.readSymbolicLink(f)
                        : "file " + a.size() + " " + Files.getAttribute(f, "unix:mode", LinkOption.NOFOLLOW_LINKS)
                                + " " + Files.readString(f).hashCode() + " " + a.lastModifiedTime();
                seen.put(f.toString(), what);
                return FileVisitResult.CONTINUE;
            }
        });
        return seen;
    }

    private void assertOutsideUntouched() throws IOException {
        assertEquals(before, scanOutsideRoot(), "something outside the root changed");
    }

    private String abs(String rel) {
        return outside.resolve(rel).toString();
    }

    @Test
    void dotDotNamesAreRefused() throws IOException {
        refused(t -> t.file("../outside/pwned", "x"));
        refused(t -> t.file("a/../../outside/secret", "x"));
        refused(t -> t.dir("../escape"));
    }

    @Test
    void absoluteNamesLandInsideTheRoot() throws IOException {
        contained(t -> t.file(abs("secret"), "overwritten?"));
        assertEquals("overwritten?", Files.readString(root.resolve(abs("secret").substring(1))));
    }

    @Test
    void symlinkToAnAbsoluteOutsidePathThenWriteThroughItStaysInside() throws IOException {
        contained(t -> t.symlink("pwn", outside.toString()).file("pwn/secret", "owned").file("pwn/new", "new"));
        assertTrue(Files.isRegularFile(root.resolve(outside.toString().substring(1)).resolve("new")));
        assertTrue(Files.isSymbolicLink(root.resolve("pwn")));
    }

    @Test
    void relativeSymlinkClimbingOutThenWriteThroughItStaysInside() throws IOException {
        contained(t -> t.symlink("up", "../../../../../../../..").file("up/escaped", "x"));
        assertTrue(Files.isRegularFile(root.resolve("escaped")));
    }

    @Test
    void chainedSymlinksCannotEscape() throws IOException {
        contained(t -> t.symlink("a", "b").symlink("b", "c/../../..").dir("c").file("a/secret", "x"));
        assertTrue(Files.isRegularFile(root.resolve("secret")));
    }

    @Test
    void symlinkLoopsAreRefusedNotFollowedForever() throws IOException {
        TestTars t = new TestTars().symlink("l1", "l2").symlink("l2", "l1").file("l1/x", "x");
        assertThrows(IOException.class, () -> apply(t.bytes()));
        assertOutsideUntouched();
    }

    @Test
    void symlinkPlantedInALowerLayerIsNotFollowedByTheNextLayer() throws IOException {
        contained(t -> t.symlink("etc", outside.toString()));
        contained(t -> t.file("etc/passwd", "root::0:0::/:/bin/sh").file("etc/secret", "changed"));
        // the leaf named by a later layer replaces the link itself, never its target
        contained(t -> t.symlink("target", abs("secret")));
        contained(t -> t.file("target", "replaced"));
        assertFalse(Files.isSymbolicLink(root.resolve("target")));
    }

    @Test
    void aDirectoryReplacedByASymlinkLaterInTheLayerDoesNotGetItsTimeSetThroughTheLink() throws IOException {
        // "a/dir" is created (its time is set when the layer ends), then "a" becomes a link outside
        contained(t -> t.dir("a").dir("a/dir").symlink("a", outside.toString()));
        contained(t -> t.dir("b").dir("b/dir").file("b/dir/f", "x").symlink("b", outside.toString()).dir("b/dir"));
    }

    @Test
    void hardlinksToFilesOutsideTheRootAreRefused() throws IOException {
        refused(t -> t.hardlink("h", "../outside/secret"));
        refused(t -> t.hardlink("h", abs("secret")));
        refused(t -> t.symlink("s", outside.toString()).hardlink("h", "s/secret"));
    }

    @Test
    void hardlinkInsideTheLayerSharesTheInode() throws IOException {
        contained(t -> t.file("bin/busybox", "elf").hardlink("bin/sh", "bin/busybox"));
        assertEquals(Files.getAttribute(root.resolve("bin/busybox"), "unix:ino"), Files.getAttribute(root.resolve("bin/sh"), "unix:ino"));
    }

    @Test
    void whiteoutsNamingSomethingOutsideTheirDirectoryAreRefusedOrContained() throws IOException {
        refused(t -> t.file(".wh...", ""));
        refused(t -> t.file("a/.wh..", ""));
        refused(t -> t.file(".wh.", ""));
        refused(t -> t.file("../outside/.wh.secret", ""));
        contained(t -> t.symlink("w", outside.toString()).file("w/.wh.secret", "").file("w/.wh.dir", ""));
        contained(t -> t.symlink("o", outside.toString()).file("o/.wh..wh..opq", ""));
        contained(t -> t.file(abs(".wh.secret"), ""));
    }

    @Test
    void deviceNodesAndFifosAreSkippedWithAWarning() throws IOException {
        LayerApplier.Result r = contained(t -> t.dir("dev").charDevice("dev/kmsg", 1, 11).charDevice("evil-mem", 1, 1).fifo("pipe"));
        assertFalse(Files.exists(root.resolve("dev/kmsg"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("evil-mem"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("pipe"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(r.warnings().isEmpty());
    }

    @Test
    void devAndProcAsSymlinksAreRefused() throws IOException {
        refused(t -> t.symlink("dev", "/"));
        refused(t -> t.symlink("proc", "/proc"));
        refused(t -> t.symlink("./dev", outside.toString()));
        refused(t -> t.file("proc", "not a dir"));
    }

    @Test
    void anEntryCanNeverReplaceTheRootItself() throws IOException {
        refused(t -> t.symlink(".", outside.toString()));
        refused(t -> t.symlink("/", "/"));
        assertTrue(Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void hugeNamesAndDeepTreesAreRefused() throws IOException {
        refused(t -> t.file("x".repeat(LayerApplier.MAX_NAME + 10), "x"));
        refused(t -> t.file("a/" + "y".repeat(300), "x"));
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < LayerApplier.MAX_DEPTH + 5; i++) {
            deep.append("d/");
        }
        refused(t -> t.file(deep + "leaf", "x"));
    }

    @Test
    void deepTreeThroughSymlinksIsRefusedToo() throws IOException {
        List<String> chain = new ArrayList<>();
        for (int i = 0; i < RootPath.MAX_LINKS + 5; i++) {
            chain.add("l" + i);
        }
        TestTars t = new TestTars();
        for (int i = 0; i < chain.size() - 1; i++) {
            t.symlink(chain.get(i), chain.get(i + 1));
        }
        t.dir(chain.get(chain.size() - 1)).file("l0/x", "x");
        assertThrows(IOException.class, () -> apply(t.bytes()));
        assertOutsideUntouched();
    }
}
