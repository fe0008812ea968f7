package dev.hostvirt.facts.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void virtualboxVersionWithRevision() {
        Version v = Version.parse("7.1.4r165100");
        assertEquals(new Version(7, 1, 4), v);
        assertTrue(v.atLeast(7, 1));
        assertFalse(Version.parse("7.0.6_BETA4r155176").atLeast(7, 1));
        assertTrue(Version.parse("6.1.50r161033").compareTo(v) < 0);
    }

    @Test
    void macosVersionsArePadded() {
        assertEquals(new Version(12, 5, 0), Version.parse("12.5"));
        assertEquals(new Version(26, 0, 0), Version.parse("26"));
        assertTrue(Version.parse("12.5").compareTo(Version.parse("12.4.9")) > 0);
    }

    @Test
    void findsTheVersionInsideCommandOutput() {
        assertEquals(new Version(5, 2, 5), Version.find("podman version 5.2.5\n"));
        assertEquals(new Version(27, 3, 1), Version.find("Docker version 27.3.1, build ce12230"));
        assertEquals(new Version(0, 8, 1), Version.find("colima version 0.8.1\ngit commit: 96598cc5"));
        assertEquals(new Version(1, 0, 3), Version.find("limactl version 1.0.3"));
    }

    @Test
    void garbageIsNull() {
        assertNull(Version.parse(null));
        assertNull(Version.parse("VBoxManage: command not found"));
        assertNull(Version.find("no digits here"));
        assertNull(Version.parse("99999999999.1"));
    }
}
