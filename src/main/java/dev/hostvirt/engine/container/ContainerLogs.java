package dev.hostvirt.engine.container;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a container's log ({@link ContainerLog}) to the user, each record to the stream it came from:
 * from an offset to the file's current end, complete records only (one being appended is read at the
 * next call). The file is opened at the first read that finds it and kept open ({@link LogFile}), so
 * that it can still be read once an --rm container's monitor has deleted it. As bytes when the user's
 * side is a stream (logs of a binary output are that output), else as UTF-8 text.
 */
final class ContainerLogs implements AutoCloseable {
    /** What {@link #from} returns once the user's side is closed. */
    static final long CLOSED = -1;
    private final LogFile file;
    private final OutputStream rawOut;
    private final OutputStream rawErr;
    private final PrintWriter out;
    private final PrintWriter err;
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
    private ContainerLog.Stream pendingStream;
    private final boolean timestamps;
    /** Per stream: its last record was a piece (P), so the next one goes on the same line. */
    private final java.util.EnumSet<ContainerLog.Stream> midLine = java.util.EnumSet.noneOf(ContainerLog.Stream.class);

    ContainerLogs(Path file, CallerStdio stdio, PrintWriter out, PrintWriter err) {
        this(List.of(file), stdio, out, err, false);
    }

    /**
     * {@code places}: where the log may be, in order (LogFile); {@code timestamps}: each line led by the
     * time its first piece was written, as podman's logs -t.
     */
    ContainerLogs(List<Path> places, CallerStdio stdio, PrintWriter out, PrintWriter err, boolean timestamps) {
        this.timestamps = timestamps;
        this.file = new LogFile(places);
        this.rawOut = stdio == null ? null : stdio.stdout();
        this.rawErr = stdio == null ? null : stdio.stderr();
        this.out = out;
        this.err = err;
    }

    /** One complete record at {@code offset}, its bytes {@code b[off, off + len)} without the newline. */
    @FunctionalInterface
    interface RecordVisitor {
        /** False to stop reading. */
        boolean visit(long offset, byte[] b, int off, int len) throws IOException;
    }

    /**
     * Where the last {@code lines} lines of the log begin, read from the same descriptor as the lines
     * themselves (the log opened now if it is there): a log deleted between the two opens by name was
     * shown as nothing. 0 while it is not there yet.
     */
    long tailStart(Long lines) throws IOException {
        return tailStart(lines, true);
    }

    /** {@code complete}: the container has ended, so its log has all it will have (see the static one). */
    long tailStart(Long lines, boolean complete) throws IOException {
        RandomAccessFile f = file.get();
        return f == null ? 0 : tailStart(f, lines, complete);
    }

    /** Whether the log was ever found: one never found, of a container gone meanwhile, showed nothing. */
    boolean found() {
        return file.found();
    }

    /**
     * Where the last {@code lines} lines begin: after the F record that ends the line before them (0
     * for all: null, negative, or fewer lines than that). The lines of both streams count together, as
     * podman counts them; pieces (P) after the last line come with it. Once the container has ended
     * ({@code complete}) its last record ends a line whatever its flag: output whose end has no newline
     * (echo a; printf b) ends with a line all the same, and --tail 1 gave "a" with it. While it runs, a
     * last piece is a line still being written: --tail 1 gave its last piece alone, cut from its start.
     */
    static long tailStart(RandomAccessFile f, Long lines, boolean complete) throws IOException {
        if (lines == null || lines < 0) {
            return 0;
        }
        if (lines == 0) {
            return f.length();
        }
        // From the end back, a block at a time (a 420 MB log's forward scan took 1.6 s for --tail 3):
        // each newline ends a record, whose flag is read from its first bytes.
        byte[] block = new byte[64 * 1024];
        long blockStart = f.length();
        int have = 0;
        long recordEnd = -1; // the newline that ends the record being walked back over
        long lastEnd = -1; // the newline that ends the last whole record
        long seen = 0;
        while (true) {
            for (int i = have - 1; i >= 0; i--) {
                if (block[i] != '\n') {
                    continue;
                }
                long nl = blockStart + i;
                if (recordEnd >= 0 && (complete && recordEnd == lastEnd || fullLine(f, nl + 1, recordEnd)) && ++seen == lines + 1) {
                    return recordEnd + 1;
                }
                recordEnd = nl;
                lastEnd = lastEnd < 0 ? nl : lastEnd;
            }
            if (blockStart == 0) {
                break;
            }
            have = (int) Math.min(block.length, blockStart);
            blockStart -= have;
            f.seek(blockStart);
            f.readFully(block, 0, have);
        }
        // The first record has no newline before it.
        return recordEnd >= 0 && (complete && recordEnd == lastEnd || fullLine(f, 0, recordEnd)) && ++seen == lines + 1 ? recordEnd + 1 : 0;
    }

