package dev.hostvirt.engine.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Small helpers to run host programs (mount, the runtime) without a shell. */
final class Exec {
    private Exec() {
    }

    record Result(int exit, String stdout, String stderr) {
    }

    static Result run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            p.getOutputStream().close();
            byte[][] err = new byte[1][];
            Thread errPump = new Thread(() -> {
                try {
                    err[0] = p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    err[0] = new byte[0];
                }
            });
            errPump.start();
            byte[] out = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            errPump.join();
            return new Result(code, new String(out, StandardCharsets.UTF_8), new String(err[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(127, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "", "interrupted");
        }
    }

    /**
     * Copies a child's output to the user and to its log (null: none), as it comes. Bytes go to the log
     * unchanged, and to {@code raw} unchanged when there is one; otherwise {@code to} gets UTF-8 text
     * decoded across read boundaries (a character split between two reads is not garbled). When the
     * user's side is gone (a closed pipe: {@code run img yes | head -1}), {@code broken} is told once
     * and the rest is read and dropped, log included: the child must not block, and a container that
     * goes on writing must not fill the disk while it is being stopped.
     */
    static Thread pump(InputStream from, OutputStream raw, PrintWriter to, ContainerLog.Sink log, Runnable broken) {
        return pump(from, raw, to, log, broken, new AtomicLong());
    }

    /**
     * As above, {@code idleSince} telling when the copy last finished passing something on
     * (System.nanoTime), or {@link #BUSY} while it passes something on: a caller can tell a copy
     * waiting for more (which may never come) from one writing to a slow reader.
     */
    static Thread pump(InputStream from, OutputStream raw, PrintWriter to, ContainerLog.Sink log, Runnable broken,
            AtomicLong idleSince) {
        idleSince.set(System.nanoTime());
        Thread t = new Thread(() -> {
            ByteBuffer bytes = ByteBuffer.allocate(8192);
            CharBuffer chars = CharBuffer.allocate(8192);
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
            boolean open = true;
            try {
                int n;
                while ((n = from.read(bytes.array(), bytes.position(), bytes.remaining())) > 0) {
                    if (!open) {
                        continue;
                    }
                    idleSince.set(BUSY);
                    if (log != null) {
                        log.write(bytes.array(), bytes.position(), n);
                    }
                    if (raw != null) {
                        open = write(raw, bytes.array(), bytes.position(), n);
                    } else {
                        bytes.position(bytes.position() + n);
                        bytes.flip();
                        decoder.decode(bytes, chars, false);
                        bytes.compact();
                        open = flush(chars, to);
                    }
                    if (!open) {
                        broken.run();
                    }
                    idleSince.set(System.nanoTime());
                }
                if (open && raw == null) {
                    bytes.flip();
                    decoder.decode(bytes, chars, true);
                    decoder.flush(chars);
                    flush(chars, to);
                }
            } catch (IOException e) {
                // the child closed its end: nothing more to copy
            }
        }, "pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** {@link #pump}'s {@code idleSince} while it passes output on. */
    static final long BUSY = Long.MAX_VALUE;

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
