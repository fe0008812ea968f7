package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hostvirt.facts.macos.Snapshots;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** hostvirt check/facts/sources on macOS snapshots, end to end through the configured command line. */
class MacosCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CliEnvironment env = new CliEnvironment(new PrintWriter(out), new PrintWriter(err), Map.of(), Locale.ENGLISH,
                false, () -> {
                    throw new AssertionError("a snapshot run must not touch the live host");
                }, Clock.systemUTC(), Snapshots.path("intel-mojave.json").getParent());
        return CommandLineFactory.create(env).execute(args);
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    private static Map<String, String> verdicts(JsonNode report) {
        Map<String, String> v = new HashMap<>();
        report.path("targets").forEach(t -> v.put(t.path("target").asText(), t.path("verdict").asText()));
        return v;
    }

    @Test
    void intelMojaveIsBlockedForDockerDesktopAndExitsOne() throws Exception {
        int code = run("check", "--snapshot", "intel-mojave.json", "--json");
        assertEquals(1, code, err.toString());
        JsonNode r = json(out.toString());
        assertEquals(Map.of("virtualbox", "degraded", "docker-desktop", "blocked", "containers", "blocked",
                "hvf", "ready", "nested", "blocked"), verdicts(r));
        assertEquals("macos", r.path("platform").path("os").asText());
        assertEquals("10.14", r.path("platform").path("version").asText());
        assertEquals("amd64", r.path("platform").path("arch").asText());
        assertEquals(1, r.path("exitCode").asInt());
        assertEquals("", err.toString());
    }

    @Test
    void m3MaxIsReadyForEverythingButAnUninstalledDockerDesktop() throws Exception {
        assertEquals(0, run("check", "--snapshot", "apple-silicon-m3-sequoia.json",
                "--for", "virtualbox,containers,hvf,nested", "--json"));
        assertEquals(Map.of("virtualbox", "ready", "containers", "ready", "hvf", "ready", "nested", "ready"),
                verdicts(json(out.toString())));
    }

    @Test
    void engineStateNotCapturedMakesContainersUnknownAndExitsThree() throws Exception {
        assertEquals(3, run("check", "--snapshot", "text-only-m2.json", "--for", "containers", "--json"));
        assertEquals("unknown", verdicts(json(out.toString())).get("containers"));
    }

    @Test
    void textOnlySnapshotIsReadyForHvfInPlainText() {
        assertEquals(0, run("check", "--snapshot", "text-only-m2.json", "--for", "hvf"));
        String text = out.toString();
        assertTrue(text.startsWith("hostvirt check: macOS, version 12.5, build 21G72, arm64\n"), text);
        assertTrue(text.contains("PASS  Hypervisor.framework is usable (kern.hv_support)"), text);
        assertTrue(text.contains("hvf  ready"), text);
    }

    @Test
    void rosettaFactsReportTheRealArchitectureWithTheirSources() throws Exception {
        assertEquals(0, run("facts", "--snapshot", "rosetta-m1.json", "--json"));
        JsonNode f = json(out.toString());
        assertEquals("arm64", f.path("cpu.arch").path("value").asText());
        assertEquals("sysctl:hw.optional.arm64", f.path("cpu.arch").path("source").asText());
        assertTrue(f.path("process.translated").path("value").asBoolean());
        assertEquals("Apple", f.path("cpu.vendor").path("value").asText());
        assertEquals("12.0", f.path("os.version").path("value").asText());
        assertFalse(f.path("hypervisor.present").path("value").asBoolean());
        assertTrue(f.path("macos.hvSupport").path("value").asBoolean());
        assertEquals("6.1.50r161033", f.path("virtualbox.version").path("value").asText());
        JsonNode podman = f.path("engine.podman").path("value");
        assertEquals("5.2.5", podman.path("version").asText());
        assertFalse(podman.path("running").asBoolean());
        assertEquals("applehv", podman.path("vmType").asText());
        assertFalse(f.path("engine.docker").path("value").path("installed").asBoolean());
        JsonNode colima = f.path("engine.colima").path("value").path("installed");
        assertTrue(colima.isBoolean() && !colima.asBoolean(), "colima was captured as not found");
    }

    @Test
    void guestFactsComeFromSwVersAndTheSysctlSection() throws Exception {
        assertEquals(0, run("facts", "--snapshot", "mac-vm-guest.json", "--json"));
        JsonNode f = json(out.toString());
        assertTrue(f.path("hypervisor.present").path("value").asBoolean());
        assertEquals("26.5.2", f.path("os.version").path("value").asText());
        assertEquals("command:sw_vers", f.path("os.version").path("source").asText());
        assertEquals("none", f.path("virtualbox.version").path("value").asText());
        assertEquals("unknown", f.path("cpu.brand").path("value").asText());
    }

    @Test
    void spanishReport() {
        assertEquals(1, run("check", "--snapshot", "rosetta-m1.json", "--lang", "es"));
        String text = out.toString();
        assertTrue(text.contains("versión 12.0"), text);
        assertTrue(text.contains("Java se ejecuta de forma nativa (no bajo Rosetta 2)"), text);
        assertTrue(text.contains("VirtualBox 6.1.50r161033 no funciona en Apple silicon"), text);
        assertTrue(text.contains("Actualice a VirtualBox 7.1 o posterior: brew upgrade --cask virtualbox"), text);
        assertFalse(text.contains("macos."), "no untranslated key may leak: " + text);
    }

    @Test
    void spanishJsonKeepsIdsAndVerdictsEnglish() throws Exception {
        assertEquals(1, run("check", "--snapshot", "mac-vm-guest.json", "--for", "hvf", "--json", "--lang", "es"));
        JsonNode r = json(out.toString());
        JsonNode hvf = r.path("targets").get(0);
        assertEquals("blocked", hvf.path("verdict").asText());
        JsonNode first = hvf.path("findings").get(0);
        assertEquals("macos.hvf.support", first.path("id").asText());
        assertEquals("FAIL", first.path("status").asText());
        assertTrue(first.path("detail").asText().startsWith("Este Mac es a su vez una máquina virtual"));
    }

    @Test
    void sourcesForMacosListTheSysctlsAndCommands() throws Exception {
        assertEquals(0, run("sources", "--os", "macos"));
        String text = out.toString();
        for (String s : new String[] {"kern.hv_support", "hw.optional.arm64", "sysctl.proc_translated",
                "kern.hv_vmm_present", "machdep.cpu.brand_string", "machdep.cpu.features", "hw.memsize", "hw.ncpu",
                "kern.osproductversion", "sw_vers", "sysctl -a", "VBoxManage --version",
                "podman machine list --format json", "limactl list --json", "docker context ls --format json"}) {
            assertTrue(text.contains(s), s + " missing from:\n" + text);
        }
        out.getBuffer().setLength(0);
        assertEquals(0, run("sources", "--os", "macos", "--json", "--lang", "es"));
        JsonNode list = json(out.toString());
        assertEquals("sysctl", list.get(0).path("kind").asText());
        assertEquals("kern.hv_support", list.get(0).path("name").asText());
        assertEquals("Hypervisor.framework disponible (la comprobación decisiva)", list.get(0).path("purpose").asText());
    }

    @Test
    void unknownTargetIsAUsageErrorInOneLine() {
        assertEquals(2, run("check", "--snapshot", "intel-mojave.json", "--for", "kvm"));
        assertEquals("", out.toString());
        String e = err.toString();
        assertTrue(e.startsWith("hostvirt: unknown target 'kvm' for this platform; choose from virtualbox, docker-desktop"), e);
        assertEquals(1, e.strip().lines().count(), e);
    }

    @Test
    void snapshotPathResolvesAgainstTheWorkingDirectory() {
        Path abs = Snapshots.path("mac-vm-guest.json");
        assertEquals(1, run("check", "--snapshot", abs.toString(), "--for", "nested"));
    }
}
