package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EarlyProbingTest {
    private static boolean worthIt(String... args) {
        return EarlyProbing.worthIt(args);
    }

    @Test
    void probesEarlyForTheCommandsThatReadThisMachine() {
        assertTrue(worthIt("check"));
        assertTrue(worthIt("check", "--lang", "es", "--for", "kvm", "--json"));
        assertTrue(worthIt("facts", "--json"));
        assertTrue(worthIt("snapshot", "-o", "host.json"));
    }

    @Test
    void neverForAReplayHelpOrAnotherCommand() {
        assertFalse(worthIt("check", "--snapshot", "host.json"));
        assertFalse(worthIt("check", "--snapshot=host.json"));
        assertFalse(worthIt("check", "--help"));
        assertFalse(worthIt("facts", "-h"));
        assertFalse(worthIt("--version"));
        assertFalse(worthIt());
        assertFalse(worthIt("run", "busybox", "check"));
        assertFalse(worthIt("switch", "hyperv"));
        assertFalse(worthIt("chekc"));
    }
}