    /** Whether the record from {@code start} to the newline at {@code end} ends a line (F). */
    private static boolean fullLine(RandomAccessFile f, long start, long end) throws IOException {
        byte[] head = new byte[(int) Math.min(80, end - start)];
        long back = f.getFilePointer();
        f.seek(start);
        f.readFully(head);
        f.seek(back);
        ContainerLog.Entry e = ContainerLog.Entry.parse(head, 0, head.length);
        return e != null && !e.partial();
    }

    /** Opens the log now if it is there, to read it later even if it is deleted meanwhile. */
    void openIfThere() throws IOException {
        file.get();
    }

    /** Passes the complete records from {@code offset} on to the user; the offset after the last, or {@link #CLOSED}. */
    long from(long offset) throws IOException {
        RandomAccessFile open = file.get();
        if (open == null) {
            return offset;
        }
        boolean[] closed = {false};
        long next = records(open, offset, (at, b, off, len) -> {
            ContainerLog.Entry e = ContainerLog.Entry.parse(b, off, len);
            if (e != null && !emit(e)) {
                closed[0] = true;
                return false;
            }
            return true;
        });
        if (closed[0] || !drain()) {
            return CLOSED;
        }
        return next;
    }

    /**
     * Consecutive records of one stream are passed on in one write (a line per write made `logs` of a
     * chatty container a system call per line); the other stream's next record, or the end of a read,
     * sends them first, so that the order between the streams is kept where both reach one terminal.
     */
    private boolean emit(ContainerLog.Entry e) {
        if (e.stream() != pendingStream || pending.size() > 64 * 1024) {
            if (!drain()) {
                return false;
            }
            pendingStream = e.stream();
        }
        if (timestamps && !midLine.contains(e.stream())) {
            pending.writeBytes((e.time() + " ").getBytes(StandardCharsets.US_ASCII));
        }
        pending.writeBytes(e.content());
        if (e.partial()) {
            midLine.add(e.stream());
        } else {
            pending.write('\n');
            midLine.remove(e.stream());
        }
        return true;
    }

    private boolean drain() {
        if (pending.size() == 0) {
            return true;
        }
        boolean stderr = pendingStream == ContainerLog.Stream.STDERR;
        OutputStream raw = stderr ? rawErr : rawOut;
        try {
            if (raw != null) {
                try {
                    pending.writeTo(raw);
                    raw.flush();
                    return true;
                } catch (IOException gone) {
                    return false; // the reader went (logs c | head -1): nothing more to show
                }
            }
            PrintWriter to = stderr ? err : out;
            to.print(pending.toString(StandardCharsets.UTF_8));
            to.flush();
            return !to.checkError();
        } finally {
            pending.reset();
        }
    }

    /**
     * Calls {@code visitor} for each complete record from {@code from} to the file's current end;
     * returns the offset after the last one it was called for (a record still being appended is left
     * for the next call).
     */
    static long records(RandomAccessFile f, long from, RecordVisitor visitor) throws IOException {
        long end = f.length();
        byte[] buf = new byte[64 * 1024];
        int have = 0;
        int scanned = 0;
        long bufStart = from;
        f.seek(from);
        while (bufStart + have < end) {
            if (have == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2); // one record longer than the buffer
            }
            int n = f.read(buf, have, (int) Math.min(buf.length - have, end - bufStart - have));
            if (n <= 0) {
                break;
            }
            have += n;
            int start = 0;
            for (int i = scanned; i < have; i++) {
                if (buf[i] == '\n') {
                    if (!visitor.visit(bufStart + start, buf, start, i - start)) {
                        return bufStart + i + 1;
                    }
                    start = i + 1;
                }
            }
            System.arraycopy(buf, start, buf, 0, have - start);
            bufStart += start;
            have -= start;
            scanned = have;
        }
        return bufStart;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
