package dev.hostvirt.configure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shown line is pasted into PowerShell or cmd: it must mean the argv that runs. */
class DisplayTest {
    @Test
    void bracedIdentifiersAreQuotedForPowerShell() {
        // Unquoted, PowerShell passes a script block and bcdedit says "The set command specified is not valid".
        assertEquals("bcdedit.exe /set \"{current}\" hypervisorlaunchtype Off",
                Display.argv(List.of("bcdedit.exe", "/set", "{current}", "hypervisorlaunchtype", "Off")));
        assertEquals("bcdedit.exe /copy \"{current}\" /d \"Sin Hyper-V\"",
                Display.argv(List.of("bcdedit.exe", "/copy", "{current}", "/d", "Sin Hyper-V")));
    }

    @Test
    void commasAndALeadingAtAreQuotedPlainWordsAreNot() {
        assertEquals("x \"a,b\" \"@args\"", Display.argv(List.of("x", "a,b", "@args")));
        assertEquals("bcdedit.exe /export C:\\ProgramData\\hostvirt\\bcd-backup-20261127-210000.bcd",
                Display.argv(List.of("bcdedit.exe", "/export", "C:\\ProgramData\\hostvirt\\bcd-backup-20261127-210000.bcd")));
        assertEquals("dism.exe /Online /FeatureName:Microsoft-Hyper-V-All", Display.argv(List.of("dism.exe", "/Online",
                "/FeatureName:Microsoft-Hyper-V-All")));
        assertEquals("bcdedit.exe /export \"C:\\Program Data\\x.bcd\"", Display.argv(List.of("bcdedit.exe", "/export", "C:\\Program Data\\x.bcd")));
    }
}
