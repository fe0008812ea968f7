package dev.hostvirt.engine.container;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A plain file to the user (a container's stdout.log or stderr.log from before ContainerLog, or the
 * detached monitor's messages), from an offset to its current end: as bytes when there is a stream
 * (logs of a binary output are that output), else as UTF-8 text. In 1 MB reads, all of it (one
 * read of at most 16 MB cut longer logs short). The file is opened at the first read that finds
 * it and kept open ({@link LogFile}), so that it can still be read once it has been deleted.
 */
final class PlainLog implements AutoCloseable {
    /** What {@link #from} returns once the user's side is closed. */
    static final long CLOSED = -1;
    private final LogFile file;
    private final java.io.OutputStream raw;
    private final PrintWriter to;

    PlainLog(Path file, java.io.OutputStream raw, PrintWriter to) {
        this(List.of(file), raw, to);
    }

    /** {@code places}: where the file may be, in order (LogFile). */
    PlainLog(List<Path> places, java.io.OutputStream raw, PrintWriter to) {
        this.file = new LogFile(places);
        this.raw = raw;
        this.to = to;
    }

    /** Opens the file now if it is there, to read it later even if it is deleted meanwhile. */
    void openIfThere() throws IOException {
        file.get();
    }

    /** Whether the file was ever found. */
    boolean found() {
        return file.found();
    }

    /** Where its last {@code lines} lines begin, in the file opened now if it is there (0 if not). */
    long tailStart(Long lines) throws IOException {
        RandomAccessFile f = file.get();
        return f == null ? 0 : tailStart(f, lines);
    }

    /** Where the last {@code lines} lines of the file begin (0 for all of it: null or negative). */
    static long tailStart(RandomAccessFile f, Long lines) throws IOException {
        long end = f.length();
        if (lines == null || lines < 0) {
            return 0; // docker's and podman's --tail -1: all of it
        }
        if (lines == 0) {
            return end;
        }
        // A final newline ends the last line; it does not start another one.
        long pos = end;
        long seen = 0;
        byte[] block = new byte[8192];
        boolean last = true;
        while (pos > 0) {
            int n = (int) Math.min(block.length, pos);
            pos -= n;
            f.seek(pos);
            f.readFully(block, 0, n);
            for (int i = n - 1; i >= 0; i--) {
                if (block[i] == '\n' && !(last && pos + i == end - 1) && ++seen == lines) {
                    return pos + i + 1;
                }
            }
            last = false;
        }
        return 0;
    }

    long from(long offset) throws IOException {
        RandomAccessFile f = file.get();
        if (f == null) {
            return offset;
        }
        long pos = offset;
        long end = f.length();
        f.seek(pos);
        byte[] b = new byte[(int) Math.min(Math.max(end - pos, 0), 1 << 20)];
        java.io.ByteArrayOutputStream text = raw == null ? new java.io.ByteArrayOutputStream() : null;
        while (pos < end) {
            int n = f.read(b, 0, (int) Math.min(b.length, end - pos));
            if (n <= 0) {
                break;
            }
            if (raw != null) {
                try {
                    raw.write(b, 0, n);
                } catch (IOException closed) {
                    return CLOSED; // the reader went (logs c | head -1): nothing more to show
                }
            } else {
                text.write(b, 0, n);
            }
            pos += n;
        }
        if (raw != null) {
            try {
                raw.flush();
            } catch (IOException closed) {
                return CLOSED;
            }
        } else if (text.size() > 0) {
            to.print(text.toString(StandardCharsets.UTF_8));
            to.flush();
        }
        return pos;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
