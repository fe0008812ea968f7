package dev.hostvirt.engine.container;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;

/**
 * A container's output, both streams in one file in the order it came, in podman's k8s-file form:
 * one record per line, {@code TIMESTAMP stdout|stderr F|P BYTES}, where F ends a line of the
 * container's output and P is a piece of one (what came before a newline did, or before the stream
 * closed). Two files (stdout.log, stderr.log, hostvirt before) lost the order between the streams,
 * and --tail counted each on its own. The bytes are the container's own, unchanged: a record ends at
 * the first newline, which the container's newline became.
 *
 * <p>Records are appended whole, each in one write to a file opened for appending, so that a reader
 * ({@code logs -f}) sees a record entirely or not yet. Thread-safe: one writer takes both streams.
 * A log that cannot be written (a full disk) is given up, silently: the container must keep running
 * and its output keep reaching the user.
 */
final class ContainerLog implements AutoCloseable {
    /** The log's name in the container's directory. */
    static final String FILE = "ctr.log";

    /** Which of the container's outputs a record came from. */
    enum Stream {
        STDOUT("stdout"), STDERR("stderr");

        final String word;

        Stream(String word) {
            this.word = word;
        }

        static Stream of(String word) {
            return word.equals("stderr") ? STDERR : word.equals("stdout") ? STDOUT : null;
        }
    }

    /** Where one stream's bytes go: {@link #sink}. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] b, int off, int len);
    }

    /** UTC, as podman's logs -t prints them (the local offset of whoever ran the container is no use to the reader). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    private static final int BATCH = 64 * 1024;
    private OutputStream file;
    /** Bytes the log may still take (see {@link #limitFromNow}); negative: no limit. */
    private long budget = -1;
    private final java.io.ByteArrayOutputStream records = new java.io.ByteArrayOutputStream(BATCH + 1024);

    private ContainerLog(OutputStream file) {
        this.file = file;
    }

    /** Appends to {@code path}, made if missing; a log that cannot be opened takes nothing. */
    static ContainerLog appendTo(Path path) {
        try {
            return new ContainerLog(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            return new ContainerLog(null);
        }
    }

    Sink sink(Stream stream) {
        return (b, off, len) -> write(stream, b, off, len);
    }

    /**
     * From now on the log takes at most {@code bytes} more of the container's output, then nothing:
     * for a container that is being stopped because nobody reads its output (run img yes | head -1),
     * whose init may ignore SIGTERM and write for the whole grace period (gigabytes at yes's pace).
     */
    synchronized void limitFromNow(long bytes) {
        if (budget < 0 || bytes < budget) {
            budget = bytes;
        }
    }

    /** {@code len} bytes of one stream: a record per line, and one P record for the piece after the last newline. */
    synchronized void write(Stream stream, byte[] b, int off, int len) {
        if (budget >= 0) {
            len = (int) Math.min(len, budget);
            budget -= len;
        }
        if (file == null || len <= 0) {
            return;
        }
        byte[] head = (TIME.format(java.time.Instant.now()) + " " + stream.word + " ").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        records.reset();
        int start = off;
        int end = off + len;
        for (int i = off; i < end && file != null; i++) {
            if (b[i] == '\n') {
                record(head, 'F', b, start, i - start);
                start = i + 1;
            }
        }
        if (start < end) {
            record(head, 'P', b, start, end - start);
        }
        flushRecords();
    }

    /**
     * One record into the batch; whole records go to the file once the batch passes {@link #BATCH}:
     * 64 KB of newlines are ~3 MB of records, and built in one buffer they took the copier's small heap.
     */
    private void record(byte[] head, char flag, byte[] b, int off, int len) {
        records.write(head, 0, head.length);
        records.write(flag);
        records.write(' ');
        records.write(b, off, len);
        records.write('\n');
        if (records.size() >= BATCH) {
            flushRecords();
        }
    }

    private void flushRecords() {
        if (file != null && records.size() > 0) {
            try {
                records.writeTo(file);
            } catch (IOException e) {
                close();
            }
        }
        records.reset();
    }

    @Override
    public synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // what was written is written
            }
            file = null;
        }
    }

    /**
     * One record of the file: its stream, whether it ends a line, and the container's bytes.
     *
     * @param time as written (RFC 3339 in UTC, with nanoseconds)
     */
    record Entry(String time, Stream stream, boolean partial, byte[] content) {
        /** {@code line} is one record without its newline; null when it is not one. */
        static Entry parse(byte[] line, int off, int len) {
            int end = off + len;
            int s1 = indexOf(line, off, end, (byte) ' ');
            int s2 = s1 < 0 ? -1 : indexOf(line, s1 + 1, end, (byte) ' ');
            if (s2 < 0 || s2 + 2 > end || (s2 + 2 < end && line[s2 + 2] != ' ')) {
                return null;
            }
            Stream stream = Stream.of(new String(line, s1 + 1, s2 - s1 - 1, java.nio.charset.StandardCharsets.US_ASCII));
            byte flag = line[s2 + 1];
            if (stream == null || (flag != 'F' && flag != 'P')) {
                return null;
            }
            int from = Math.min(s2 + 3, end);
            return new Entry(new String(line, off, s1 - off, java.nio.charset.StandardCharsets.US_ASCII), stream, flag == 'P',
                    java.util.Arrays.copyOfRange(line, from, end));
        }

        private static int indexOf(byte[] b, int from, int end, byte x) {
            for (int i = from; i < end; i++) {
                if (b[i] == x) {
                    return i;
                }
            }
            return -1;
        }
    }
}
