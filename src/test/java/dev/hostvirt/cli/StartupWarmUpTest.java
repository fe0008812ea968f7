package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StartupWarmUpTest {
    @Test
    void warmsForCommandsThatParseJson() {
        assertTrue(StartupWarmUp.parsesJson(new String[] {"run", "--rm", "busybox", "true"}));
        assertTrue(StartupWarmUp.parsesJson(new String[] {"pull", "nginx"}));
        assertTrue(StartupWarmUp.parsesJson(new String[] {"images"}));
        assertTrue(StartupWarmUp.parsesJson(new String[] {"--lang", "es", "run", "busybox"}), "the root's --lang and its value");
        assertFalse(StartupWarmUp.parsesJson(new String[] {"--lang", "es", "check"}));
        assertTrue(StartupWarmUp.parsesJson(new String[] {"check", "--snapshot", "host.json"}));
        assertTrue(StartupWarmUp.parsesJson(new String[] {"facts", "--snapshot=host.json"}));
    }

    @Test
    void notForTheLiveCheckHelpOrUnknownCommands() {
        assertFalse(StartupWarmUp.parsesJson(new String[] {"check"}));
        assertFalse(StartupWarmUp.parsesJson(new String[] {"check", "--json"}));
        assertFalse(StartupWarmUp.parsesJson(new String[] {"facts", "--json"}));
        assertFalse(StartupWarmUp.parsesJson(new String[] {"run", "--help"}));
        assertFalse(StartupWarmUp.parsesJson(new String[] {"--version"}));
        assertFalse(StartupWarmUp.parsesJson(new String[] {"chekc"}));
    }
}
