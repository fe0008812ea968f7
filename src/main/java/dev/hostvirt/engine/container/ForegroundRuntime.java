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
import java.util.concurrent.atomic.AtomicReference;

/**
 * A runtime call that runs a container's process in hostvirt's foreground ({@code run} without -d,
 * {@code exec}): its output copied to the user and to a log (with -t, the container's terminal as
 * the runtime copies it out), hostvirt's signals relayed to it, and its exit code returned once the
 * copies are done.
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
    /**
     * What the log still takes once the user's output broke, while the container is being stopped:
     * enough for what a container says on its way out, not the grace period of an init deaf to
     * SIGTERM writing at full speed (yes: gigabytes in 10 s).
     */
    static final long LOG_AFTER_BREAK = 8L << 20;
    /** How long an exec's output may be silent after the process exited before hostvirt stops waiting for it. */
    static final long QUIET_MS = 500;

    /** {@code pidFile}: where the runtime writes the process's pid (its terminal is resized through it). */
    static ForegroundRuntime of(List<String> runtimeCommand, CallerStdio caller, boolean interactive, boolean tty, Path pidFile,
            boolean exec) {
        List<String> argv = new ArrayList<>();
        if (!tty) {
            setsid().ifPresent(argv::add);
        } else {
            deathSignal().ifPresent(argv::addAll);
        }
        argv.addAll(runtimeCommand);
        return new ForegroundRuntime(List.copyOf(argv), interactive || tty ? caller.stdin() : NOTHING, tty, caller, pidFile, exec);
    }

    /** util-linux's setsid; where it is missing, a Ctrl-C reaches the runtime twice (itself and relayed). */
    private static Optional<String> setsid() {
        return utility("setsid");
    }

    /**
     * With -t, the runtime dies with hostvirt: util-linux's setpriv sets PR_SET_PDEATHSIG (SIGKILL)
     * and execs the rest of the chain in its place. crun 1.8's console loop copies its stdin (the
     * user's terminal) to the container's; once that terminal is gone it reads end-of-file, which
     * epoll reports ready again at once, for ever: a run -t whose hostvirt was SIGKILLed as its terminal
     * closed left crun at 50-90% of a CPU. The setting survives execve (unshare, sh and the runtime
     * are neither setuid nor file-capable) but not fork, which the chain never does before the runtime
     * (setsid is not in it, sh execs); it fires when the thread that started the chain ends, and that
     * thread waits for it. With the runtime gone the container's terminal hangs up: its shell ends, and
     * an init that ignores the hang-up (sleep) is left to the clean-up of the next command that looks
     * (ContainerControl). Without a setpriv that takes --pdeathsig (busybox's refuses it, and so do
     * util-linux builds older than the option: every run -t failed there), as before.
     */
    private static Optional<List<String>> deathSignal() {
        return utility("setpriv").map(p -> List.of(p, "--pdeathsig", "KILL", "--")).filter(ForegroundRuntime::works);
    }

    /** Whether a command prefix runs `true` (one short process, and only for -t, whose user is at a terminal). */
    static boolean works(List<String> prefix) {
        List<String> probe = new ArrayList<>(prefix);
        probe.add("true");
        try {
            Process p = new ProcessBuilder(probe).redirectInput(NOTHING).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<String> utility(String name) {
        for (String dir : List.of("/usr/bin/", "/bin/")) {
            if (Files.isExecutable(Path.of(dir + name))) {
                return Optional.of(dir + name);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts it and waits for it and for the copies of its output, {@code relay} (installed by the
     * caller, for the clean-up too) passing hostvirt's signals to it meanwhile. With -t the runtime
     * copies the container's terminal out to a pipe that hostvirt passes on to its stdout and to the
     * log (for run; exec's goes straight to hostvirt's stdout), with the user's terminal raw until that
     * copy is done; the runtime's own messages go to hostvirt's stderr.
     */
    int run(SignalRelay relay, PrintWriter out, PrintWriter err, ContainerLog log, Runnable kill) throws IOException {
        if (relay.pendingSignal() != 0) {
            // Interrupted just before: started now, the runtime would die of it before its own handlers.
            return 128 + relay.pendingSignal();
        }
        if (tty) {
            out.flush();
            err.flush();
            try (TerminalSettings user = TerminalSettings.save(stdin); WindowResize resize = WindowResize.follow(stdin, pidFile)) {
                Process p = new ProcessBuilder(command).redirectInput(stdin)
                        .redirectOutput(log == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                relay.attach(p);
                AtomicReference<Thread> stopper = new AtomicReference<>();
                Runnable broken = limitingLog(log, whenOutputBreaks(p, kill, new AtomicBoolean(), stopper));
                relay.onHangup(broken);
                // The container's terminal, as the runtime copies it out: to the user and, for run, the log.
                java.io.OutputStream screen = caller.stdout() == null ? null : new TerminalOutput(caller.stdout(), 1);
                Thread copy = log == null ? null
                        : Exec.pump(p.getInputStream(), screen, out, log.sink(ContainerLog.Stream.STDOUT), broken);
                int code = waitFor(p);
                relay.runtimeExited();
                awaitCopies(relay, stopper, false, 0, copy == null ? List.of() : List.of(copy));
                return code;
            }
        }
        out.flush();
        err.flush();
        if (log != null) {
            // run: both streams through FIFOs read in the order they came, for the log (ArrivalOrder).
            Path outFifo = pidFile.resolveSibling(LogPump.OUT);
            Path errFifo = pidFile.resolveSibling(LogPump.ERR);
            ArrivalOrder order = ArrivalOrder.makeFifos(outFifo, errFifo);
            if (order != null) {
                try {
                    return runInOrder(order, outFifo, errFifo, relay, out, err, log, kill);
                } finally {
                    ArrivalOrder.deleteFifos(outFifo, errFifo);
                }
            }
        }
        Process p = start(new ProcessBuilder(command));
        relay.attach(p);
        AtomicReference<Thread> stopper = new AtomicReference<>();
        Runnable broken = limitingLog(log, whenOutputBreaks(p, kill, new AtomicBoolean(), stopper));
        AtomicLong outIdle = new AtomicLong();
        AtomicLong errIdle = new AtomicLong();
        Thread o = Exec.pump(p.getInputStream(), caller.stdout(), out, log == null ? null : log.sink(ContainerLog.Stream.STDOUT),
                broken, outIdle);
        Thread e = Exec.pump(p.getErrorStream(), caller.stderr(), err, log == null ? null : log.sink(ContainerLog.Stream.STDERR),
                broken, errIdle);
        int code = waitFor(p);
        relay.runtimeExited();
        long exited = System.nanoTime();
        // The copies end when the last writer closes. A container's processes all end with it; an
        // exec's may not: a process it left in the background (`exec c sh -c 'daemon &'`, crun hands
        // the descriptors over) holds them for as long as it lives. So for exec, once both copies
        // have passed everything on and waited QUIET_MS for more, hostvirt returns, as podman does
        // (it waited for the daemon to exit). A copy whose reader is gone only drops what it reads,
        // and counts as quiet; the other is still waited for. A signal stops the wait too.
        awaitCopies(relay, stopper, exec, exited, List.of(o, e), outIdle, errIdle);
        return code;
    }

    /**
     * run without -t: the runtime writes into the two FIFOs {@code order} reads, one thread passes each
     * piece on to the user and the log in the order it came. A thread per stream logged a stderr line
     * before the stdout line written just before it 76 times in 300.
     */
    private int runInOrder(ArrivalOrder order, Path outFifo, Path errFifo, SignalRelay relay, PrintWriter out, PrintWriter err,
            ContainerLog log, Runnable kill) throws IOException {
        Process p;
        try {
            p = start(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.to(outFifo.toFile()))
                    .redirectError(ProcessBuilder.Redirect.to(errFifo.toFile())));
        } catch (IOException | RuntimeException e) {
            order.close();
            throw e;
        }
        relay.attach(p);
        AtomicReference<Thread> stopper = new AtomicReference<>();
        Runnable broken = limitingLog(log, whenOutputBreaks(p, kill, new AtomicBoolean(), stopper));
        UserOutput toOut = new UserOutput(caller.stdout(), out, broken);
        UserOutput toErr = new UserOutput(caller.stderr(), err, broken);
        Thread copy = new Thread(() -> {
            order.copyTo((stream, b, off, len) -> {
                // The log is the container's: what it wrote stays there whatever became of the user's
                // side (a full disk behind stdout dropped the rest of it from logs too).
                log.write(stream, b, off, len);
                (stream == ContainerLog.Stream.STDOUT ? toOut : toErr).pass(b, off, len);
            });
            toOut.finish();
            toErr.finish();
        }, "ordered-copy");
        copy.setDaemon(true);
        copy.start();
        int code = waitFor(p);
        relay.runtimeExited();
        awaitCopies(relay, stopper, false, 0, List.of(copy));
        if (!copy.isAlive()) {
            order.close(); // not under a copy still reading (a signal ended the wait): its descriptors stay until exit
        }
        return code;
    }

    /** The runtime without -t, its stdin the container's: hostvirt's, through a pipe when it is the user's terminal. */
    private Process start(ProcessBuilder runtime) throws IOException {
        if (!TerminalInput.relayed(stdin, caller.terminal(), tty)) {
            return runtime.redirectInput(stdin).start();
        }
        Process p = runtime.redirectInput(ProcessBuilder.Redirect.PIPE).start();
        TerminalInput.start(p);
        return p;
    }

    /** {@code broken}, and from then on the log (if any) takes at most {@link #LOG_AFTER_BREAK} more. */
    private static Runnable limitingLog(ContainerLog log, Runnable broken) {
        return log == null ? broken : () -> {
            log.limitFromNow(LOG_AFTER_BREAK);
            broken.run();
        };
    }

    /** Waits for the copies (see run), then for what the stopper has to kill to be dead before hostvirt exits with it. */
    private static void awaitCopies(SignalRelay relay, AtomicReference<Thread> stopper, boolean exec, long exited, List<Thread> copies,
            AtomicLong... idle) {
        try {
            while (copies.stream().anyMatch(Thread::isAlive) && !relay.signalledAfterExit() && !(exec && quietSince(exited, idle))) {
                for (Thread t : copies) {
                    t.join(25);
                }
            }
            Thread stopping = stopper.get();
            if (stopping != null) {
                stopping.join(TimeUnit.SECONDS.toMillis(GRACE_SECONDS + 5));
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Once: SIGTERM to the runtime (passed on to the container), and for exec ({@code kill} null) to
     * the exec'd process and everything it started, as they are when the output breaks. After
     * {@link #GRACE_SECONDS} at most: {@code kill} if the runtime is still there (run: the runtime's
     * own kill --all); for exec, SIGKILL to whichever of those processes still lives (its children
     * may ignore SIGTERM, and outlive the exec'd process, reparented to the container's init), then
     * to the runtime call if it lives on even so. Processes are named by handles taken when the
     * output broke (or, if the runtime had not written the pid yet, at kill time and only if it
     * started before): a handle keeps its start time, so a pid reused meanwhile is not killed.
     * The stopper is kept in {@code stopper}, for the caller to wait for before it exits.
     */
    private Runnable whenOutputBreaks(Process p, Runnable kill, AtomicBoolean broken, AtomicReference<Thread> stopper) {
        return () -> {
            if (!broken.compareAndSet(false, true)) {
                return;
            }
            java.time.Instant brokeAt = java.time.Instant.now();
            List<ProcessHandle> tree = kill == null ? treeOf(pidOnceWritten(p).flatMap(ProcessHandle::of)) : List.of();
            tree.forEach(h -> SignalRelay.send(h.pid(), 15));
            if (p.isAlive()) {
                SignalRelay.send(p.pid(), 15);
            }
            Thread t = new Thread(() -> {
                try {
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
                    while (System.nanoTime() < until && (p.isAlive() || tree.stream().anyMatch(ForegroundRuntime::running))) {
                        Thread.sleep(50);
                    }
                    if (kill != null) {
                        if (p.isAlive()) {
                            kill.run(); // the runtime's own kill --all: it tears the container down itself
                        }
                        return;
                    }
                    List<ProcessHandle> left = tree.isEmpty() ? treeOf(pidIn(pidFile).flatMap(ProcessHandle::of)
                            .filter(h -> h.info().startInstant().map(started -> started.isBefore(brokeAt)).orElse(false))) : tree;
                    for (ProcessHandle h : left) {
                        h.descendants().forEach(ProcessHandle::destroyForcibly);
                        h.destroyForcibly();
                    }
                    if (!p.waitFor(2, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stop-on-broken-output");
            t.setDaemon(true);
            stopper.set(t);
            t.start();
        };
    }

    /**
     * Alive and not a zombie: a child whose parent died first is the container's init's to reap, and
     * an init such as sleep never does (`exec c sh -c 'yes | cat' | head -1` waited the whole grace).
     */
    private static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        char state = ProcessState.of(h.pid()); // unreadable (hidepid): not known to be gone, so it keeps its grace
        return state != 'Z' && state != ProcessState.GONE;
    }

    /** The process and its descendants, as they are now. */
    private static List<ProcessHandle> treeOf(Optional<ProcessHandle> root) {
        List<ProcessHandle> all = new ArrayList<>();
        root.ifPresent(h -> {
            all.add(h);
            h.descendants().forEach(all::add);
        });
        return all;
    }

    /** Both copies idle (waiting for input, not writing) for {@link #QUIET_MS}, counted from {@code since} at the earliest. */
    private static boolean quietSince(long since, AtomicLong... copies) {
        long now = System.nanoTime();
        for (AtomicLong copy : copies) {
            long idle = copy.get();
            if (idle == Exec.BUSY || now - Math.max(since, idle) < QUIET_MS * 1_000_000L) {
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

    /**
     * The exec'd process's pid, waiting for the runtime to write it while the runtime lives (2 s at
     * most): its first output can come, and the user's side break, before the runtime writes the pid
     * file. Without the pid the SIGTERM went to the runtime alone, the exec'd shell died of it, and its
     * child, deaf to SIGTERM, was reparented to the container's init before anyone looked for it, and
     * lived on (CI, under load).
     */
    private Optional<Long> pidOnceWritten(Process runtime) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        Optional<Long> pid = pidIn(pidFile);
        while (pid.isEmpty() && runtime.isAlive() && System.nanoTime() < until) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pid = pidIn(pidFile);
        }
        return pid;
    }

    /** The process's exit code; 130 when the wait is interrupted (the interrupt kept for the caller). */
    static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
