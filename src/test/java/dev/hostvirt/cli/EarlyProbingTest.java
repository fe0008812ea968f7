package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.host.Host;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EarlyProbingTest {
    private static boolean worthIt(String... args) {
        return EarlyProbing.worthItOnLinux(args);
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

    @Test
    void aReadAheadThatFailsPrintsNothing() throws Exception {
        Host failing = (Host) Proxy.newProxyInstance(Host.class.getClassLoader(), new Class<?>[] {Host.class},
                (proxy, method, args) -> {
                    throw new AssertionError("every read fails");
                });
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Thread readAhead = EarlyProbing.startReadAhead(failing);
            readAhead.join(10_000);
            assertFalse(readAhead.isAlive());
        } finally {
            System.setErr(original);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }
}
