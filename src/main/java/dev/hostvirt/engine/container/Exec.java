package dev.hostvirt.engine.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
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
     * Copies a child's output to the user (UserOutput) and to its log (null: none), as it comes: bytes
     * go to the log unchanged. When the user's side is gone, the rest is read (the child must not
     * block) and still logged: the log is the container's, whatever became of the caller's stdout
     * (ForegroundRuntime limits what it takes from then on).
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
            byte[] b = new byte[8192];
            UserOutput user = new UserOutput(raw, to, broken);
            try {
                int n;
                while ((n = from.read(b)) > 0) {
                    if (log != null) {
                        log.write(b, 0, n);
                    }
                    if (!user.open()) {
                        continue; // dropped for the user, and counted as quiet (an exec's wait)
                    }
                    idleSince.set(BUSY);
                    user.pass(b, 0, n);
                    idleSince.set(System.nanoTime());
                }
                user.finish();
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
}
