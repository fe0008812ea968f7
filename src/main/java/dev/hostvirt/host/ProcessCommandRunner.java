package dev.hostvirt.host;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs for real: argv passed as a list (no shell, so no argument can inject another),
 * stdin closed, both outputs drained, a time limit, and output decoded as UTF-8, or as UTF-16LE when
 * the program (wsl.exe) writes that.
 */
public final class ProcessCommandRunner implements CommandRunner {
    private static final int MAX_OUTPUT = 4 * 1024 * 1024;
    private final Duration timeout;
    private final Map<String, String> environment;

    public ProcessCommandRunner(Duration timeout, Map<String, String> environment) {
        this.timeout = timeout;
        this.environment = Map.copyOf(environment);
    }

    /** For read-only probes: C locale on Unix so that tools we parse answer in a known form. */
    public static ProcessCommandRunner forProbes() {
        return new ProcessCommandRunner(Duration.ofSeconds(15), Map.of("LC_ALL", "C", "WSL_UTF8", "1"));
    }

    @Override
    public Reading<CommandOutput> run(List<String> argv) {
        if (!isWindows() && notOnPath(argv.get(0), System.getenv("PATH"))) {
            return Reading.absent();
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(environment);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            // error=2 (ENOENT) is "not found"; anything else (EACCES, ENOEXEC) we cannot interpret.
            String m = String.valueOf(e.getMessage());
            return m.contains("error=2,") || m.contains("error=2 ") || m.endsWith("error=2")
                    || m.contains("CreateProcess error=2") ? Reading.absent() : Reading.unknown(m);
        }
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try {
            byte[] out = drain(process.getInputStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Reading.unknown("timed out after " + timeout.toSeconds() + " s");
            }
            return Reading.present(new CommandOutput(process.exitValue(), decode(out), decode(err.get())));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Reading.unknown("interrupted");
        } catch (ExecutionException | UncheckedIOException e) {
            return Reading.unknown(String.valueOf(e.getMessage()));
        }
    }

    /**
     * True when no file of that name is in any PATH directory, so that exec can only fail with ENOENT.
     * Starting a process only to learn that (the JDK spawns its helper first) cost a few milliseconds
     * for each program a check looks for and most hosts lack (VBoxManage, ...). A file that exists but
     * cannot be run is left to exec, which says why. The JDK too searches this process's PATH, not the
     * child's environment, for the program.
     */
    static boolean notOnPath(String program, String path) {
        if (program.indexOf('/') >= 0) {
            return false;
        }
        // execvp's search list when PATH is unset.
        for (String dir : (path == null ? "/bin:/usr/bin" : path).split(":", -1)) {
            if (new File(dir.isEmpty() ? "." : dir, program).exists()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWindows() {
        return File.separatorChar == '\\';
    }

    private static byte[] drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() < MAX_OUTPUT) {
                    out.write(buf, 0, Math.min(n, MAX_OUTPUT - out.size()));
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** wsl.exe writes UTF-16LE (with or without a BOM) unless WSL_UTF8=1 reached it. */
    public static String decode(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        if (looksUtf16le(bytes)) {
            return new String(bytes, StandardCharsets.UTF_16LE);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static boolean looksUtf16le(byte[] b) {
        if (b.length < 4 || b.length % 2 != 0) {
            return false;
        }
        int zeros = 0;
        int pairs = Math.min(b.length / 2, 256);
        for (int i = 0; i < pairs; i++) {
            if (b[2 * i + 1] == 0 && b[2 * i] != 0) {
                zeros++;
            }
        }
        return zeros * 10 >= pairs * 8;
    }
}
