package dev.hostvirt.engine.container;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A runtime call that runs a container's process in hostvirt's foreground ({@code run} without -d,
 * {@code exec}): its output copied to the user and to a log, hostvirt's signals relayed to it, and
 * its exit code returned once the copies are done.
 *
 * <p>Without a terminal the runtime gets a session of its own (setsid), so a Ctrl-C at the user's
 * terminal reaches hostvirt alone and is passed on once, as podman's conmon is kept apart. With -t
 * it stays in hostvirt's process group: it needs the terminal's SIGWINCH to resize the container's,
 * and it sets the terminal raw, so Ctrl-C becomes a key for the container rather than a signal.
 *
 * @param stdin what the container may read: hostvirt's stdin with -i or -t, /dev/null otherwise
 */
record ForegroundRuntime(List<String> command, ProcessBuilder.Redirect stdin, boolean tty) {
    private static final ProcessBuilder.Redirect NOTHING = ProcessBuilder.Redirect.from(new File("/dev/null"));

    static ForegroundRuntime of(List<String> runtimeCommand, CallerStdin caller, boolean interactive, boolean tty) {
        List<String> argv = new ArrayList<>();
        if (!tty) {
            setsid().ifPresent(argv::add);
        }
        argv.addAll(runtimeCommand);
        return new ForegroundRuntime(List.copyOf(argv), interactive || tty ? caller.redirect() : NOTHING, tty);
    }

    /** util-linux's setsid; where it is missing, a Ctrl-C reaches the runtime twice (itself and relayed). */
    private static Optional<String> setsid() {
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Starts it and waits for it and for the copies of its output. */
    int run(PrintWriter out, PrintWriter err, Path stdoutLog, Path stderrLog) throws IOException {
        try (RawTerminal raw = tty ? RawTerminal.enter(stdin) : null) {
            return runAndCopy(out, err, stdoutLog, stderrLog);
        }
    }

    private int runAndCopy(PrintWriter out, PrintWriter err, Path stdoutLog, Path stderrLog) throws IOException {
        Process p = new ProcessBuilder(command).redirectInput(stdin).start();
        try (SignalRelay relay = SignalRelay.to(p.pid())) {
            Thread o = Exec.pump(p.getInputStream(), out, stdoutLog);
            Thread e = Exec.pump(p.getErrorStream(), err, stderrLog);
            int code = p.waitFor();
            o.join();
            e.join();
            return code;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
