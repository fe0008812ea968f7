package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hostvirt.facts.linux.LinuxHostBuilder;
import dev.hostvirt.host.SnapshotCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hostvirt check` end to end, through the same command line Main builds. */
class CheckCommandTest {
    private static final String FIRECRACKER = "src/test/resources/linux/snapshots/firecracker-kvm-guest.json";

    @TempDir
    Path dir;

    private String write(LinuxHostBuilder host) throws IOException {
        Path file = dir.resolve("host.json");
        new SnapshotCodec().write(host.snapshot(), file);
        return file.toString();
    }

    @Test
    void onTheBuildMachineKvmIsBlockedByTheOuterHypervisorAndContainersRunWithRunc() {
        Cli.Run r = Cli.run("check", "--snapshot", FIRECRACKER);
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("virtual machine on KVM"), r.out());
        assertTrue(r.out().contains("that hypervisor does not pass VT-x/AMD-V through"), r.out());
        assertTrue(r.out().contains("Enable nested virtualization on the host that runs this VM"), r.out());
        assertTrue(r.out().contains("crun") && r.out().contains("refuses this hybrid cgroup layout"), r.out());
        assertTrue(r.out().matches("(?s).*\\n  kvm +blocked.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\n  containers +degraded  \\(1 WARN, 1 SKIP\\).*"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void jsonHasTheDocumentedShapeAndOnlyTheCgroupWarningDegradesContainers() throws IOException {
        Cli.Run r = Cli.run("check", "--snapshot", FIRECRACKER, "--json", "--for", "containers,kvm");
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("linux", root.path("platform").path("os").asText());
        assertEquals(2, root.path("targets").size());
        JsonNode containers = root.path("targets").get(0);
        assertEquals("containers", containers.path("target").asText());
        assertEquals("degraded", containers.path("verdict").asText());
        int warnings = 0;
        for (JsonNode f : containers.path("findings")) {
            assertTrue(f.has("id") && f.has("status") && f.has("title") && f.has("detail") && f.has("fix"));
            if (f.path("status").asText().equals("WARN")) {
                warnings++;
                assertEquals("containers.cgroup-mode", f.path("id").asText());
            }
        }
        assertEquals(1, warnings);
        assertEquals("blocked", root.path("targets").get(1).path("verdict").asText());
        assertEquals(1, r.exit());
    }

    @Test
    void handWrittenSnapshotFilesReplayAsDocumented() {
        String dir = "src/test/resources/linux/snapshots/";
        Cli.Run ready = Cli.run("check", "--snapshot", dir + "ubuntu-24.04-intel-laptop-kvm-ready.json", "--for", "kvm",
                "--for", "containers");
        assertEquals(0, ready.exit(), ready.out());
        assertTrue(ready.out().matches("(?s).*\\n  kvm +ready\\n.*"), ready.out());
        Cli.Run held = Cli.run("check", "--snapshot", dir + "ubuntu-25.04-kvm-holds-vtx-virtualbox-7.0.json", "--for",
                "virtualbox", "--json");
        assertEquals(1, held.exit());
        assertTrue(held.out().contains("VERR_VMX_IN_VMX_ROOT_MODE"), held.out());
        assertTrue(held.out().contains("hostvirt switch virtualbox --apply"));
    }

    @Test
    void exitCodeIsZeroWhenEveryRequestedTargetIsReadyOrDegraded() throws IOException {
        assertEquals(0, Cli.run("check", "--snapshot", write(LinuxHostBuilder.intelLaptop()), "--for", "kvm").exit());
        assertEquals(0, Cli.run("check", "--snapshot", FIRECRACKER, "--for", "containers").exit());
    }

    @Test
    void exitCodeIsThreeWhenATargetCannotBeDecidedAndNoneIsBlocked() throws IOException {
        LinuxHostBuilder host = LinuxHostBuilder.intelLaptop().forget("/proc/self/mountinfo");
        Cli.Run r = Cli.run("check", "--snapshot", write(host), "--for", "containers");
        assertEquals(3, r.exit(), r.out());
        assertTrue(r.out().contains("unknown"));
    }

    @Test
    void anUnknownTargetIsBadUsage() {
        Cli.Run r = Cli.run("check", "--snapshot", FIRECRACKER, "--for", "hyperv");
        assertEquals(2, r.exit());
        assertEquals("hostvirt: unknown target 'hyperv' for this platform; choose from kvm, virtualbox, vmware, "
                + "containers, rootless-containers, lxc\n", r.err());
    }

    @Test
    void spanishIsChosenByTheLocaleOrByLang() {
        Cli.Run byLocale = Cli.run(() -> null, Locale.forLanguageTag("es-ES"), Map.of(), "check", "--snapshot", FIRECRACKER);
        assertTrue(byLocale.out().contains("Veredictos"), byLocale.out());
        assertTrue(byLocale.out().contains("bloqueado"));
        Cli.Run byOption = Cli.run("check", "--snapshot", FIRECRACKER, "--lang", "es", "--json");
        assertTrue(byOption.out().contains("\"verdict\" : \"blocked\""), "JSON verdicts stay English");
        assertTrue(byOption.out().contains("hipervisor"), byOption.out());
        assertEquals(byLocale.exit(), byOption.exit());
    }

    @Test
    void verboseShowsCheckIdsAndSources() {
        Cli.Run r = Cli.run("check", "--snapshot", FIRECRACKER, "--for", "kvm", "--verbose");
        assertTrue(r.out().contains("[kvm.device] path:/dev/kvm, value:linux.kvm.apiVersion"), r.out());
    }

    @Test
    void spanishVerboseSaysInSpanishWhatASourceShowedAndKeepsItsPathVerbatim() {
        Cli.Run check = Cli.run("check", "--lang", "es", "--snapshot", FIRECRACKER, "--for", "kvm", "-v");
        assertTrue(check.out().contains("[cpu.virtualization] file:/proc/cpuinfo (sin vmx/svm bajo un hipervisor)"),
                check.out());
        Cli.Run facts = Cli.run("facts", "--lang", "es", "--snapshot", FIRECRACKER, "-v");
        assertTrue(facts.out().contains("<- file:/proc/cpuinfo (indicador hypervisor)"), facts.out());
        Cli.Run json = Cli.run("facts", "--lang", "es", "--snapshot", FIRECRACKER, "--json");
        assertTrue(json.out().contains("\"file:/proc/cpuinfo (sin vmx/svm bajo un hipervisor)\""), json.out());
        for (Cli.Run r : new Cli.Run[] {check, facts, json}) {
            assertFalse(r.out().contains("under a hypervisor") || r.out().contains("hypervisor flag"), r.out());
            assertFalse(r.out().contains("(note:"), r.out());
        }
        Cli.Run english = Cli.run("check", "--snapshot", FIRECRACKER, "--for", "kvm", "-v");
        assertTrue(english.out().contains("file:/proc/cpuinfo (no vmx/svm under a hypervisor)"), english.out());
    }

    @Test
    void noColourWithoutATerminal() {
        Cli.Run r = Cli.run("check", "--snapshot", FIRECRACKER);
        assertFalse(r.out().contains("\u001b["));
    }

    @Test
    void factsCarryTheirSourcesAndUseThePublicKeys() throws IOException {
        Cli.Run r = Cli.run("facts", "--snapshot", FIRECRACKER, "--json");
        JsonNode facts = new ObjectMapper().readTree(r.out());
        for (String key : new String[] {"os.name", "os.kernel", "cpu.vendor", "cpu.virtualization", "cpu.slat",
            "cpu.firmwareVirtualization", "hypervisor.present", "hypervisor.vendor", "container.inside", "kvm.device",
            "kvm.modules", "virtualbox.version", "linux.cgroupMode", "runtime.runc", "runtime.crun"}) {
            assertTrue(facts.has(key), key);
            assertTrue(facts.path(key).has("value") && facts.path(key).has("source"), key);
        }
        assertEquals("none", facts.path("cpu.virtualization").path("value").asText());
        assertEquals("unknown", facts.path("cpu.firmwareVirtualization").path("value").asText());
        assertEquals("kvm", facts.path("hypervisor.vendor").path("value").asText());
        assertEquals("hybrid", facts.path("linux.cgroupMode").path("value").asText());
        assertEquals("amd", facts.path("cpu.vendor").path("value").asText());
        assertEquals(0, r.exit());
    }

    @Test
    void helpListsTheExitCodesAndTeaches() {
        Cli.Run r = Cli.run("check", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Exit codes"));
        assertTrue(r.out().contains("hostvirt check --snapshot"));
        assertTrue(Cli.run("--help").out().contains("125"));
    }

    @Test
    void spanishHelpHasSpanishHeadingsToo() {
        java.util.function.Function<String[], String> es = args -> Cli.run(() -> {
            throw new AssertionError("help reads no host");
        }, java.util.Locale.forLanguageTag("es"), java.util.Map.of(), args).out();
        String root = es.apply(new String[] {"--help"});
        assertTrue(root.startsWith("Uso: hostvirt ") && root.contains("\nÓrdenes:\n") && root.contains("Códigos de salida:"), root);
        assertFalse(root.contains("Usage:") || root.contains("Commands:") || root.contains("Exit codes"), root);
        assertTrue(es.apply(new String[] {"run", "--help"}).contains("Uso: hostvirt run "));
        assertTrue(Cli.run("--help").out().startsWith("Usage: hostvirt "), "English stays English");
    }

    @Test
    void aTypoGetsOneLineASuggestionAndExitTwo() {
        Cli.Run r = Cli.run("chekc");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Did you mean: hostvirt check"), r.err());
        assertTrue(r.err().contains("Run 'hostvirt --help' for usage."));
        assertFalse(r.err().contains("Exception"));
    }

    @Test
    void sourcesListTheLinuxProbesInputs() {
        Cli.Run r = Cli.run("sources", "--os", "linux");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("/proc/cpuinfo"));
        assertTrue(r.out().contains("linux.kvm.apiVersion"));
    }
}
