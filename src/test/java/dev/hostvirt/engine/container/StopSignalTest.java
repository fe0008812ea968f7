package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hostvirt.HostvirtException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An image's STOPSIGNAL read as docker's signal parser reads it, as a number the runtimes' kill takes. */
class StopSignalTest {
    @Test
    void namesWithAndWithoutSigNumbersAndRealTimeOffsets() {
        Map<String, Integer> expected = Map.ofEntries(Map.entry("", 15), Map.entry("SIGTERM", 15), Map.entry("TERM", 15),
                Map.entry("sigquit", 3), Map.entry("SIGKILL", 9), Map.entry("SIGUSR1", 10), Map.entry("SIGWINCH", 28),
                Map.entry("SIGPOLL", 29), Map.entry("SIGIOT", 6), Map.entry("SIGCLD", 17), Map.entry("9", 9), Map.entry("64", 64),
                Map.entry("+15", 15), Map.entry("015", 15),
                Map.entry("SIGRTMIN", 34), Map.entry("SIGRTMIN+3", 37), Map.entry("RTMAX", 64), Map.entry("SIGRTMAX-2", 62),
                Map.entry("SIGSYS", 31));
        expected.forEach((text, n) -> assertEquals(n, StopSignal.of(text), text));
        assertEquals(15, StopSignal.of(null));
    }

    @Test
    void anythingElseIsRefusedWithPodmansCode() {
        for (String bad : List.of("0", "65", "100", "-1", "SIGFOO", "SIG", "SIGRTMIN-1", "SIGRTMAX+1", "SIGRTMIN+31", "SIGRTMIN+16", "SIGRTMAX-15", "RTMIN+x",
                "SIGTERM;rm", "1.5", " SIGTERM", "SIGTERM ", "+", "--15")) {
            HostvirtException e = assertThrows(HostvirtException.class, () -> StopSignal.of(bad), bad);
            assertEquals(125, e.exitCode(), bad);
        }
    }

    @Test
    void aRecordedSignalThatCannotBeReadIsSigterm() {
        assertEquals(10, StopSignal.recorded("10"));
        assertEquals(15, StopSignal.recorded(null));
        assertEquals(15, StopSignal.recorded("x"));
        assertEquals(15, StopSignal.recorded("99"));
    }
}
