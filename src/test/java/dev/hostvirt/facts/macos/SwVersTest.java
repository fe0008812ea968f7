package dev.hostvirt.facts.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SwVersTest {

    @Test
    void pastedWithSpaces() {
        SwVers s = SwVers.parse(Resources.text("sw_vers-26.5.2.txt"));
        assertEquals("macOS", s.productName());
        assertEquals("26.5.2", s.productVersion());
        assertEquals("25F84", s.buildVersion());
    }

    @Test
    void printedWithTabsAndCrLf() {
        SwVers s = SwVers.parse("ProductName:\t\tMac OS X\r\nProductVersion:\t\t10.14.6\r\nBuildVersion:\t\t18G103\r\n");
        assertEquals("Mac OS X", s.productName());
        assertEquals("10.14.6", s.productVersion());
        assertEquals("18G103", s.buildVersion());
    }

    @Test
    void oddInputGivesNulls() {
        SwVers s = SwVers.parse("sw_vers: command not found\nProductVersion:\n");
        assertNull(s.productName());
        assertNull(s.productVersion());
        assertNull(SwVers.parse(null).buildVersion());
    }
}
