package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detached monitor's sh (ContainerRunner.MONITOR) around a stand-in for the runtime that writes on
 * both streams, records a pid and exits 3: the output reaches the log through a real LogPump JVM, or,
 * when that cannot start, two plain files; nothing blocks and nothing is left behind.
 */
class DetachedMonitorTest {
    @TempDir
    Path tmp;

    /** A runtime that starts its "container" at once and writes before and after a pause. */
    private static final String RUNTIME = "echo \"$$\" > \"$HV_DIR/pid\"; echo early; sleep 0.2; echo early-err >&2; sleep 0.3; "
            + "printf 'late'; sleep 0.2; echo ' line'; sleep 0.2; echo late-err >&2; exit 3";

    private Path monitor(String java) throws IOException, InterruptedException {
        return monitor(java, RUNTIME, false, "3");
    }

    private Path monitor(String java, String runtime, boolean openStdin, String exit) throws IOException, InterruptedException {
        Path dir = tmp.resolve("c");
        Process p = start(dir, java, runtime, openStdin, false);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the monitor ends with its container");
        assertEquals(exit, Files.readString(dir.resolve("exit")).strip(), Files.readString(tmp.resolve("monitor.out")));
        for (String left : List.of(LogPump.OUT, LogPump.ERR, LogPump.READY, LogPump.END, LogPump.DIED, ContainerRunner.MONITOR_PID)) {
            assertFalse(Files.exists(dir.resolve(left)), left);
        }
        return dir;
    }

    /** The monitor of a container in {@code dir} (made here); {@code rm}: an --rm one, its log kept 2 s. */
    private Process start(Path dir, String java, String runtime, boolean openStdin, boolean rm) throws IOException {
        Files.createDirectories(dir);
        List<String> argv = new ArrayList<>(List.of("sh", "-c", ContainerRunner.MONITOR, "sh", "sh", "-c", runtime));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("monitor.out").toFile());
        pb.environment().put("HV_DIR", dir.toString());
        pb.environment().put("HV_RM", rm ? "1" : "0");
        pb.environment().put("HV_KEEP", "2");
        pb.environment().put("HV_OPEN_STDIN", openStdin ? "1" : "0");
        pb.environment().put("HV_JAVA", java);
        pb.environment().put("HV_CP", LogPump.classPath());
        return pb.start();
    }

    @Test
    void anRmContainersLogAndRecordOutliveItAMomentAndThenNothingIsLeft() throws Exception {
        // They went as it exited: `run -d --rm img echo hi; logs -f ID` found no container, 30 times in 30.
        Path dir = tmp.resolve("c");
        Files.createDirectories(dir.resolve("upper/data"));
        Files.writeString(dir.resolve("container.json"), "{}");
        Files.writeString(dir.resolve("config.json"), "{\"env\": [\"SECRET=1\"]}");
        Process p = start(dir, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "echo $$ > \"$HV_DIR/pid\"; echo hi; exit 0", false, true);
        Path kept = tmp.resolve("c" + ContainerStore.REMOVING);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (Files.exists(dir) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(Files.exists(dir), "renamed away at once: ps -a and the name are free of it");
        while (Files.exists(kept.resolve("upper")) && System.nanoTime() < deadline) {
            Thread.sleep(10); // deleted just after the rename
        }
        try (var left = Files.list(kept)) {
            assertEquals(List.of("container.json", ContainerLog.FILE), left.map(f -> f.getFileName().toString()).sorted().toList(),
                    "its root's writes and its config (the -e values) go at once");
        } catch (java.nio.file.NoSuchFileException late) {
            throw new AssertionError("kept for HV_KEEP seconds, not deleted at once", late);
        }
        assertTrue(Files.readString(kept.resolve(ContainerLog.FILE)).endsWith(" stdout F hi\n"));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        try (var left = Files.list(tmp)) {
            assertEquals(List.of("monitor.out"), left.map(f -> f.getFileName().toString()).toList(), "ID.started too");
        }
    }

    @Test
    void theCopierKeepsBothStreamsInOneLogInOrder() throws Exception {
        Path dir = monitor(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> records = Files.readAllLines(dir.resolve(ContainerLog.FILE)).stream()
                .map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        assertEquals(List.of("stdout F early", "stderr F early-err", "stdout P late", "stdout F  line", "stderr F late-err"), records);
        assertFalse(Files.exists(dir.resolve("stdout.log")));
    }

    @Test
    void aCopierThatCannotStartGivesWayToPlainFilesAndTheContainerStillRuns() throws Exception {
        Path dir = monitor("/nonexistent/java");
        assertFalse(Files.exists(dir.resolve(ContainerLog.FILE)));
        assertEquals("early\nlate line\n", Files.readString(dir.resolve("stdout.log"), StandardCharsets.UTF_8));
        assertEquals("early-err\nlate-err\n", Files.readString(dir.resolve("stderr.log"), StandardCharsets.UTF_8));
    }

    @Test
    void withDashIAndIStdinIsTheFifoTheMonitorHoldsOpen() throws Exception {
        // sh gives a command started in the background /dev/null for stdin: -d -i's shell read EOF and exited.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path dir = monitor(java, "echo $$ > \"$HV_DIR/pid\"; readlink /proc/$$/fd/0", true, "0");
        assertTrue(Files.readString(dir.resolve(ContainerLog.FILE)).endsWith(" stdout F " + dir.resolve("stdin") + "\n"),
                Files.readString(dir.resolve(ContainerLog.FILE)));
        Files.delete(dir.resolve("exit"));
        Files.delete(dir.resolve(ContainerLog.FILE));
        dir = monitor(java, "echo $$ > \"$HV_DIR/pid\"; readlink /proc/$$/fd/0", false, "0");
        assertTrue(Files.readString(dir.resolve(ContainerLog.FILE)).endsWith(" stdout F /dev/null\n"));
    }

    @Test
    void aBurstOfNewlinesReachesTheLogWholeAndTheContainerLivesOn() throws Exception {
        // 64 KB of newlines are ~3 MB of records: built in one buffer they took the copier's 8 MB heap,
        // it died, and the container's next write killed it (SIGPIPE, exited 1 with an empty log).
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path dir = monitor(java, "echo $$ > \"$HV_DIR/pid\"; head -c 3000000 /dev/zero | tr '\\0' '\\n'; echo survived", false, "0");
        List<String> records = Files.readAllLines(dir.resolve(ContainerLog.FILE));
        assertEquals(3_000_001, records.size());
        assertTrue(records.get(records.size() - 1).endsWith(" stdout F survived"), records.get(records.size() - 1));
    }

    @Test
    void linesOfBothStreamsAreLoggedInTheOrderTheyWereWritten() throws Exception {
        // A thread per stream logged "errN" before the "outN" written just before it 140 times in 300.
        // With epoll a pair can still merge when the copier is kept off the CPU longer than the 20 ms
        // between pairs (once or twice in 300 on a loaded 2-core CI), as with conmon.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path dir = monitor(java, "echo $$ > \"$HV_DIR/pid\"; i=0; while [ $i -lt 300 ]; do echo out$i; echo err$i >&2; "
                + "i=$((i+1)); sleep 0.02; done", false, "0");
        List<String> lines = Files.readAllLines(dir.resolve(ContainerLog.FILE)).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        assertEquals(600, lines.size());
        assertTrue(OrderCheck.swappedPairs(lines, "stdout F out", "stderr F err") <= 3, String.join("\n", lines));
    }
}
