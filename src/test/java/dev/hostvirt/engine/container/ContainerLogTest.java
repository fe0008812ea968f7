package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogTest {
    @TempDir
    Path tmp;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void write(ContainerLog log, ContainerLog.Stream s, String text) {
        byte[] bytes = b(text);
        log.write(s, bytes, 0, bytes.length);
    }

    /** A log of these writes, in order: each a stream and its text (and nothing else: a new file). */
    private Path logOf(Object... writes) throws IOException {
        Path file = tmp.resolve(ContainerLog.FILE);
        Files.deleteIfExists(file);
        try (ContainerLog log = ContainerLog.appendTo(file)) {
            for (int i = 0; i < writes.length; i += 2) {
                write(log, (ContainerLog.Stream) writes[i], (String) writes[i + 1]);
            }
        }
        return file;
    }

    /** What `logs` prints: stdout's bytes, stderr's bytes, and both as one terminal sees them. */
    private record Shown(String out, String err, String both) {
    }

    private Shown show(Path file, Long tail) throws IOException {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.io.OutputStream o = new Tee(out, both);
        java.io.OutputStream e = new Tee(err, both);
        CallerStdio stdio = new CallerStdio(ProcessBuilder.Redirect.INHERIT, false, o, e);
        try (ContainerLogs logs = new ContainerLogs(file, stdio, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))) {
            logs.from(logs.tailStart(tail));
        }
        return new Shown(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), both.toString(StandardCharsets.UTF_8));
    }

    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] x, int off, int len) throws IOException {
            a.write(x, off, len);
            b.write(x, off, len);
        }
    }

    @Test
    void bothStreamsComeBackInTheOrderTheyWereWrittenEachToItsOwn() throws IOException {
        Path file = logOf(ContainerLog.Stream.STDOUT, "one\ntw", ContainerLog.Stream.STDERR, "oops\n",
                ContainerLog.Stream.STDOUT, "o\nthree");
        String text = Files.readString(file);
        assertTrue(text.matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z stdout F one\n.* stdout P tw\n"
                + ".* stderr F oops\n.* stdout F o\n.* stdout P three\n"), text);
        Shown all = show(file, null);
        assertEquals("one\ntwo\nthree", all.out());
        assertEquals("oops\n", all.err());
        assertEquals("one\ntwoops\no\nthree", all.both(), "record by record, as they were written");
    }

    @Test
    void tailCountsTheLinesOfBothStreamsTogetherAndAPieceBelongsToItsLine() throws IOException {
        Path file = logOf(ContainerLog.Stream.STDOUT, "a\n", ContainerLog.Stream.STDERR, "b\n", ContainerLog.Stream.STDOUT, "c-",
                ContainerLog.Stream.STDOUT, "c\n", ContainerLog.Stream.STDERR, "d\n");
        assertEquals("d\n", show(file, 1L).both());
        assertEquals("c-c\nd\n", show(file, 2L).both());
        assertEquals("b\nc-c\nd\n", show(file, 3L).both());
        assertEquals("a\nb\nc-c\nd\n", show(file, 4L).both());
        assertEquals("a\nb\nc-c\nd\n", show(file, 40L).both());
        assertEquals("a\nb\nc-c\nd\n", show(file, -1L).both(), "docker's --tail -1: all of it");
        assertEquals("", show(file, 0L).both());
    }

    @Test
    void tailCountsALastLineWithoutANewlineAsALine() throws IOException {
        // sh -c 'echo a; printf b': --tail 1 gave "a\nb", the piece taken for the end of the line before.
        Path file = logOf(ContainerLog.Stream.STDOUT, "a\n", ContainerLog.Stream.STDOUT, "b");
        assertEquals("b", show(file, 1L).out());
        assertEquals("a\nb", show(file, 2L).out());
        assertEquals("a\nb", show(file, 3L).out());
        Path pieces = logOf(ContainerLog.Stream.STDOUT, "a\nb\n", ContainerLog.Stream.STDOUT, "c", ContainerLog.Stream.STDOUT, "d");
        assertEquals("cd", show(pieces, 1L).out(), "an unfinished line in pieces is one line");
        assertEquals("b\ncd", show(pieces, 2L).out());
        Path other = logOf(ContainerLog.Stream.STDOUT, "a\n", ContainerLog.Stream.STDERR, "e");
        assertEquals("e", show(other, 1L).both(), "whichever stream it is on");
        Path alone = logOf(ContainerLog.Stream.STDOUT, "only");
        assertEquals("only", show(alone, 1L).out());
        assertEquals("", show(alone, 0L).out());
        // While the container runs, a last piece is a line still being written: it comes with the line
        // before it, whole, instead of alone and cut from its start (review).
        Path writing = logOf(ContainerLog.Stream.STDOUT, "a\nb\n", ContainerLog.Stream.STDOUT, "c", ContainerLog.Stream.STDOUT, "d");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(writing.toFile(), "r")) {
            long running = ContainerLogs.tailStart(f, 1L, false);
            long ended = ContainerLogs.tailStart(f, 1L, true);
            assertTrue(running < ended, running + " vs " + ended);
            String all = java.nio.file.Files.readString(writing);
            assertTrue(all.substring((int) running).contains(" F b"), "from the last whole line: " + all.substring((int) running));
        }
    }

    @Test
    void tailFromTheEndAgreesWithCountingFromTheStartAcrossManyBlocks() throws IOException {
        // Records of every length, pieces among them, so that records straddle the 64 KB blocks read back.
        java.util.Random random = new java.util.Random(5);
        Path file = tmp.resolve(ContainerLog.FILE);
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        try (ContainerLog log = ContainerLog.appendTo(file)) {
            for (int i = 0; i < 3000; i++) {
                String piece = "x".repeat(random.nextInt(i % 50 == 0 ? 70_000 : 300)) + i;
                boolean ends = random.nextInt(4) > 0;
                write(log, ContainerLog.Stream.STDOUT, piece + (ends ? "\n" : ""));
                line.append(piece);
                if (ends) {
                    lines.add(line + "\n");
                    line.setLength(0);
                }
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString()); // the last line, unfinished, is a line all the same
        }
        for (long n : new long[] {1, 2, 7, 100, 1000, lines.size() - 1, lines.size(), lines.size() + 5}) {
            String expected = String.join("", lines.subList((int) Math.max(0, lines.size() - n), lines.size()));
            assertEquals(expected, show(file, n).out(), "--tail " + n);
        }
    }

    @Test
    void timestampsLeadEachLineOnceEvenWhenItCameInPieces() throws IOException {
        Path file = tmp.resolve(ContainerLog.FILE);
        Files.writeString(file, "2026-11-28T10:00:00.000000001+01:00 stdout P a\n"
                + "2026-11-28T10:00:00.000000002+01:00 stderr F e\n"
                + "2026-11-28T10:00:00.000000003+01:00 stdout F b\n"
                + "2026-11-28T10:00:00.000000004+01:00 stdout F c\n");
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        CallerStdio stdio = new CallerStdio(ProcessBuilder.Redirect.INHERIT, false, both, both);
        try (ContainerLogs logs = new ContainerLogs(List.of(file), stdio, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), true)) {
            logs.from(0);
        }
        assertEquals("2026-11-28T10:00:00.000000001+01:00 a2026-11-28T10:00:00.000000002+01:00 e\nb\n"
                + "2026-11-28T10:00:00.000000004+01:00 c\n", both.toString(StandardCharsets.UTF_8),
                "the time of a line's first piece, as podman's logs -t");
    }

    @Test
    void theContainersBytesComeBackUnchanged() throws IOException {
        byte[] data = new byte[200_000];
        new java.util.Random(11).nextBytes(data);
        Path file = tmp.resolve(ContainerLog.FILE);
        try (ContainerLog log = ContainerLog.appendTo(file)) {
            for (int off = 0; off < data.length; off += 7_000) {
                log.write(ContainerLog.Stream.STDOUT, data, off, Math.min(7_000, data.length - off));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CallerStdio stdio = new CallerStdio(ProcessBuilder.Redirect.INHERIT, false, out, new ByteArrayOutputStream());
        try (ContainerLogs logs = new ContainerLogs(file, stdio, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))) {
            logs.from(0);
        }
        assertArrayEquals(data, out.toByteArray(), "newlines, NULs, CRs and bytes that are not UTF-8");
    }

    @Test
    void aRecordStillBeingAppendedIsReadOnlyOnceItIsWhole() throws IOException {
        Path file = tmp.resolve(ContainerLog.FILE);
        String whole = "2026-11-28T10:00:00.000000000+00:00 stdout F first\n";
        Files.writeString(file, whole + "2026-11-28T10:00:01.000000000+00:00 std");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CallerStdio stdio = new CallerStdio(ProcessBuilder.Redirect.INHERIT, false, out, new ByteArrayOutputStream());
        try (ContainerLogs logs = new ContainerLogs(file, stdio, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))) {
            long at = logs.from(0);
            assertEquals("first\n", out.toString(StandardCharsets.UTF_8));
            assertEquals(whole.length(), at, "up to the whole record");
            Files.writeString(file, "out F second\n", StandardOpenOption.APPEND);
            logs.from(at);
            assertEquals("first\nsecond\n", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aLogThatIsThereButCannotBeReadIsAnErrorNotNothing() throws IOException {
        // It printed nothing and exited 0, as for a log not made yet.
        Path file = Files.createDirectory(tmp.resolve(ContainerLog.FILE));
        try (ContainerLogs logs = new ContainerLogs(file, null, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))) {
            dev.hostvirt.HostvirtException e = org.junit.jupiter.api.Assertions.assertThrows(dev.hostvirt.HostvirtException.class,
                    () -> logs.from(0));
            assertEquals(125, e.exitCode());
            assertEquals("hostvirt: the container's log " + file + " is not a file", "hostvirt: "
                    + e.message(dev.hostvirt.i18n.Messages.forLocale(java.util.Locale.ENGLISH)));
        }
        try (ContainerLogs logs = new ContainerLogs(tmp.resolve("not-yet"), null, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()))) {
            assertEquals(0, logs.from(0), "a log not made yet: nothing, for now");
        }
    }

    @Test
    void aLogThatIsNotARegularFileIsAnErrorForTailAndForAFifoOrADeviceToo() throws Exception {
        // With --tail a directory was an internal error (exit 70), a FIFO blocked logs for ever, and a
        // link to /dev/null read as an empty log (exit 0).
        Path dir = Files.createDirectory(tmp.resolve("dir"));
        Path fifo = tmp.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path device = Files.createSymbolicLink(tmp.resolve("device"), Path.of("/dev/null"));
        for (Path file : List.of(dir, fifo, device)) {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
                try (ContainerLogs logs = new ContainerLogs(file, null, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))) {
                    dev.hostvirt.HostvirtException e = org.junit.jupiter.api.Assertions.assertThrows(dev.hostvirt.HostvirtException.class,
                            () -> logs.tailStart(1L));
                    assertEquals(125, e.exitCode(), file.toString());
                    assertEquals("the container's log " + file + " is not a file", e.message(dev.hostvirt.i18n.Messages.forLocale(java.util.Locale.ENGLISH)));
                }
                try (PlainLog plain = new PlainLog(file, null, new PrintWriter(new StringWriter()))) {
                    assertEquals(125, org.junit.jupiter.api.Assertions.assertThrows(dev.hostvirt.HostvirtException.class,
                            () -> plain.tailStart(1L)).exitCode(), "the logs of containers from before ContainerLog too");
                }
            }, file.toString());
        }
        Files.delete(device); // not left for @TempDir, which warns of a link out of it
    }

    @Test
    void linesThatAreNotRecordsAreSkipped() {
        for (String bad : new String[] {"", "garbage", "2026 stdout", "2026 stdin F x", "2026 stdout X x", "2026 stdout Fx"}) {
            assertNull(ContainerLog.Entry.parse(b(bad), 0, b(bad).length), bad);
        }
        ContainerLog.Entry empty = ContainerLog.Entry.parse(b("t stdout F"), 0, 10);
        assertEquals(0, empty.content().length, "an empty line");
        ContainerLog.Entry spaces = ContainerLog.Entry.parse(b("t stderr P  a b "), 0, 16);
        assertEquals(" a b ", new String(spaces.content(), StandardCharsets.UTF_8));
        assertTrue(spaces.partial());
    }

    @Test
    void aLogThatCannotBeWrittenTakesNothingAndTheOutputGoesOn() throws IOException {
        // No exception reaches the copy (the container's output must go on reaching the user).
        Path missing = tmp.resolve("no/such/dir").resolve(ContainerLog.FILE);
        try (ContainerLog log = ContainerLog.appendTo(missing)) {
            write(log, ContainerLog.Stream.STDOUT, "still fine\n");
        }
        assertTrue(Files.notExists(missing));
        try (ContainerLog full = ContainerLog.appendTo(Path.of("/dev/full"))) {
            write(full, ContainerLog.Stream.STDOUT, "disk full\n");
            write(full, ContainerLog.Stream.STDOUT, "given up after the first failure\n");
        }
        // A log given up stays given up, even once writing would work again.
        Path file = tmp.resolve(ContainerLog.FILE);
        try (ContainerLog log = ContainerLog.appendTo(file)) {
            write(log, ContainerLog.Stream.STDOUT, "kept\n");
            log.close();
            write(log, ContainerLog.Stream.STDOUT, "after close\n");
        }
        assertEquals("kept\n", show(file, null).out());
    }

    @Test
    void aLimitedLogTakesThatManyMoreBytesThenNothing() throws IOException {
        Path file = tmp.resolve(ContainerLog.FILE);
        try (ContainerLog log = ContainerLog.appendTo(file)) {
            write(log, ContainerLog.Stream.STDOUT, "before the break\n");
            log.limitFromNow(6);
            write(log, ContainerLog.Stream.STDERR, "err\n");
            write(log, ContainerLog.Stream.STDOUT, "yes\nyes\n");
            log.limitFromNow(100); // a later, larger limit does not undo the first
            write(log, ContainerLog.Stream.STDOUT, "more\n");
        }
        Shown shown = show(file, null);
        assertEquals("before the break\nye", shown.out());
        assertEquals("err\n", shown.err());
    }
}
