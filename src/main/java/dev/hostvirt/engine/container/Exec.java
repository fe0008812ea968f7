package dev.hostvirt.engine.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

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

    /** Copies a child's output to the user's writer and to a log file, as it comes. */
    static Thread pump(InputStream from, PrintWriter to, Path log) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (OutputStream file = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                int n;
                while ((n = from.read(buf)) > 0) {
                    file.write(buf, 0, n);
                    if (to != null) {
                        synchronized (to) {
                            to.write(new String(buf, 0, n, StandardCharsets.UTF_8));
                            to.flush();
                        }
                    }
                }
            } catch (IOException e) {
                // the child closed its end: nothing more to copy
            }
        }, "pump-" + log.getFileName());
        t.setDaemon(true);
        t.start();
        return t;
    }
}
