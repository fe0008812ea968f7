package dev.hostvirt.cli;

import static dev.hostvirt.cli.WindowsCheckEndToEndTest.run;
import static dev.hostvirt.cli.WindowsCheckEndToEndTest.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.cli.WindowsCheckEndToEndTest.Run;
import dev.hostvirt.host.Host;
import java.util.function.Supplier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `enable` planned from a recorded Windows host: the plan is made from what the snapshot holds, and
 * what it does not hold is said in a note, never taken from this computer or guessed as missing.
 */
class WindowsSnapshotPlansTest {
    /** A snapshot's values entry: the recorded user's profile (this computer's is alice's). */
    private static final String BOB = "\"env.USERPROFILE\":\"C:\\\\Users\\\\bob\"";
    private static final String HEAD = "{\"format\":\"hostvirt-snapshot/1\",\"platform\":{\"os\":\"windows\",\"arch\":\"amd64\"}";

    private static Path write(Path dir, String name, String body) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, HEAD + body + "}");
        return f;
    }

    @Test
    void wslThatRunsDistrosIsNotReinstalledWhenWslStatusWasNotRecorded() {
        // WSL 2.3.26 with Ubuntu and docker-desktop registered; only `wsl --status` is missing.
        Run r = run("enable", "wsl2", "--snapshot", snapshot("win11-pro-hvci-virtualbox7.json").toString());
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("run: wsl.exe --install"), r.out());
    }

    @Test
    void wslNotCapturedAtAllIsANoteNotAnInstall(@TempDir Path dir) throws Exception {
        Run r = run("enable", "wsl2", "--snapshot", write(dir, "bare.json", "").toString());
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("run: wsl.exe --install"), r.out());
        assertTrue(r.out().contains("wsl --status was not captured"), r.out());
        Run es = run("enable", "wsl2", "--lang", "es", "--snapshot", write(dir, "bare.json", "").toString());
        assertTrue(es.out().contains("no se capturó wsl --status"), es.out());
    }

    @Test
    void wslExeRecordedAsNotFoundIsPlannedForInstall(@TempDir Path dir) throws Exception {
        Path f = write(dir, "nowsl.json", ",\"commands\":[{\"argv\":[\"wsl\",\"--status\"],\"exit\":null}]");
        Run r = run("enable", "wsl2", "--snapshot", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("wsl.exe --install --no-distribution"), r.out());
        assertFalse(r.out().contains("was not captured"), r.out());
    }

    /**
     * `enable wsl2 --wslconfig KEY=VALUE` planned from a snapshot whose values section is {@code values},
     * run where USERPROFILE is alice's (ConfigureCommandsTest's environment).
     */
    private static ConfigureCommandsTest.Run wslconfig(Path dir, String keyValue, String values) throws Exception {
        Path f = write(dir, "host.json", values.isEmpty() ? "" : ",\"values\":{" + values + "}");
        Supplier<Host> noLiveHost = () -> {
            throw new AssertionError("the live host must not be read with --snapshot");
        };
        return ConfigureCommandsTest.run(noLiveHost, dir, "enable", "wsl2", "--wslconfig", keyValue, "--snapshot", f.toString());
    }

    @Test
    void wslconfigFromASnapshotGoesToTheRecordedProfileNeverThisComputers(@TempDir Path dir) throws Exception {
        ConfigureCommandsTest.Run r = wslconfig(dir, "memory=4GB", BOB);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("C:\\Users\\bob\\.wslconfig"), r.out());
        assertFalse(r.out().contains("alice"), r.out());
        assertTrue(r.out().contains("was not captured"), "the file's other lines are not known: " + r.out());
    }

    @Test
    void wslconfigFromASnapshotWithoutTheProfileIsOneLineNamingWhatIsMissing(@TempDir Path dir) throws Exception {
        ConfigureCommandsTest.Run r = wslconfig(dir, "memory=4GB", "");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("snapshot") && r.err().contains("env.USERPROFILE"), r.err());
        assertFalse(r.out().contains("alice") || r.err().contains("alice"), r.out() + r.err());
    }

    @Test
    void theVmIdleTimeoutCommandDocsWslMdGivesIsAccepted(@TempDir Path dir) throws Exception {
        ConfigureCommandsTest.Run r = wslconfig(dir, "vmIdleTimeout=-1", BOB);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("| vmIdleTimeout=-1"), r.out());
    }

    /** QA repro-4: Hyper-V enabled, launch type Off (after `switch virtualbox`), Spanish Windows 11 Pro. */
    @Test
    void enableHypervPlansTheLaunchTypeThatCheckIsBlockedBy() {
        String snap = snapshot("win11-pro-es-hyperv-off-vbox70.json").toString();
        Run check = run("check", "--for", "hyperv", "--snapshot", snap);
        assertTrue(check.out().contains("hypervisorlaunchtype auto"), check.out());
        Run r = run("enable", "hyperv", "--snapshot", snap);
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("Nothing to change"), r.out());
        assertTrue(r.out().contains("hypervisorlaunchtype Auto"), r.out());
        assertTrue(r.out().contains("reversible - needs a reboot"), r.out());
    }

    /** QA repro-5: a plan's line pasted into PowerShell must work as check's own advice does. */
    @Test
    void planLinesQuoteBracedIdentifiersAsCheckDoes() {
        String snap = snapshot("win11-pro-es-hyperv-on-vbox70.json").toString();
        Run check = run("check", "--for", "virtualbox", "--snapshot", snap);
        assertTrue(check.out().contains("bcdedit /set \"{current}\" hypervisorlaunchtype off"), check.out());
        Run r = run("switch", "virtualbox", "--snapshot", snap);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("run: bcdedit.exe /set \"{current}\" hypervisorlaunchtype Off"), r.out());
        Run entry = run("switch", "virtualbox", "--boot-entry", "Sin Hyper-V", "--snapshot", snap);
        assertTrue(entry.out().contains("run: bcdedit.exe /copy \"{current}\" /d \"Sin Hyper-V\""), entry.out());
        assertTrue((r.out() + entry.out()).lines().filter(l -> l.contains("run: ")).noneMatch(l -> l.contains(" {")),
                r.out() + entry.out());
    }

    /** QA repro-10: only memory integrity is configured and running; --turn-off-vbs turns off only that. */
    @Test
    void turnOffVbsTurnsOffWhatRunsEachWithItsOwnReason() {
        Run r = run("switch", "virtualbox", "--turn-off-vbs", "--snapshot", snapshot("win11-pro-es-hyperv-on-vbox70-hvci.json").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("/v Enabled /t REG_DWORD /d 0"), r.out());
        assertFalse(r.out().contains("LsaCfgFlags"), r.out());
        assertFalse(r.out().contains("EnableVirtualizationBasedSecurity"), r.out());
        assertEquals(1, r.out().lines().filter(l -> l.contains("With memory integrity on")).count(), r.out());
    }
}
