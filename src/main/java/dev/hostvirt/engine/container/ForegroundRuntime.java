package dev.hostvirt.engine.container;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A runtime call that runs a container's process in hostvirt's foreground ({@code run} without -d,
 * {@code exec}): its output copied to the user and to a log (with -t, straight to the user's
 * terminal), hostvirt's signals relayed to it, and its exit code returned once the copies are done.
 *
 * <p>Without a terminal the runtime gets a session of its own (setsid), so a Ctrl-C at the user's
 * terminal reaches hostvirt alone and is passed on once, as podman's conmon is kept apart. With -t
 * it stays in hostvirt's process group: it needs the terminal's SIGWINCH to resize the container's,
 * and it sets the terminal raw, so Ctrl-C becomes a key for the container rather than a signal.
 *
 * <p>When the user's side of the output is gone ({@code run img yes | head -1}), the container is
 * stopped as {@code stop} would: SIGTERM, and after {@link #GRACE_SECONDS} {@code kill}. It wrote on
 * into the log before, for ever (77 GB, until the disk was full).
 *
 * @param stdin what the container may read: hostvirt's stdin with -i or -t, /dev/null otherwise
 * @param caller where the output goes as bytes (when it has streams)
 * @param pidFile where the runtime writes the process's pid: with -t, its terminal follows the
 *     user's window through it (WindowResize)
 * @param exec an exec'd process, which may leave processes behind that hold its output open
 */
record ForegroundRuntime(List<String> command, ProcessBuilder.Redirect stdin, boolean tty, CallerStdio caller, Path pidFile,
        boolean exec) {
    private static final ProcessBuilder.Redirect NOTHING = ProcessBuilder.Redirect.from(new File("/dev/null"));
    static final int GRACE_SECONDS = 10;
    /** How long an exec's output may be silent after the process exited before hostvirt stops waiting for it. */
    static final long QUIET_MS = 200;

    /** {@code pidFile}: where the runtime writes the process's pid (its terminal is resized through it). */
    static ForegroundRuntime of(List<String> runtimeCommand, CallerStdio caller, boolean interactive, boolean tty, Path pidFile,
            boolean exec) {
        List<String> argv = new ArrayList<>();
        if (!tty) {
            setsid().ifPresent(argv::add);
        }
        argv.addAll(runtimeCommand);
        return new ForegroundRuntime(List.copyOf(argv), interactive || tty ? caller.stdin() : NOTHING, tty, caller, pidFile, exec);
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

    /**
     * Starts it and waits for it and for the copies of its output, {@code relay} (installed by the
     * caller, for the clean-up too) passing hostvirt's signals to it meanwhile. With -t the runtime
     * writes to hostvirt's own stdout and stderr: what it copies from the container's terminal must
     * reach the user's while the terminal is raw, and it restores the terminal on exit (a copy made by
     * hostvirt came out after that, every newline as CR CR LF). The log gets none of it.
     */
    int run(SignalRelay relay, PrintWriter out, PrintWriter err, Path stdoutLog, Path stderrLog, Runnable kill) throws IOException {
        if (relay.pendingSignal() != 0) {
            // Interrupted just before: started now, the runtime would die of it before its own handlers.
            return 128 + relay.pendingSignal();
        }
        if (tty) {
            out.flush();
            err.flush();
            try (TerminalSettings user = TerminalSettings.save(stdin); WindowResize resize = WindowResize.follow(stdin, pidFile)) {
                Process p = new ProcessBuilder(command).redirectInput(stdin).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                relay.attach(p);
                relay.onHangup(whenOutputBreaks(p, kill, new AtomicBoolean()));
                int code = waitFor(p);
                relay.runtimeExited();
                return code;
            }
        }
        out.flush();
        err.flush();
        Process p = new ProcessBuilder(command).redirectInput(stdin).start();
        relay.attach(p);
        AtomicBoolean outputBroken = new AtomicBoolean();
        Runnable broken = whenOutputBreaks(p, kill, outputBroken);
        AtomicLong outIdle = new AtomicLong();
        AtomicLong errIdle = new AtomicLong();
        Thread o = Exec.pump(p.getInputStream(), caller.stdout(), out, stdoutLog, broken, outIdle);
        Thread e = Exec.pump(p.getErrorStream(), caller.stderr(), err, stderrLog, broken, errIdle);
        int code = waitFor(p);
        relay.runtimeExited();
        long exited = System.nanoTime();
        // The copies end when the last writer closes: a process the command left in the background
        // may hold them open (crun hands the descriptors over). A signal then stops the wait, and so
        // does an output that is gone: nobody reads it, and a leftover writer that ignores SIGTERM
        // gets EPIPE once hostvirt has exited (its end of the pipe closes with it).
        // For exec, a process it left in the background (`exec c sh -c 'daemon &'`) may hold them for
        // as long as it lives: once both copies have passed everything on and waited QUIET_MS for
        // more, hostvirt returns, as podman does (it waited for the daemon to exit).
        try {
            while ((o.isAlive() || e.isAlive()) && !relay.signalledAfterExit() && !outputBroken.get()
                    && !(exec && quietSince(exited, outIdle, errIdle))) {
                o.join(25);
                e.join(25);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return code;
    }

    /**
     * Once: SIGTERM to the runtime (passed on to the container); after {@link #GRACE_SECONDS}, if it is
     * still there, {@code kill} (null: SIGKILL to the process the pid file names and to its
     * descendants, an exec'd process ignoring SIGTERM and what it started), and if even then the
     * runtime call lives on (no pid written yet, a runtime that hangs), SIGKILL to the call itself.
     * The process is named when the output breaks, not ten seconds later: its handle keeps its
     * start time, so a pid reused meanwhile is not killed.
     */
    private Runnable whenOutputBreaks(Process p, Runnable kill, AtomicBoolean broken) {
        return () -> {
            if (!broken.compareAndSet(false, true) || !p.isAlive()) {
                return;
            }
            Optional<ProcessHandle> target = kill == null ? pidIn(pidFile).flatMap(ProcessHandle::of) : Optional.empty();
            SignalRelay.send(p.pid(), 15);
            Thread t = new Thread(() -> {
                try {
                    if (p.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                        return;
                    }
                    if (kill != null) {
                        kill.run();
                    } else {
                        target.ifPresent(h -> {
                            h.descendants().forEach(ProcessHandle::destroyForcibly);
                            h.destroyForcibly();
                        });
                    }
                    if (!p.waitFor(2, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stop-on-broken-output");
            t.setDaemon(true);
            t.start();
        };
    }

    /** Both copies idle (waiting for input, not writing) for {@link #QUIET_MS}, counted from {@code since} at the earliest. */
    private static boolean quietSince(long since, AtomicLong... copies) {
        long now = System.nanoTime();
        for (AtomicLong idle : copies) {
            long from = Math.max(since, idle.get());
            if (idle.get() == Exec.BUSY || now - from < QUIET_MS * 1_000_000L) {
                return false;
            }
        }
        return true;
    }

    /** The pid the runtime wrote, once it has. */
    static Optional<Long> pidIn(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException notYet) {
            return Optional.empty();
        }
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
