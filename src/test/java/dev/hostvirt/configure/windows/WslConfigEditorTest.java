package dev.hostvirt.configure.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hostvirt.configure.ConfigureException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WslConfigEditorTest {

    @Test
    void changesOnlyTheOneLineAndKeepsCommentsBlankLinesAndCrlf() {
        String in = "# my settings\r\n\r\n[wsl2]\r\n; keep this\r\nmemory = 8GB\r\nkernelCommandLine = quiet\r\n\r\n[experimental]\r\nautoMemoryReclaim=gradual\r\n";
        String out = WslConfigEditor.set(in, "memory", "4GB");
        assertEquals(in.replace("memory = 8GB", "memory = 4GB"), out);
    }

    @Test
    void addsAMissingKeyAtTheEndOfTheSectionAndAMissingSectionAtTheEnd() {
        String in = "[wsl2]\nmemory=8GB\n\n[experimental]\nsparseVhd=true\n";
        assertEquals("[wsl2]\nmemory=8GB\nprocessors=2\n\n[experimental]\nsparseVhd=true\n", WslConfigEditor.set(in, "processors", "2"));
        assertEquals("[user]\ndefault=alice\n\n[wsl2]\nnestedVirtualization=true\n",
                WslConfigEditor.set("[user]\ndefault=alice\n", "nestedVirtualization", "true"));
        assertEquals("[wsl2]\nmemory=4GB\n", WslConfigEditor.set("", "memory", "4GB"));
    }

    @Test
    void readsTheCurrentValueWithoutExpandingVariables() {
        assertEquals("${HOME}", WslConfigEditor.current("[wsl2]\nmemory=${HOME}\n", "memory"));
        assertEquals(null, WslConfigEditor.current("[other]\nmemory=1GB\n", "memory"));
    }

    @Test
    void hostileKeysAndValuesAreRejected() {
        for (String v : List.of("4GB\nkernel=C:\\evil", "4GB; rm", "\"4GB\"", "x".repeat(10_240), "-1GB", "4 GB", "", "4TB")) {
            assertThrows(ConfigureException.class, () -> WslConfigEditor.value("memory", v), v);
        }
        assertThrows(ConfigureException.class, () -> WslConfigEditor.key("kernel"));
        assertEquals("nestedVirtualization", WslConfigEditor.key("nestedvirtualization"));
    }

    @Test
    void vmIdleTimeoutTakesMillisecondsOrMinusOneForNever() {
        // learn.microsoft.com wsl-config: milliseconds, Windows 11 only; -1 keeps the VM up (microsoft/WSL#11239, maintainer).
        assertEquals("vmIdleTimeout", WslConfigEditor.key("vmidletimeout"));
        for (String ok : List.of("-1", "0", "60000", "3600000")) {
            assertEquals(ok, WslConfigEditor.value("vmIdleTimeout", ok));
        }
        for (String bad : List.of("-2", "60s", "1.5", "01", "9999999999", "", "-1\nkernel=C:\\evil")) {
            assertThrows(ConfigureException.class, () -> WslConfigEditor.value("vmIdleTimeout", bad), bad);
        }
    }
}
