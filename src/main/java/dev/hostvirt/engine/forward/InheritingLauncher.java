package dev.hostvirt.engine.forward;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import java.util.Map;

/**
 * Runs the forwarded command with this process's own stdin/stdout/stderr (inheritIO: bytes pass
 * through untouched, a terminal stays a terminal for -it and progress bars) and returns its exit
 * code unchanged. Ctrl-C: the terminal (Unix) or the console (Windows: every process attached to it
 * gets CTRL_C_EVENT, and wsl.exe relays it as SIGINT into the distro) already delivers it to the
 * child; this JVM must only not die first, so SIGINT is swallowed here while the child runs
 * ({@link SignalGuard}) and the child's own exit code (130 after SIGINT) becomes ours.
 * Tests pass file redirects instead of INHERIT.
 */
public final class InheritingLauncher implements ProcessLauncher {
    private final Redirect in;
    private final Redirect out;
    private final Redirect err;

    public InheritingLauncher() {
        this(Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT);
    }

    public InheritingLauncher(Redirect in, Redirect out, Redirect err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public int launch(List<String> argv, Map<String, String> extraEnv) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(in).redirectOutput(out).redirectError(err);
        pb.environment().putAll(extraEnv);
        try (SignalGuard guard = SignalGuard.ignoreInterrupt()) {
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return NOT_FOUND;
            }
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    // Keep waiting: the child decides when it is done; our exit code is its.
                    Thread.currentThread().interrupt();
                    Thread.interrupted();
                }
            }
        }
    }
}
