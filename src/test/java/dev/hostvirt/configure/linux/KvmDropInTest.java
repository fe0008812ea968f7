package dev.hostvirt.configure.linux;

import static dev.hostvirt.rules.linux.VirtualBoxKvmMatrix.Persist.BLACKLIST;
import static dev.hostvirt.rules.linux.VirtualBoxKvmMatrix.Persist.ENABLE_VIRT_AT_LOAD_OFF;
import static dev.hostvirt.rules.linux.VirtualBoxKvmMatrix.Persist.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class KvmDropInTest {
    @Test
    void dropInTextsCarryTheMarkerAndTheExactDirective() {
        assertNull(KvmDropIn.text(NONE, "x"));
        assertEquals(LinuxPlanner.DROP_IN_MARKER + "\n# why\noptions kvm enable_virt_at_load=0\n",
                KvmDropIn.text(ENABLE_VIRT_AT_LOAD_OFF, "why"));
        assertEquals(LinuxPlanner.DROP_IN_MARKER + "\n# why\nblacklist kvm_intel\nblacklist kvm_amd\n",
                KvmDropIn.text(BLACKLIST, "why"));
    }
}
