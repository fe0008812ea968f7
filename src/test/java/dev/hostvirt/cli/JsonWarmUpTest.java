package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsonWarmUpTest {
    @Test
    void warmsForCommandsThatParseJson() {
        assertTrue(JsonWarmUp.worthIt(new String[] {"run", "--rm", "busybox", "true"}));
        assertTrue(JsonWarmUp.worthIt(new String[] {"pull", "nginx"}));
        assertTrue(JsonWarmUp.worthIt(new String[] {"images"}));
        assertTrue(JsonWarmUp.worthIt(new String[] {"check", "--snapshot", "host.json"}));
        assertTrue(JsonWarmUp.worthIt(new String[] {"facts", "--snapshot=host.json"}));
    }

    @Test
    void notForTheLiveCheckHelpOrUnknownCommands() {
        assertFalse(JsonWarmUp.worthIt(new String[] {"check"}));
        assertFalse(JsonWarmUp.worthIt(new String[] {"check", "--json"}));
        assertFalse(JsonWarmUp.worthIt(new String[] {"facts", "--json"}));
        assertFalse(JsonWarmUp.worthIt(new String[] {"run", "--help"}));
        assertFalse(JsonWarmUp.worthIt(new String[] {"--version"}));
        assertFalse(JsonWarmUp.worthIt(new String[] {"chekc"}));
    }
}
