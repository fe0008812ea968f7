package dev.hostvirt.engine.container;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One of a child's output streams passed on to the user, as it comes: as bytes, unchanged, to
 * {@code raw} when there is one; otherwise as UTF-8 text to {@code to}, decoded across reads (a
 * character split between two reads is not garbled). When the user's side is gone (a closed pipe:
 * {@code run img yes | head -1}), {@code broken} is told once and nothing more is passed on.
 */
final class UserOutput {
    private final OutputStream raw;
    private final PrintWriter to;
    private final Runnable broken;
    private final ByteBuffer bytes = ByteBuffer.allocate(8192);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private boolean open = true;

    UserOutput(OutputStream raw, PrintWriter to, Runnable broken) {
        this.raw = raw;
        this.to = to;
        this.broken = broken;
    }

    /** Whether the user still reads. */
    boolean open() {
        return open;
    }

    void pass(byte[] b, int off, int len) {
        if (!open) {
            return;
        }
        if (raw != null) {
            open = write(raw, b, off, len);
        } else {
            int i = off;
            while (i < off + len && open) {
                int n = Math.min(bytes.remaining(), off + len - i);
                bytes.put(b, i, n);
                i += n;
                bytes.flip();
                CoderResult r;
                do {
                    r = decoder.decode(bytes, chars, false);
                    open = flush(chars, to);
                } while (r.isOverflow() && open);
                bytes.compact();
            }
        }
        if (!open) {
            broken.run();
        }
    }

    /** The end of the stream: what is left of a character that never completed is shown as U+FFFD. */
    void finish() {
        if (open && raw == null) {
            bytes.flip();
            decoder.decode(bytes, chars, true);
            decoder.flush(chars);
            flush(chars, to);
        }
    }

    private static boolean write(OutputStream raw, byte[] b, int off, int len) {
        try {
            raw.write(b, off, len);
            raw.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** False when the writer can no longer write (PrintWriter keeps its errors to itself). */
    private static boolean flush(CharBuffer chars, PrintWriter to) {
        chars.flip();
        boolean ok = true;
        if (to != null && chars.hasRemaining()) {
            synchronized (to) {
                to.write(chars.array(), chars.position(), chars.remaining());
                to.flush();
                ok = !to.checkError();
            }
        }
        chars.clear();
        return ok;
    }
}
