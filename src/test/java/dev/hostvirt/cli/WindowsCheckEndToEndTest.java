package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-machine Windows snapshots replayed through the real command line, on whatever OS runs the
 * tests: verdicts, exit codes, fixes, Spanish output, facts and the sources list.
 */
class WindowsCheckEndToEndTest {

    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out + err, e);
            }
        }

        Map<String, String> verdicts() {
            Map<String, String> m = new LinkedHashMap<>();
            json().get("targets").forEach(t -> m.put(t.get("target").asText(), t.get("verdict").asText()));
            return m;
        }

        JsonNode finding(String target, String id) {
            for (JsonNode t : json().get("targets")) {
                if (t.get("target").asText().equals(target)) {
                    for (JsonNode f : t.get("findings")) {
                        if (f.get("id").asText().equals(id)) {
                            return f;
                        }
                    }
                }
            }
            throw new AssertionError("no finding " + id + " in " + target + ": " + out);
        }
    }

    static Path snapshot(String name) {
        try {
            return Path.of(WindowsCheckEndToEndTest.class.getResource("/windows/snapshots/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(new PrintWriter(out), new PrintWriter(err), Map.of(), Locale.ENGLISH,
                false, () -> {
                    throw new AssertionError("a snapshot run must never touch the live host");
                }, Clock.systemUTC(), Path.of("."));
        int exit = CommandLineFactory.create(env).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run check(String snapshot, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "check";
        args[1] = "--snapshot";
        args[2] = snapshot(snapshot).toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return run(args);
    }

    @Test
    void spanishWindows10ProWithHyperVAndVirtualBox52() {
        Run r = check("win10-pro-es-hyperv-virtualbox52.json", "--json");
        assertEquals(1, r.exit(), r.err());
        Map<String, String> v = r.verdicts();
        assertEquals("ready", v.get("hyperv"), r.out());
        assertEquals("blocked", v.get("virtualbox"), r.out());
        JsonNode vbox = r.finding("virtualbox", "windows.virtualbox.hypervisor");
        assertEquals("FAIL", vbox.get("status").asText());
        assertTrue(vbox.get("detail").asText().contains("VERR_VMX_NO_VMX"));
        String fix = vbox.get("fix").asText();
        // Quoted, so that it can be pasted into PowerShell as into cmd (unquoted, PowerShell reads {current}
        // as a script block: "The set command specified is not valid").
        assertTrue(fix.contains("bcdedit /set \"{current}\" hypervisorlaunchtype off"), fix);
        assertTrue(fix.contains("bcdedit /copy \"{current}\""), "second boot entry offered: " + fix);
        assertTrue(fix.contains("bcdedit /set \"{GUID}\""), fix);
        assertTrue(fix.contains("elevated") && fix.contains("reboot"), fix);
        assertTrue(fix.contains("Hyper-V"), "names what stops working: " + fix);
        // Hyper-V's CPU checks pass although Win32_Processor reads false: the hypervisor runs.
        assertEquals("PASS", r.finding("hyperv", "windows.firmware").get("status").asText());
        assertEquals("PASS", r.finding("hyperv", "windows.slat").get("status").asText());
        assertEquals("blocked", v.get("wsl2"), "VirtualMachinePlatform is disabled");
    }

    @Test
    void spanishOutputWithLangEs() {
        Run r = check("win10-pro-es-hyperv-virtualbox52.json", "--lang", "es");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("VirtualBox 5.2.44 no puede funcionar mientras el hipervisor de Windows ocupa VT-x"), r.out());
        assertTrue(r.out().contains("Requiere: un símbolo del sistema elevado (administrador) y después reiniciar."), r.out());
        assertTrue(r.out().contains("bloqueado"), r.out());
        assertFalse(r.out().contains("windows."), "no untranslated key: " + r.out());
    }

    @Test
    void windows11HomeWithFirmwareVirtualizationOffBlocksEverything() {
        Run r = check("win11-home-firmware-off.json", "--json");
        assertEquals(1, r.exit());
        r.verdicts().forEach((target, verdict) -> assertEquals("blocked", verdict, target + ": " + r.out()));
        JsonNode fw = r.finding("virtualbox", "windows.firmware");
        assertEquals("FAIL", fw.get("status").asText());
        assertTrue(fw.get("fix").asText().contains("VT-x") && fw.get("fix").asText().contains("SVM"), fw.toString());
        assertTrue(fw.get("fix").asText().contains("firmware setup"), fw.toString());
        assertEquals("FAIL", r.finding("hyperv", "windows.edition").get("status").asText());
        assertEquals("FAIL", r.finding("sandbox", "windows.edition").get("status").asText());
        assertEquals("FAIL", r.finding("windows-containers", "windows.edition").get("status").asText());
        // Home may run WSL2: its edition is never what blocks it.
        assertTrue(r.json().toString().contains("\"target\":\"wsl2\""));
        for (JsonNode t : r.json().get("targets")) {
            if (t.get("target").asText().equals("wsl2")) {
                t.get("findings").forEach(f -> assertFalse(f.get("id").asText().equals("windows.edition")));
            }
        }
    }

    @Test
    void windows11ProWithMemoryIntegrityAndVirtualBox7IsDegradedAndOffWouldNotHelp() {
        Run r = check("win11-pro-hvci-virtualbox7.json", "--json");
        Map<String, String> v = r.verdicts();
        assertEquals("degraded", v.get("virtualbox"), r.out());
        JsonNode nem = r.finding("virtualbox", "windows.virtualbox.hypervisor");
        assertEquals("WARN", nem.get("status").asText());
        assertTrue(nem.get("detail").asText().contains("turtle"), nem.toString());
        assertTrue(nem.get("fix").asText().contains("would NOT help"), nem.toString());
        assertTrue(nem.get("fix").asText().contains("memory integrity"), nem.toString());
        JsonNode pinned = r.finding("virtualbox", "windows.hypervisor.pinned");
        assertEquals("WARN", pinned.get("status").asText());
        assertTrue(pinned.get("detail").asText().contains("memory integrity (HVCI)"), pinned.toString());
        assertEquals("PASS", r.finding("virtualbox", "windows.virtualbox.whp").get("status").asText());
        assertEquals("ready", v.get("wsl2"), r.out());
        assertEquals("ready", v.get("docker-desktop"), r.out());
        assertEquals("blocked", v.get("hyperv"), "Hyper-V feature disabled");
        assertTrue(r.finding("hyperv", "windows.feature.hyperv").get("fix").asText()
                .contains("/FeatureName:Microsoft-Hyper-V-All"));
    }

    @Test
    void windowsGuestInsideVirtualBoxWithoutNestedVirtualization() {
        Run r = check("win10-guest-virtualbox-no-nested.json", "--json");
        assertEquals(1, r.exit());
        for (String target : new String[] {"hyperv", "wsl2", "docker-desktop", "sandbox", "windows-containers", "containers"}) {
            assertEquals("blocked", r.verdicts().get(target), target);
            JsonNode nested = r.finding(target, "windows.nested");
            assertEquals("FAIL", nested.get("status").asText());
            assertTrue(nested.get("fix").asText().contains("--nested-hw-virt on"), nested.toString());
            assertTrue(nested.get("fix").asText().contains("outer host"), nested.toString());
        }
        // Not "firmware off": inside a VM that would be the wrong advice.
        assertFalse(r.out().contains("windows.firmware"), r.out());
    }

    @Test
    void pastedTextOnlyStillGivesADiagnosis() {
        Run r = check("pasted-text-es-launchtype-off.json", "--json");
        Map<String, String> v = r.verdicts();
        assertEquals(1, r.exit(), r.out());
        assertEquals("ready", v.get("virtualbox"), r.out());
        assertEquals("blocked", v.get("wsl2"), r.out());
        JsonNode lt = r.finding("wsl2", "windows.launchtype");
        assertEquals("FAIL", lt.get("status").asText());
        assertTrue(lt.get("fix").asText().contains("hypervisorlaunchtype auto"));
        assertEquals("PASS", r.finding("wsl2", "windows.firmware").get("status").asText());
        assertEquals("PASS", r.finding("wsl2", "windows.wsl.installed").get("status").asText());
    }

    @Test
    void pastedTextFactsComeFromTheTextSources() {
        Run r = run("facts", "--snapshot", snapshot("pasted-text-es-launchtype-off.json").toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode f = r.json();
        assertEquals("off", f.get("windows.hypervisorLaunchType").get("value").asText());
        assertEquals("command:bcdedit /enum {current}", f.get("windows.hypervisorLaunchType").get("source").asText());
        assertEquals("19045", f.get("os.build").get("value").asText());
        assertEquals("pro", f.get("os.edition").get("value").asText());
        assertEquals("6.1.32", f.get("virtualbox.version").get("value").asText());
        assertEquals(2, f.get("wsl.defaultVersion").get("value").asInt());
        assertEquals(false, f.get("hypervisor.present").get("value").asBoolean());
        assertTrue(f.get("wsl.distributions").get("value").toString().contains("Ubuntu (WSL2)"), f.toString());
    }

    @Test
    void factsUseTheIssuesPublicKeysAndLanguageNeutralSourcesWin() {
        Run r = run("facts", "--snapshot", snapshot("win11-pro-hvci-virtualbox7.json").toString(), "--json");
        JsonNode f = r.json();
        for (String key : new String[] {"os.name", "os.build", "os.edition", "process.elevated", "cpu.vendor",
            "cpu.virtualization", "cpu.slat", "cpu.firmwareVirtualization", "hypervisor.present", "hypervisor.vendor",
            "windows.hypervisorLaunchType", "windows.vbs", "windows.hvci", "windows.credentialGuard",
            "windows.features.Microsoft-Hyper-V-All", "windows.features.VirtualMachinePlatform", "wsl.installed",
            "wsl.defaultVersion", "virtualbox.version", "vmware.version"}) {
            assertTrue(f.has(key), key + " missing: " + f);
        }
        assertEquals("22631.4460", f.get("os.build").get("value").asText());
        assertEquals("amd", f.get("cpu.vendor").get("value").asText());
        assertEquals("running", f.get("windows.hvci").get("value").asText());
        assertTrue(f.get("windows.hvci").get("source").asText().startsWith("wmi:"), "WMI wins over the registry");
        assertEquals("auto", f.get("windows.hypervisorLaunchType").get("value").asText());
        assertEquals("microsoft", f.get("hypervisor.vendor").get("value").asText());
        assertEquals("7.0.14", f.get("virtualbox.version").get("value").asText());
        assertEquals("unknown", f.get("vmware.version").get("value").asText());
        assertEquals("enabled", f.get("windows.features.VirtualMachinePlatform").get("value").asText());
    }

    @Test
    void sourcesForWindowsListsWmiRegistryValuesAndTextFallbacks() {
        Run r = run("sources", "--os", "windows");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("ROOT\\CIMV2:Win32_ComputerSystem"), r.out());
        assertTrue(r.out().contains("bcdedit /enum {current}"), r.out());
        assertTrue(r.out().contains("process.elevationType"), r.out());
        Run es = run("sources", "--os", "windows", "--lang", "es");
        assertTrue(es.out().contains("Texto de respaldo"), es.out());
    }

    @Test
    void aWindowsSnapshotWithNothingCapturedIsUnknownNotBlocked(@TempDir Path dir)
            throws Exception {
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "{\"format\":\"hostvirt-snapshot/1\",\"platform\":{\"os\":\"windows\",\"arch\":\"amd64\"}}");
        Run r = run("check", "--snapshot", empty.toString(), "--json");
        assertEquals(3, r.exit(), r.out() + r.err());
        r.verdicts().forEach((t, v) -> assertEquals("unknown", v, t));
        Run facts = run("facts", "--snapshot", empty.toString());
        assertEquals(0, facts.exit());
        assertTrue(facts.out().contains("windows.hypervisorLaunchType"), facts.out());
    }

    /** QA repro-11: the hypervisor detected, no product that needs it found: the fix said "these stop working: -.". */
    @Test
    void whatStopsWorkingIsNeverADash() {
        for (String lang : List.of("en", "es")) {
            Run r = check("text-es-home-hv-detected-bcd-denied.json", "--for", "virtualbox", "--lang", lang);
            assertTrue(r.out().contains("Docker Desktop"), r.out());
            assertFalse(r.out().contains(": -."), r.out());
        }
    }

    @Test
    void unknownTargetIsAUsageError() {
        Run r = check("win11-home-firmware-off.json", "--for", "kvm");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown target 'kvm'"), r.err());
    }
}
