package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hostvirt.engine.container.ContainerRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ps's STATUS column, as podman words it. */
class PsStatusTest {
    private static final Instant NOW = Instant.parse("2026-11-28T08:00:00Z");

    private static ContainerRecord record(String status, Integer code, String finishedAt) {
        return new ContainerRecord("a".repeat(64), "web", "busybox", "sha256:" + "b".repeat(64), List.of("true"),
                "2026-11-28T07:58:00Z", "crun", status, code, false, finishedAt, false, false, "overlay", List.of());
    }

    @Test
    void upForHowLongExitedWithItsCodeAndWhen() {
        assertEquals("Up 2 minutes", ContainerCommands.status(record("running", null, null), NOW));
        assertEquals("Exited (137) 30 seconds ago", ContainerCommands.status(record("exited", 137, "2026-11-28T07:59:30Z"), NOW));
        assertEquals("Exited (?)", ContainerCommands.status(record("exited", null, null), NOW), "a record without its end");
        assertEquals("Created", ContainerCommands.status(record("created", null, null), NOW));
    }

    @Test
    void anExitCodeNeverSeenIsMinusOneForScriptsNotASuccess() {
        assertEquals(-1, record("exited", null, null).reportedExitCode(), "it read as 0 in inspect and ps --format");
        assertEquals(-1, ContainerCommands.Ps.fields(record("exited", null, null), NOW, false, 0).get("ExitCode").asInt());
        assertEquals(3, record("exited", 3, "2026-11-28T07:59:30Z").reportedExitCode());
        assertEquals(0, record("running", null, null).reportedExitCode(), "podman's 0 while it runs");
    }
}
