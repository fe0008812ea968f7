package dev.hostvirt.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeSelectorTest {
    @TempDir
    Path tmp;
    static final String DEBIAN = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n";

    private Path bin(String... programs) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bin"));
        for (String p : programs) {
            Path f = Files.writeString(dir.resolve(p), "#!/bin/sh\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    private RuntimeSelector selector(Path dir, CgroupMode mode) {
        return new RuntimeSelector(tmp.resolve("state"), mode, List.of(dir.toString()), DEBIAN);
    }

    @Test
    void noRuntimeGivesTheInstallCommandForThisDistribution() throws IOException {
        HostvirtException e = assertThrows(HostvirtException.class, () -> selector(bin(), CgroupMode.UNIFIED).select(null));
        assertEquals(125, e.exitCode());
        assertTrue(e.getMessage().contains("sudo apt-get install -y runc"), e.getMessage());
        assertEquals("sudo dnf install -y crun", RuntimeSelector.installCommand("crun", "ID=\"fedora\"\n"));
        assertEquals("sudo apt-get install -y runc", RuntimeSelector.installCommand("runc", "ID=pop\nID_LIKE=\"ubuntu debian\"\n"));
        Object unknown = RuntimeSelector.installCommand("crun", "ID=plan9\n");
        assertEquals("your distribution's package manager (package 'crun')", Messages.forLocale(Messages.ENGLISH).render((Text) unknown));
        assertEquals("el gestor de paquetes de su distribución (paquete 'crun')", Messages.forLocale(Messages.SPANISH).render((Text) unknown));
    }

    @Test
    void crunIsPreferredAndWrappedOnlyOnHybridHostsWithV2Controllers() throws IOException {
        Path dir = bin("runc", "crun", "unshare");
        OciRuntime unified = selector(dir, CgroupMode.UNIFIED).select(null);
        assertEquals("crun", unified.name());
        assertFalse(unified.privateCgroupView());
        OciRuntime hybrid = selector(dir, CgroupMode.HYBRID_WITH_V2_CONTROLLERS).select(null);
        assertEquals("crun", hybrid.name());
        assertTrue(hybrid.privateCgroupView());
        assertEquals("unshare", hybrid.command("state", "x").get(0));
        assertEquals(tmp.resolve("state/runtime/crun").toString(), hybrid.command("state", "x").get(9));
    }

    @Test
    void runcWhenCrunIsMissingAndForcingARuntimeThatIsNotInstalledFails() throws IOException {
        Path dir = bin("runc");
        OciRuntime r = selector(dir, CgroupMode.HYBRID_WITH_V2_CONTROLLERS).select(null);
        assertEquals("runc", r.name());
        assertFalse(r.privateCgroupView());
        assertEquals(List.of(dir.resolve("runc").toString(), "--root", tmp.resolve("state/runtime/runc").toString(), "list"), r.command("list"));
        HostvirtException e = assertThrows(HostvirtException.class, () -> selector(dir, CgroupMode.UNIFIED).select("crun"));
        assertTrue(e.getMessage().contains("apt-get install -y crun"), e.getMessage());
        assertThrows(HostvirtException.class, () -> selector(dir, CgroupMode.UNIFIED).select("youki"));
    }

    @Test
    void cgroupModeIsReadFromTheMounts() throws IOException {
        Path v2 = Files.createDirectories(tmp.resolve("v2"));
        Files.writeString(v2.resolve("cgroup.controllers"), "cpu memory pids\n");
        assertEquals(CgroupMode.UNIFIED, CgroupMode.detect(v2));
        Path hybrid = Files.createDirectories(tmp.resolve("hy/unified"));
        Files.writeString(hybrid.resolve("cgroup.controllers"), "hugetlb\n");
        assertEquals(CgroupMode.HYBRID_WITH_V2_CONTROLLERS, CgroupMode.detect(tmp.resolve("hy")));
        Files.writeString(hybrid.resolve("cgroup.controllers"), "\n");
        assertEquals(CgroupMode.HYBRID, CgroupMode.detect(tmp.resolve("hy")));
        assertEquals(CgroupMode.LEGACY, CgroupMode.detect(Files.createDirectories(tmp.resolve("v1"))));
    }
}
