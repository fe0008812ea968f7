package dev.hostvirt.facts.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SysctlTextTest {

    @Test
    void appleSiliconSysctlAListsHvSupportedUnderItsDottedName() {
        Map<String, String> m = SysctlText.parse(Resources.text("sysctl-a-m2-monterey.txt"));
        assertEquals("1", m.get("kern.hv.supported"));
        assertFalse(m.containsKey("kern.hv_support"));
        assertEquals("12.5", m.get("kern.osproductversion"));
        assertEquals("10.16", m.get("kern.osproductversioncompat"));
        assertEquals("", m.get("kern.nisdomainname"));
        assertTrue(m.get("kern.version").endsWith("RELEASE_ARM64_T8110"));
        assertEquals("{ hz = 100, tick = 10000, tickadj = 0, profhz = 100, stathz = 100 }", m.get("kern.clockrate"));
    }

    @Test
    void m2ProPasteGivesVmmPresentZero() {
        Map<String, String> m = SysctlText.parse(Resources.text("sysctl-a-m2pro.txt"));
        assertEquals("0", m.get("kern.hv_vmm_present"));
        assertEquals("1", m.get("kern.hv.supported"));
        assertEquals("23.0.0", m.get("kern.osrelease"));
    }

    @Test
    void oldEqualsFormIsReadAndItsNoiseSkipped() {
        Map<String, String> m = SysctlText.parse(Resources.text("sysctl-a-darwin10-equals.txt"));
        assertEquals("Darwin", m.get("kern.ostype"));
        assertEquals("10.6.0", m.get("kern.osrelease"));
        assertEquals("10J567", m.get("kern.osversion"));
        assertEquals("kios-imac.local", m.get("kern.hostname"));
        assertFalse(m.containsKey("kern.maxpartitions"), "no such MIB is not a value");
        assertFalse(m.containsKey("kern.symfile"), "an error is not a value");
        assertFalse(m.keySet().stream().anyMatch(k -> k.contains(" ")));
        assertFalse(m.containsKey("Use"));
    }

    @Test
    void rosettaDumpStillSaysArm64AndShowsEmulatedVmx() {
        Map<String, String> m = SysctlText.parse(Resources.text("sysctl-hw-machdep-rosetta-m1.txt"));
        assertEquals("1", m.get("hw.optional.arm64"));
        assertEquals("1", m.get("hw.optional.x86_64"));
        assertTrue(m.get("machdep.cpu.features").contains("VMX"));
        assertEquals("", m.get("hw.osenvironment"));
    }

    @Test
    void garbageAndNullGiveNothingAndNeverThrow() {
        assertTrue(SysctlText.parse(null).isEmpty());
        assertTrue(SysctlText.parse("").isEmpty());
        assertTrue(SysctlText.parse("sysctl: unknown oid 'sysctl.proc_translated'\n:::\n= 1\n").isEmpty());
        assertEquals("1", SysctlText.parse("kern.hv_support: 1\r\nkern.hv_support: 0\r\n").get("kern.hv_support"));
    }
}
