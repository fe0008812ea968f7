package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Signals sent to this very JVM while a relay is installed: held before a runtime exists (the run
 * is then given up), passed on once one does, noted after it exited; the JVM lives through all.
 */
class SignalRelayTest {
    private static final int SIGINT = 2;
    private static final int SIGTERM = 15;

    private static void waitUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 200 && !done.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void heldThenPassedOnThenNotedAndTheJvmLivesOn() throws Exception {
        // A JVM started with SIGINT or SIGTERM ignored (nohup, a background job) keeps them ignored.
        String ignored = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst().orElse("SigIgn: 0").substring(7).strip();
        long mask = Long.parseUnsignedLong(ignored, 16);
        org.junit.jupiter.api.Assumptions.assumeTrue((mask & ((1L << (SIGINT - 1)) | (1L << (SIGTERM - 1)))) == 0,
                "this JVM was started with SIGINT or SIGTERM ignored");
        long self = ProcessHandle.current().pid();
        try (SignalRelay relay = SignalRelay.install(true).holdFromNow()) {
            SignalRelay.send(self, SIGINT);
            waitUntil(() -> relay.pendingSignal() != 0);
            assertEquals(SIGINT, relay.pendingSignal(), "held: no runtime yet");

            Process sleeper = new ProcessBuilder("sleep", "30").start();
            relay.attach(sleeper); // the held SIGINT goes now
            assertTrue(sleeper.waitFor(5, TimeUnit.SECONDS), "the held Ctrl-C reached the runtime");
            assertEquals(128 + SIGINT, sleeper.exitValue());

            Process second = new ProcessBuilder("sleep", "30").start();
            relay.attach(second);
            SignalRelay.send(self, SIGTERM);
            assertTrue(second.waitFor(5, TimeUnit.SECONDS), "SIGTERM to hostvirt reached the runtime");
            assertEquals(128 + SIGTERM, second.exitValue());

            relay.runtimeExited();
            assertFalse(relay.signalledAfterExit());
            SignalRelay.send(self, SIGINT);
            waitUntil(relay::signalledAfterExit);
            assertTrue(relay.signalledAfterExit(), "after the runtime: only noted");
        }
    }
}
