package dev.hostvirt.facts.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.host.CommandRecord;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.Snapshot;
import dev.hostvirt.host.SnapshotHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MacosFactsTest {

    @Test
    void intelMacReadsCpuFromSysctlTextAndVersionFromTheSysctlSection() {
        MacosFacts f = new MacosFacts(Snapshots.host("intel-mojave.json"));
        assertEquals("amd64", f.cpuArch().value());
        assertEquals("sysctl:hw.optional.arm64", f.cpuArch().source(), "absent key = Intel, from sysctlbyname");
        assertEquals("Intel", f.cpuVendor().value());
        assertEquals("command:sysctl -a", f.cpuVendor().source());
        assertTrue(f.vmx().value());
        assertEquals("10.14", f.osVersion().value());
        assertEquals("sysctl:kern.osproductversion", f.osVersion().source());
        assertEquals(false, f.translated().value());
        assertEquals(false, f.hypervisorPresent().value(), "no kern.hv_vmm_present before 11.3; no VMM flag");
        assertEquals("6.1.50r161033", f.virtualboxVersion().value());
        assertFalse(f.podman().isInstalled());
        assertNull(f.memoryBytes().value());
    }

    @Test
    void rosettaReportsTheRealChipAndTheTranslation() {
        MacosFacts f = new MacosFacts(Snapshots.host("rosetta-m1.json"));
        assertEquals("arm64", f.cpuArch().value(), "hw.optional.arm64 wins over the amd64 JVM");
        assertEquals("Apple", f.cpuVendor().value());
        assertTrue(f.translated().value());
        assertFalse(f.vmx().value(), "the emulated feature list shows VMX; it is not an Intel CPU");
        assertEquals(1, f.appleChipGeneration());
        assertEquals(false, f.hypervisorPresent().value());
        Engine podman = f.podman();
        assertEquals("5.2.5", podman.version());
        assertEquals(false, podman.running());
        assertEquals("applehv", podman.vmType());
    }

    @Test
    void rosettaWithoutTheProcTranslatedKeyIsInferredFromAnAmd64JvmOnAppleSilicon() {
        Snapshot s = new Snapshot(null, new HostPlatform("macos", "amd64"), Map.of(), Map.of(), List.of(),
                Map.of(), Map.of(), Map.of("hw.optional.arm64", "1"), Map.of());
        MacosFacts f = new MacosFacts(new SnapshotHost(s));
        assertTrue(f.translated().value());
        assertTrue(f.translated().source().startsWith("platform.arch"));
    }

    @Test
    void appleSiliconM3() {
        MacosFacts f = new MacosFacts(Snapshots.host("apple-silicon-m3-sequoia.json"));
        assertEquals(3, f.appleChipGeneration());
        assertEquals(38654705664L, f.memoryBytes().value());
        assertEquals(14L, f.cpuCount().value());
        assertTrue(f.hvSupport().value());
        assertEquals("15.0", f.osVersion().value());
        Engine colima = f.colima();
        assertTrue(colima.isRunning());
        assertEquals("0.8.1", colima.version());
        assertEquals("macOS Virtualization.Framework", colima.vmType());
        assertEquals("vz", f.lima().vmType());
        assertEquals("7.1.4r165100", f.virtualboxVersion().value());
    }

    @Test
    void vmGuestTakesTheVersionFromSwVers() {
        MacosFacts f = new MacosFacts(Snapshots.host("mac-vm-guest.json"));
        assertTrue(f.hypervisorPresent().value());
        assertFalse(f.hvSupport().value());
        assertEquals("26.5.2", f.osVersion().value());
        assertEquals("command:sw_vers", f.osVersion().source());
        assertEquals("none", f.virtualboxVersion().value());
        assertNull(f.appleChipGeneration(), "brand not captured");
    }

    @Test
    void textOnlySnapshotUsesTheAppleSiliconAliasForHvSupport() {
        MacosFacts f = new MacosFacts(Snapshots.host("text-only-m2.json"));
        assertTrue(f.hvSupport().value());
        assertEquals("command:sysctl -a (kern.hv.supported)", f.hvSupport().source());
        assertEquals("12.5", f.osVersion().value(), "kern.osproductversion, not the 10.16 compat value");
        assertEquals("command:sysctl -a", f.osVersion().source());
        assertEquals("arm64", f.cpuArch().value());
        assertEquals(2, f.appleChipGeneration());
        assertNull(f.docker().installed(), "nothing about engines was captured");
        assertNull(f.virtualboxVersion().value());
    }

    @Test
    void sysctlSectionWinsOverSysctlAText() {
        Snapshot s = new Snapshot(null, new HostPlatform("macos", "arm64"), Map.of(), Map.of(),
                List.of(new CommandRecord(List.of("sysctl", "-a"), 0, "kern.osproductversion: 12.5\n", "")),
                Map.of(), Map.of(), Map.of("kern.osproductversion", "14.6.1"), Map.of());
        MacosFacts f = new MacosFacts(new SnapshotHost(s));
        assertEquals("14.6.1", f.osVersion().value());
        assertEquals("sysctl:kern.osproductversion", f.osVersion().source());
    }

    @Test
    void compatVersionIsIgnoredForSwVers() {
        Snapshot s = new Snapshot(null, new HostPlatform("macos", "amd64"), Map.of(), Map.of(),
                List.of(new CommandRecord(List.of("sw_vers"), 0, "ProductName:\tmacOS\nProductVersion:\t13.6.1\n", "")),
                Map.of(), Map.of(), Map.of("kern.osproductversion", "10.16"), Map.of());
        assertEquals("13.6.1", new MacosFacts(new SnapshotHost(s)).osVersion().value());
    }

    @Test
    void sheetHasThePublicKeysInOrder() {
        MacosFacts f = new MacosFacts(Snapshots.host("apple-silicon-m3-sequoia.json"));
        List<String> keys = List.copyOf(f.sheet().asMap().keySet());
        assertTrue(keys.containsAll(List.of("os.name", "os.version", "cpu.vendor", "cpu.arch", "process.translated",
                "hypervisor.present", "macos.hvSupport", "virtualbox.version", "engine.docker", "engine.podman",
                "engine.colima", "engine.lima")));
        assertEquals("os.name", keys.get(0));
    }

    @Test
    void intelCiRunnerIsAGuestByItsVmmCpuFlag() {
        Snapshot s = new Snapshot(null, new HostPlatform("macos", "amd64"), Map.of(), Map.of(),
                List.of(new CommandRecord(List.of("sysctl", "-a"), 0, Resources.text("sysctl-machdep-intel-ci-runner.txt"), "")),
                Map.of(), Map.of(), Map.of(), Map.of());
        MacosFacts f = new MacosFacts(new SnapshotHost(s));
        assertTrue(f.hypervisorPresent().value());
        assertEquals("command:sysctl -a", f.hypervisorPresent().source());
        assertTrue(f.vmx().value(), "an Intel guest with VMX passed through");
        assertEquals("amd64", f.cpuArch().value(), "hw.optional.arm64 missing from sysctl -a = Intel");
    }
}
