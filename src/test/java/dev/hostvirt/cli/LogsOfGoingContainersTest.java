package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hostvirt.engine.Json;
import dev.hostvirt.engine.container.ContainerRecord;
import dev.hostvirt.engine.container.ContainerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `logs` of containers as their removal leaves them, made by hand (no runtime needed): an --rm
 * container's directory kept under ID.removing, one whose log went before `logs` found it, and a log
 * that is not a file.
 */
class LogsOfGoingContainersTest {
    @TempDir
    Path tmp;

    private static final String LINES = "2026-11-28T10:00:00.000000000Z stdout F a\n2026-11-28T10:00:00.000000001Z stdout P b\n";

    /** An exited container's directory, named by its ID and {@code suffix}, with its log when given. */
    private Path container(String id, String name, String suffix, String log) throws IOException {
        ContainerStore store = new ContainerStore(tmp.resolve("state/containers"));
        ContainerRecord r = new ContainerRecord(id, name, "localhost/busybox:latest", "sha256:" + "b".repeat(64), List.of("true"),
                "2026-11-28T10:00:00Z", "crun", "exited", 0, false, "2026-11-28T10:00:01Z", true, true, "overlay", List.of());
        Path dir = Files.createDirectories(tmp.resolve("state/containers/" + id + suffix));
        Files.write(dir.resolve("container.json"), Json.write(store.toJson(r), true));
        if (log != null) {
            Files.writeString(dir.resolve("ctr.log"), log);
        }
        return dir;
    }

    @Test
    void anRmContainerKeptAMomentAfterItsEndStillShowsItsOutputAndNothingElseSeesIt() throws IOException {
        // Its monitor removed it as it exited: `run -d --rm img echo hi; logs -f ID` said "no such container".
        container("c".repeat(64), "just-ended", ".removing", LINES);
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        EngineCli.Result byName = cli.run("logs", "-f", "just-ended");
        assertEquals(0, byName.exit(), byName.toString());
        assertEquals("a\nb", byName.out());
        assertEquals("b", cli.run("logs", "--tail", "1", "cccc").out(), "by an ID prefix too");
        assertFalse(cli.run("ps", "-a").out().contains("just-ended"), "removed for every other command");
        assertEquals(1, cli.run("rm", "just-ended").exit(), "rm finds no such container (podman's 1)");
    }

    @Test
    void aContainerWhoseLogWentBeforeLogsReadItIsAnErrorNotSilence() throws IOException {
        // Found, then removed before its log was opened: logs printed nothing and exited 0.
        container("d".repeat(64), "gone-first", ".removing", null);
        EngineCli.Result r = new EngineCli(tmp.resolve("state"), tmp).run("logs", "gone-first");
        assertEquals(125, r.exit(), r.toString());
        assertEquals("", r.out());
        assertEquals("hostvirt: container gone-first was removed before its log could be read (run with --rm, or removed meanwhile)\n",
                r.err());
        // One still there whose log is not made yet (a detached container just starting) has nothing to show yet.
        container("e".repeat(64), "not-yet", "", null);
        EngineCli.Result notYet = new EngineCli(tmp.resolve("state"), tmp).run("logs", "not-yet");
        assertEquals(0, notYet.exit(), notYet.toString());
        assertEquals("", notYet.out() + notYet.err());
    }

    @Test
    void aLogThatIsADirectoryIsOneLineAndExit125WithOrWithoutTail() throws IOException {
        Path dir = container("f".repeat(64), "odd", "", null);
        Files.createDirectory(dir.resolve("ctr.log"));
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        for (List<String> args : List.of(List.of("logs", "odd"), List.of("logs", "-n", "1", "odd"), List.of("logs", "-f", "--tail", "2", "odd"))) {
            EngineCli.Result r = cli.run(args.toArray(String[]::new));
            assertEquals(125, r.exit(), r.toString());
            assertEquals("hostvirt: the container's log " + dir.resolve("ctr.log") + " is not a file\n", r.err(), args.toString());
        }
    }
}
