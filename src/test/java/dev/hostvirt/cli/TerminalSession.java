package dev.hostvirt.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A program on a pseudo-terminal (started under script(1)): keys typed in, everything it drew read back. */
final class TerminalSession {
    private static final long LIMIT_MS = 60_000;
    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;

    TerminalSession(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            byte[] buf = new byte[4096];
            try (InputStream in = process.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (output) {
                        output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        output.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the terminal closed
            }
        }, "terminal-reader");
        reader.setDaemon(true);
        reader.start();
    }

    Process process() {
        return process;
    }

    void type(String keys) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(keys.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits until {@code text} was drawn; fails with what was drawn after a minute. */
    void await(String text) throws InterruptedException {
        long end = System.currentTimeMillis() + LIMIT_MS;
        synchronized (output) {
            while (output.indexOf(text) < 0) {
                long left = end - System.currentTimeMillis();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new AssertionError("never drew '" + text + "': " + output);
                }
                output.wait(Math.min(left, 100));
            }
        }
    }

    /** Its exit code once it ended and its output was read; fails (and kills it) after a minute. */
    int exit() throws InterruptedException, IOException {
        if (!process.waitFor(LIMIT_MS, TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("did not end: " + output());
        }
        reader.join(LIMIT_MS);
        process.getOutputStream().close();
        return process.exitValue();
    }

    String output() {
        synchronized (output) {
            return output.toString();
        }
    }
}
