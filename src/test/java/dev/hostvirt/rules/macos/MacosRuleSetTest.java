package dev.hostvirt.rules.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.facts.macos.MacosFacts;
import dev.hostvirt.facts.macos.Snapshots;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.Status;
import dev.hostvirt.rules.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class MacosRuleSetTest {
    private static final Messages EN = Messages.forLanguage("en");

    private static MacosRuleSet snapshot(String name) {
        return new MacosRuleSet(new MacosFacts(Snapshots.host(name)));
    }

    private static Finding finding(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + id + " in " + findings));
    }

    private static Verdict verdict(MacosRuleSet rules, String target) {
        return Verdict.of(rules.evaluate(target));
    }

    @Test
    void intelMojaveWithVirtualbox61NeedsKextApprovalAndIsTooOldForDockerDesktop() {
        MacosRuleSet r = snapshot("intel-mojave.json");
        assertEquals(Verdict.DEGRADED, verdict(r, "virtualbox"));
        Finding kext = finding(r.evaluate("virtualbox"), "macos.virtualbox.kext");
        assertEquals(Status.WARN, kext.status());
        assertTrue(EN.render(kext.fix()).contains("System Preferences > Security & Privacy"), EN.render(kext.fix()));
        assertEquals(Status.PASS, finding(r.evaluate("virtualbox"), "macos.cpu.vmx").status());
        Finding docker = finding(r.evaluate("docker-desktop"), "macos.docker.macos");
        assertEquals(Status.FAIL, docker.status());
        assertTrue(EN.render(docker.detail()).contains("(15, 26, 27)"));
        assertTrue(EN.render(docker.fix()).startsWith("Upgrade macOS to 15 or later"));
        assertTrue(EN.render(finding(r.evaluate("containers"), "macos.engine.installed").fix())
                .contains("need macOS 13 or later"));
        assertEquals(Verdict.READY, verdict(r, "hvf"));
        assertEquals(Status.FAIL, finding(r.evaluate("nested"), "macos.nested.chip").status());
    }

    @Test
    void m3MaxOnSequoiaIsReadyForNestedAndContainers() {
        MacosRuleSet r = snapshot("apple-silicon-m3-sequoia.json");
        assertEquals(Verdict.READY, verdict(r, "nested"));
        assertEquals(Verdict.READY, verdict(r, "containers"));
        assertTrue(EN.render(finding(r.evaluate("containers"), "macos.engine.running").detail())
                .contains("colima (macOS Virtualization.Framework)"));
        assertEquals(Verdict.READY, verdict(r, "virtualbox"));
        Finding dd = finding(r.evaluate("docker-desktop"), "macos.docker.installed");
        assertEquals(Status.FAIL, dd.status());
        assertTrue(EN.render(dd.fix()).contains("brew install --cask docker"));
        assertTrue(EN.render(dd.fix()).contains("Apple silicon"));
    }

    @Test
    void rosettaWarnsAndOldVirtualboxNeverRunsOnAppleSilicon() {
        MacosRuleSet r = snapshot("rosetta-m1.json");
        assertEquals(Verdict.DEGRADED, verdict(r, "hvf"));
        assertEquals(Status.WARN, finding(r.evaluate("hvf"), "macos.rosetta").status());
        Finding arch = finding(r.evaluate("virtualbox"), "macos.virtualbox.arch");
        assertEquals(Status.FAIL, arch.status());
        assertTrue(EN.render(arch.fix()).contains("7.1"));
        assertEquals(Status.FAIL, finding(r.evaluate("containers"), "macos.podman.applehv").status());
        assertEquals("podman machine start", EN.render(finding(r.evaluate("containers"), "macos.engine.running").fix()));
        assertTrue(r.evaluate("hvf").stream().noneMatch(f -> f.id().equals("macos.cpu.vmx")),
                "the emulated VMX flag must not turn into an Intel check");
    }

    @Test
    void vmGuestWithoutNestedVirtualizationIsBlocked() {
        MacosRuleSet r = snapshot("mac-vm-guest.json");
        Finding hv = finding(r.evaluate("hvf"), "macos.hvf.support");
        assertEquals(Status.FAIL, hv.status());
        assertTrue(EN.render(hv.detail()).contains("itself a virtual machine"));
        assertEquals(Status.WARN, finding(r.evaluate("hvf"), "macos.guest").status());
        assertEquals(Status.PASS, finding(r.evaluate("docker-desktop"), "macos.docker.macos").status());
        assertEquals(Status.SKIP, finding(r.evaluate("nested"), "macos.nested.chip").status());
        assertEquals(Verdict.BLOCKED, verdict(r, "nested"));
    }

    @Test
    void textOnlySnapshotStillDecides() {
        MacosRuleSet r = snapshot("text-only-m2.json");
        assertEquals(Verdict.READY, verdict(r, "hvf"));
        assertEquals(Verdict.UNKNOWN, verdict(r, "containers"), "engines were not captured");
        assertEquals(Status.FAIL, finding(r.evaluate("nested"), "macos.nested.chip").status());
        assertEquals(Status.FAIL, finding(r.evaluate("docker-desktop"), "macos.docker.macos").status());
    }

    @Test
    void virtualbox70OnAppleSiliconWasOnlyAPreview() {
        MacosRuleSet r = MacHost.appleSilicon("Apple M2", "14.6.1").run("7.0.6_BETA4r155176\n", 0, "VBoxManage", "--version").rules();
        assertEquals(Status.FAIL, finding(r.evaluate("virtualbox"), "macos.virtualbox.arch").status());
        MacosRuleSet ok = MacHost.appleSilicon("Apple M2", "14.6.1").run("7.1.4r165100\n", 0, "VBoxManage", "--version").rules();
        assertEquals(Verdict.READY, verdict(ok, "virtualbox"));
    }

    @Test
    void virtualboxFromTheAppBundleWinsAndWarningsBeforeTheVersionAreSkipped() {
        MacosRuleSet r = MacHost.intel("13.6.1")
                .run("WARNING: The character device /dev/vboxdrv does not exist.\n7.0.20r163906\n", 0,
                        MacosFacts.VBOXMANAGE_APP, "--version").rules();
        assertEquals(Verdict.READY, verdict(r, "virtualbox"), "7.0 on Intel needs no kexts");
        assertTrue(r.evaluate("virtualbox").stream().anyMatch(f -> f.id().equals("macos.hvf.support")));
    }

    @Test
    void noVirtualboxOnAppleSiliconNamesThe71Install() {
        MacosRuleSet r = MacHost.appleSilicon("Apple M1 Pro", "15.1").nothingInstalled().rules();
        Finding f = finding(r.evaluate("virtualbox"), "macos.virtualbox.installed");
        assertEquals(Status.FAIL, f.status());
        assertTrue(EN.render(f.fix()).contains("VirtualBox 7.1 or later"));
        Finding none = finding(r.evaluate("containers"), "macos.engine.installed");
        assertEquals("Install Colima and the docker CLI: brew install colima docker && colima start", EN.render(none.fix()));
    }

    @Test
    void podman6DroppedIntelMacs() {
        MacosRuleSet r = MacHost.intel("15.3").nothingInstalled().run("podman version 6.0.2\n", 0, "podman", "--version")
                .run("[]\n", 0, "podman", "machine", "list", "--format", "json").rules();
        Finding f = finding(r.evaluate("containers"), "macos.podman.intel");
        assertEquals(Status.FAIL, f.status());
        assertTrue(EN.render(f.fix()).contains("Podman 5"));
        MacosRuleSet arm = MacHost.appleSilicon("Apple M4", "26.1").nothingInstalled()
                .run("podman version 6.0.2\n", 0, "podman", "--version").rules();
        assertTrue(arm.evaluate("containers").stream().noneMatch(x -> x.id().equals("macos.podman.intel")));
    }

    @Test
    void colimaAndLimaOnMontereyAreFlagged() {
        MacosRuleSet r = MacHost.appleSilicon("Apple M1", "12.7.6").nothingInstalled()
                .run("colima version 0.6.9\n", 0, "colima", "version").run("", 1, "colima", "status", "--json")
                .run("limactl version 0.23.2\n", 0, "limactl", "--version").rules();
        List<Finding> c = r.evaluate("containers");
        assertEquals(Status.FAIL, finding(c, "macos.colima.macos").status());
        assertEquals(Status.WARN, finding(c, "macos.lima.vz").status());
        assertTrue(EN.render(finding(c, "macos.lima.vz").fix()).contains("brew install qemu"));
        assertTrue(EN.render(finding(c, "macos.engine.running").fix()).contains("colima start"));
    }

    @Test
    void dockerDesktopRunningWithItsVersionFromInfoPlist() {
        String plist = "<plist version=\"1.0\"><dict><key>CFBundleShortVersionString</key>\n\t<string>4.37.1</string></dict></plist>";
        MacosRuleSet r = MacHost.appleSilicon("Apple M2 Pro", "15.6.1").nothingInstalled()
                .app("/Applications/Docker.app", true).file("/Applications/Docker.app/Contents/Info.plist", plist)
                .sysctl("hw.memsize", "17179869184")
                .run("{\"Current\":true,\"Name\":\"desktop-linux\",\"DockerEndpoint\":\"unix:///Users/me/.docker/run/docker.sock\"}\n",
                        0, "docker", "context", "ls", "--format", "json")
                .run("27.4.0\n", 0, "docker", "version", "--format", "{{.Server.Version}}").rules();
        assertEquals(Verdict.READY, verdict(r, "docker-desktop"));
        assertEquals("/Applications/Docker.app, 4.37.1.",
                EN.render(finding(r.evaluate("docker-desktop"), "macos.docker.installed").detail()));
        assertEquals(Status.PASS, finding(r.evaluate("containers"), "macos.engine.running").status());
    }

    @Test
    void dockerDesktopStoppedIsAWarningWithTheStartCommand() {
        MacosRuleSet r = MacHost.intel("15.7").nothingInstalled().app("/Applications/Docker.app", true)
                .sysctl("hw.memsize", "8589934592")
                .run("{\"Current\":true,\"Name\":\"desktop-linux\"}\n", 0, "docker", "context", "ls", "--format", "json")
                .run("", 1, "docker", "version", "--format", "{{.Server.Version}}").rules();
        Finding f = finding(r.evaluate("docker-desktop"), "macos.docker.running");
        assertEquals(Status.WARN, f.status());
        assertTrue(EN.render(f.fix()).contains("open -a Docker"));
        assertEquals(Verdict.DEGRADED, verdict(r, "docker-desktop"));
    }

    @Test
    void littleMemoryBlocksDockerDesktop() {
        MacosRuleSet r = MacHost.intel("15.7").nothingInstalled().sysctl("hw.memsize", "2147483648").rules();
        assertEquals(Status.FAIL, finding(r.evaluate("docker-desktop"), "macos.docker.memory").status());
    }

    @Test
    void nestedGuestWithHypervisorSupportWarnsButWorks() {
        MacosRuleSet r = MacHost.appleSilicon("Apple M3 Pro", "15.2").sysctl("kern.hv_vmm_present", "1").rules();
        assertEquals(Verdict.DEGRADED, verdict(r, "hvf"));
        assertEquals(Status.PASS, finding(r.evaluate("hvf"), "macos.hvf.support").status());
    }

    @Test
    void notCapturedHypervisorSupportSkipsAndMakesTheVerdictUnknown() {
        MacosRuleSet r = MacHost.appleSilicon("Apple M3", "15.2").sysctl("kern.hv_support", null).rules();
        // Absent kern.hv_support (macOS before 10.10) is "no"; unknown is only what was never captured.
        assertEquals(Status.FAIL, finding(r.evaluate("hvf"), "macos.hvf.support").status());
        MacosRuleSet unknown = new MacosRuleSet(new MacosFacts(new dev.hostvirt.host.SnapshotHost(
                new dev.hostvirt.host.Snapshot(null, new dev.hostvirt.host.HostPlatform("macos", "arm64"),
                        java.util.Map.of(), java.util.Map.of(), List.of(), java.util.Map.of(), java.util.Map.of(),
                        java.util.Map.of(), java.util.Map.of()))));
        assertEquals(Verdict.UNKNOWN, verdict(unknown, "hvf"));
        assertEquals(Verdict.UNKNOWN, verdict(unknown, "nested"));
    }

    @Test
    void everyFindingHasEnglishAndSpanishTexts() {
        Messages es = Messages.forLanguage("es");
        for (String snap : List.of("intel-mojave.json", "apple-silicon-m3-sequoia.json", "rosetta-m1.json",
                "mac-vm-guest.json", "text-only-m2.json")) {
            MacosRuleSet r = snapshot(snap);
            for (String target : r.targets()) {
                for (Finding f : r.evaluate(target)) {
                    assertTrue(f.id().startsWith("macos."), f.id());
                    for (var text : new dev.hostvirt.i18n.Text[] {f.title(), f.detail(), f.fix()}) {
                        if (text != null) {
                            assertTrue(EN.has(text.key()) && es.has(text.key()), text.key());
                            assertNotNull(es.render(text));
                        }
                    }
                }
            }
        }
    }

    @Test
    void orbstackRunsWhenItsDockerContextIsCurrentAndAnswers() {
        String plist = "<key>CFBundleShortVersionString</key><string>1.9.2</string>";
        MacosFacts facts = new MacosFacts(MacHost.appleSilicon("Apple M2", "15.2").nothingInstalled()
                .app("/Applications/OrbStack.app", true).file("/Applications/OrbStack.app/Contents/Info.plist", plist)
                .run("{\"Current\":false,\"Name\":\"desktop-linux\"}\n{\"Current\":true,\"Name\":\"orbstack\"}\n", 0,
                        "docker", "context", "ls", "--format", "json")
                .run("27.3.1\n", 0, "docker", "version", "--format", "{{.Server.Version}}").host());
        assertEquals("1.9.2", facts.orbstack().version());
        assertTrue(facts.orbstack().isRunning());
        assertEquals(false, facts.docker().running(), "Docker Desktop is not installed");
        MacosRuleSet r = new MacosRuleSet(facts);
        assertEquals(Verdict.READY, verdict(r, "containers"));
        assertEquals("Running: orbstack.", EN.render(finding(r.evaluate("containers"), "macos.engine.running").detail()));
    }

    @Test
    void dockerDesktopSupportsTheCurrentAndTwoPreviousReleasesAcrossTheJumpFrom15To26() {
        assertEquals(Status.FAIL, finding(MacHost.appleSilicon("Apple M2", "14.7.1").rules().evaluate("docker-desktop"),
                "macos.docker.macos").status());
        for (String v : List.of("15.0", "26.5.2", "27.2", "28.0")) {
            assertEquals(Status.PASS, finding(MacHost.appleSilicon("Apple M4", v).rules().evaluate("docker-desktop"),
                    "macos.docker.macos").status(), v);
        }
    }

    /** Every fix text of a target, in one language. */
    private static String fixes(MacosRuleSet r, String target, Messages m) {
        StringBuilder sb = new StringBuilder();
        r.evaluate(target).stream().filter(f -> f.fix() != null).forEach(f -> sb.append(m.render(f.fix())).append('\n'));
        return sb.toString();
    }

    @Test
    void fixesNameSystemPreferencesBeforeVenturaAndSystemSettingsFromIt() {
        Messages es = Messages.forLanguage("es");
        MacosRuleSet mojave = snapshot("intel-mojave.json");
        MacosRuleSet monterey = MacHost.appleSilicon("Apple M1", "12.7.6").nothingInstalled()
                .run("colima version 0.6.9\n", 0, "colima", "version").run("", 1, "colima", "status", "--json").rules();
        for (MacosRuleSet old : List.of(mojave, monterey)) {
            for (String target : old.targets()) {
                assertFalse(fixes(old, target, EN).contains("System Settings"), target + ": " + fixes(old, target, EN));
                assertFalse(fixes(old, target, es).contains("Ajustes del Sistema"), target + ": " + fixes(old, target, es));
            }
        }
        assertTrue(fixes(mojave, "docker-desktop", EN).contains("System Preferences > Software Update"));
        assertTrue(fixes(monterey, "containers", EN).contains("System Preferences > Software Update"));
        assertTrue(fixes(monterey, "containers", es).contains("Preferencias del Sistema > Actualización de software"));
        // High Sierra and older update macOS from the App Store.
        assertTrue(fixes(MacHost.intel("10.13.6").rules(), "docker-desktop", EN).contains("App Store"));
        MacosRuleSet sonoma = MacHost.appleSilicon("Apple M2", "14.7.1").rules();
        assertTrue(fixes(sonoma, "docker-desktop", EN).contains("System Settings > General > Software Update"));
        assertTrue(fixes(sonoma, "docker-desktop", es).contains("Ajustes del Sistema > General > Actualización de software"));
    }
}
