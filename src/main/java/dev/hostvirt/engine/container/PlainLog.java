package dev.hostvirt.engine.container;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A plain file to the user (a container's stdout.log or stderr.log from before ContainerLog, or the
 * detached monitor's messages), from an offset to its current end: as bytes when there is a stream
 * (logs of a binary output are that output), else as UTF-8 text. In 1 MB reads, all of it (one
 * read of at most 16 MB cut longer logs short). The file is opened at the first read that finds
 * it and kept open, so that it can still be read once it has been deleted.
 */
final class PlainLog implements AutoCloseable {
    /** What {@link #from} returns once the user's side is closed. */
    static final long CLOSED = -1;
    private final Path file;
    private final java.io.OutputStream raw;
    private final PrintWriter to;
    private RandomAccessFile open;

    PlainLog(Path file, java.io.OutputStream raw, PrintWriter to) {
        this.file = file;
        this.raw = raw;
        this.to = to;
    }

    /** Opens the file now if it is there, to read it later even if it is deleted meanwhile. */
    void openIfThere() throws IOException {
        if (open == null) {
            open = ContainerLogs.openIfThere(file);
        }
    }

    long from(long offset) throws IOException {
        if (open == null && (open = ContainerLogs.openIfThere(file)) == null) {
            return offset;
        }
        long pos = offset;
        RandomAccessFile f = open;
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
        if (open != null) {
            open.close();
        }
    }
}
