package dev.hostvirt.engine.wsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.engine.forward.ForwardException;
import dev.hostvirt.i18n.Text;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistroManagerTest {
    static final String DIR = "C:\\Users\\José\\AppData\\Local\\hostvirt\\wsl";
    static final String TARBALL = "C:\\Program Files\\hostvirt\\wsl\\hostvirt-wsl.tar.gz";

    private final FakeWsl wsl = new FakeWsl();
    private final List<Text> reports = new ArrayList<>();

    private DistroManager manager(String version) {
        wsl.tarballs.put(TARBALL, new FakeWsl.Tarball(version, 0));
        return new DistroManager(new WslExe("wsl.exe", wsl), new WslSettings("hostvirt", DIR, TARBALL, version),
                wsl.tarballs::containsKey, reports::add);
    }

    private static String key(ForwardException e) {
        return e.text().key();
    }

    @Test
    void freshInstallImportsTheTarballAsWsl2IntoTheStateDir() {
        manager("0.2.0").install();
        assertTrue(wsl.calls.contains(List.of("wsl.exe", "--import", "hostvirt", DIR + "\\distro", TARBALL, "--version", "2")));
        assertEquals("0.2.0", wsl.distros.get("hostvirt").hostvirt);
        assertEquals("wsl.install.done", reports.get(reports.size() - 1).key());
    }

    @Test
    void installingTheSameVersionAgainChangesNothing() {
        manager("0.2.0").install();
        wsl.calls.clear();
        manager("0.2.0").install();
        assertEquals(0, wsl.count("--import"));
        assertEquals(0, wsl.count("--unregister"));
        assertEquals("wsl.install.current", reports.get(reports.size() - 1).key());
    }

    @Test
    void upgradeKeepsTheImagesAndRemovesTheBackup() {
        wsl.distros.put("hostvirt", new FakeWsl.Distro("hostvirt", 2, "0.1.0", 3));
        manager("0.2.0").install();
        FakeWsl.Distro d = wsl.distros.get("hostvirt");
        assertEquals("0.2.0", d.hostvirt);
        assertEquals(3, d.images);
        String backup = DIR + "\\upgrade-backup-0.1.0.tar";
        // Backup first: export before unregister, then import, then the store from the export.
        List<String> order = wsl.calls.stream().map(c -> c.get(1).equals("--distribution") ? c.get(6) : c.get(1)).toList();
        assertTrue(order.indexOf("--export") < order.indexOf("--unregister"), order.toString());
        assertTrue(wsl.calls.contains(List.of("wsl.exe", "--export", "hostvirt", backup)));
        assertTrue(wsl.calls.contains(List.of("wsl.exe", "--distribution", "hostvirt", "--user", "root", "--exec",
                "/bin/tar", "-C", "/", "-xpf", "/mnt/c/Users/José/AppData/Local/hostvirt/wsl/upgrade-backup-0.1.0.tar",
                "--wildcards", "*var/lib/hostvirt")), wsl.calls.toString());
        assertFalse(wsl.tarballs.containsKey(backup), "backup removed after a good upgrade");
        assertEquals("wsl.upgrade.done", reports.get(reports.size() - 1).key());
    }

    @Test
    void failedUpgradeImportPutsTheOldDistroBackWithItsImages() {
        wsl.distros.put("hostvirt", new FakeWsl.Distro("hostvirt", 2, "0.1.0", 5));
        DistroManager m = manager("0.2.0");
        wsl.badTarball = TARBALL;
        ForwardException e = assertThrows(ForwardException.class, m::install);
        assertEquals("wsl.upgrade.rolledBack", key(e));
        assertEquals(125, e.exitCode());
        assertEquals("0.1.0", wsl.distros.get("hostvirt").hostvirt);
        assertEquals(5, wsl.distros.get("hostvirt").images);
        assertTrue(wsl.tarballs.containsKey(DIR + "\\upgrade-backup-0.1.0.tar"), "the backup is kept");
    }

    @Test
    void aNewerDistroIsNotDowngraded() {
        wsl.distros.put("hostvirt", new FakeWsl.Distro("hostvirt", 2, "0.3.0", 1));
        ForwardException e = assertThrows(ForwardException.class, () -> manager("0.2.0").install());
        assertEquals("wsl.install.newer", key(e));
        assertEquals(0, wsl.count("--unregister"));
    }

    @Test
    void aDistroNamedHostvirtThatIsNotOursIsRefusedAndLeftAlone() {
        wsl.distros.put("hostvirt", new FakeWsl.Distro("hostvirt", 2, null, 0));
        ForwardException e = assertThrows(ForwardException.class, () -> manager("0.2.0").install());
        assertEquals("wsl.nameTaken", key(e));
        assertEquals(1, e.exitCode());
        assertEquals(0, wsl.count("--import"));
        assertEquals(0, wsl.count("--unregister"));
        assertEquals(0, wsl.count("--export"));
    }

    @Test
    void nameClashIsCaseInsensitiveAndAWsl1DistroIsNeverOurs() {
        wsl.distros.put("HostVirt", new FakeWsl.Distro("HostVirt", 1, "0.2.0", 0));
        ForwardException e = assertThrows(ForwardException.class, () -> manager("0.2.0").install());
        assertEquals("wsl.nameTaken", key(e));
        assertEquals(0, wsl.count("--import"));
    }

    @Test
    void missingWslExePointsAtEnableContainers() {
        wsl.present = false;
        ForwardException e = assertThrows(ForwardException.class, () -> manager("0.2.0").install());
        assertEquals("wsl.notInstalled", key(e));
        assertEquals(1, e.exitCode());
    }

    @Test
    void wslNotInstalledInSpanishWithExitCode50IsRefused() {
        wsl.status = "wsl-status-es-not-installed.txt";
        wsl.statusExit = 50;
        ForwardException e = assertThrows(ForwardException.class, () -> manager("0.2.0").install());
        assertEquals("wsl.notInstalled", key(e));
        assertEquals(0, wsl.count("--import"));
    }

    @Test
    void oldInboxWslThatPrintsItsUsageInUtf16IsRefusedWithTheFix() {
        wsl.status = "wsl-l-utf16-raw-fr-error.txt";
        wsl.statusExit = 1;
        ForwardException e = assertThrows(ForwardException.class, () -> manager("0.2.0").install());
        assertEquals("wsl.statusFailed", key(e));
        // Decoded from UTF-16LE: the French line is readable, not NUL-separated bytes.
        assertEquals(List.of(1, "Copyright (c) Microsoft Corporation. Tous droits réservés."), e.text().args());
        assertEquals(0, wsl.count("--import"));
    }

    @Test
    void wsl1AsDefaultIsRefusedWithTheCommandThatFixesIt() {
        wsl.status = "samples-derived/wsl-status-en-default1.txt";
        ForwardException e = assertThrows(ForwardException.class, () -> manager("0.2.0").install());
        assertEquals("wsl.defaultVersion1", key(e));
        assertEquals(0, wsl.count("--import"));
    }

    @Test
    void tooOldKernelFromTheInboxStatusIsRefused() {
        wsl.status = "samples-derived/wsl-status-en-kernel-4.19.txt";
        wsl.version = "samples-derived/wsl-version-inbox-invalid.txt";
        wsl.versionExit = -1;
        ForwardException e = assertThrows(ForwardException.class, () -> manager("0.2.0").install());
        assertEquals("wsl.kernelOld", key(e));
        // The versions as the message shows them: three numeric parts, as before the version types were one.
        assertEquals(List.of("4.19.128", "5.10.16"), e.text().args());
    }

    @Test
    void currentKernelsPassInEnglishAndSpanish() {
        wsl.status = "wsl-status-en-2022-with-kernel.txt";
        wsl.version = "samples-derived/wsl-version-inbox-invalid.txt";
        wsl.versionExit = -1;
        manager("0.2.0").install();
        wsl.distros.clear();
        wsl.status = "wsl-status-es.txt";
        wsl.version = "wsl-version-es.txt";
        wsl.versionExit = 0;
        manager("0.2.0").install();
        assertEquals("0.2.0", wsl.distros.get("hostvirt").hostvirt);
    }

    @Test
    void importWithoutVirtualizationNamesTheErrorAndTheFix() {
        wsl.importFailure = "wsl-register-0x80370102-en.txt";
        ForwardException e = assertThrows(ForwardException.class, () -> manager("0.2.0").install());
        assertEquals("wsl.noVirtualization", key(e));
        assertEquals(List.of("0x80370102"), e.text().args());
    }

    @Test
    void missingTarballIsRefusedBeforeAnythingChanges() {
        DistroManager m = new DistroManager(new WslExe("wsl.exe", wsl),
                new WslSettings("hostvirt", DIR, "C:\\nowhere.tar.gz", "0.2.0"), p -> false, reports::add);
        ForwardException e = assertThrows(ForwardException.class, m::install);
        assertEquals("wsl.tarballMissing", key(e));
        assertEquals(0, wsl.count("--import"));
    }

    @Test
    void statusSaysStateVersionAndUpgrade() {
        DistroManager m = manager("0.2.0");
        assertFalse(m.status().registered());
        wsl.distros.put("hostvirt", new FakeWsl.Distro("hostvirt", 2, "0.1.0", 0));
        DistroStatus s = m.status();
        assertTrue(s.ours());
        assertEquals("0.1.0", s.installedVersion());
        assertTrue(s.upgradeAvailable());
        m.start();
        assertEquals("Running", m.status().state());
        m.stop();
        assertEquals("Stopped", m.status().state());
        wsl.distros.put("hostvirt", new FakeWsl.Distro("hostvirt", 2, null, 0));
        DistroStatus other = m.status();
        assertTrue(other.registered());
        assertFalse(other.ours());
        assertNull(other.installedVersion());
    }

    @Test
    void uninstallAsksBeforeDeletingImages() {
        wsl.distros.put("hostvirt", new FakeWsl.Distro("hostvirt", 2, "0.2.0", 2));
        List<Text> asked = new ArrayList<>();
        assertFalse(manager("0.2.0").uninstall(false, q -> {
            asked.add(q);
            return false;
        }));
        assertEquals(List.of(Text.of("wsl.uninstall.confirm", 2L)), asked);
        assertTrue(wsl.distros.containsKey("hostvirt"), "kept when the answer is no");
        assertTrue(manager("0.2.0").uninstall(false, q -> true));
        assertFalse(wsl.distros.containsKey("hostvirt"));
    }

    @Test
    void uninstallWithYesOrWithoutImagesDoesNotAsk() {
        wsl.distros.put("hostvirt", new FakeWsl.Distro("hostvirt", 2, "0.2.0", 4));
        assertTrue(manager("0.2.0").uninstall(true, q -> {
            throw new AssertionError("must not ask with --yes");
        }));
        assertFalse(wsl.distros.containsKey("hostvirt"));
        wsl.distros.put("hostvirt", new FakeWsl.Distro("hostvirt", 2, "0.2.0", 0));
        assertTrue(manager("0.2.0").uninstall(false, q -> {
            throw new AssertionError("no images: nothing to ask");
        }));
        assertTrue(manager("0.2.0").uninstall(false, q -> false), "nothing installed is success");
        assertEquals("wsl.uninstall.none", reports.get(reports.size() - 1).key());
    }

    @Test
    void uninstallNeverRemovesSomeoneElsesDistro() {
        wsl.distros.put("hostvirt", new FakeWsl.Distro("hostvirt", 2, null, 0));
        assertThrows(ForwardException.class, () -> manager("0.2.0").uninstall(true, q -> true));
        assertTrue(wsl.distros.containsKey("hostvirt"));
    }
}
