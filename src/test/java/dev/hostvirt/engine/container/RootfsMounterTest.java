package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsMounterTest {
    @TempDir
    Path tmp;

    private Path lower(String name) throws IOException {
        Path lower = Files.createDirectories(tmp.resolve(name).resolve("etc"));
        Files.writeString(lower.resolve("os-release"), "ID=test\n");
        return lower.getParent();
    }

    @Test
    void overlayWritesGoToTheContainersUpperDirectoryNeverToTheSharedImage() throws IOException {
        assumeTrue(Engine.isRoot(), "mounting overlayfs needs root (CI runs as root)");
        Path lower = lower("image");
        Path dir = Files.createDirectories(tmp.resolve("c1"));
        String mode = RootfsMounter.mount(lower, dir);
        assumeTrue(mode.equals("overlay"), "this kernel or file system refuses overlayfs");
        try {
            assertTrue(RootfsMounter.isMountPoint(dir.resolve("rootfs")));
            Files.writeString(dir.resolve("rootfs/etc/os-release"), "changed\n");
            assertEquals("ID=test\n", Files.readString(lower.resolve("etc/os-release")));
            assertEquals("changed\n", Files.readString(dir.resolve("upper/etc/os-release")));
        } finally {
            RootfsMounter.unmountAndDelete(dir);
        }
        assertFalse(Files.exists(dir));
        assertTrue(Files.exists(lower.resolve("etc/os-release")));
    }

    @Test
    void aLowerPathOverlayCannotTakeFallsBackToAPrivateCopy() throws IOException {
        // overlayfs option syntax cannot carry ':' in lowerdir, so this path must be copied
        Path lower = lower("image:with-colon");
        Path dir = Files.createDirectories(tmp.resolve("c2"));
        assertEquals("copy", RootfsMounter.mount(lower, dir));
        Files.writeString(dir.resolve("rootfs/etc/os-release"), "changed\n");
        assertEquals("ID=test\n", Files.readString(lower.resolve("etc/os-release")));
        RootfsMounter.unmountAndDelete(dir);
        assertFalse(Files.exists(dir));
    }
}
