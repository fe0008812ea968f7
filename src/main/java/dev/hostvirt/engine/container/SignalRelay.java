package dev.hostvirt.engine.container;

import com.sun.jna.NativeLibrary;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While a container runs in hostvirt's foreground, SIGINT, SIGTERM and SIGHUP (and USR1, ALRM and
 * TSTP) sent to hostvirt go to the runtime instead of ending (or stopping) the JVM (whose default is to exit at once: the container lived on,
 * and a --rm one was never removed). runc and crun pass them on to the container, as podman's
 * --sig-proxy does, so Ctrl-C or {@code kill} stop the container and hostvirt returns its exit code
 * and cleans up. The JDK has no public API for handling signals: {@code sun.misc.Signal}
 * (jdk.unsupported) is the supported way in practice, and JNA's kill(2) sends one by number.
 *
 * <p>Installed before a run does anything and closed after its clean-up. Until {@link #holdFromNow} a
 * signal ends the JVM as it would have (nothing is made yet); from then on none ends it half-way:
 * one that comes before the runtime exists cancels the run or is sent once the runtime does; one
 * that comes after it exited is only noted (it stops the wait for output a leftover process holds).
 */
final class SignalRelay implements AutoCloseable {
    private record Installed(Signal signal, SignalHandler previous) {
    }

    private final List<Installed> installed = new ArrayList<>();
    private Process target;
    private boolean targetExited;
    private int pending;
    private int last;
    private Runnable hangup;
    private boolean holding;
    private boolean signalledAfterExit;

    private SignalRelay() {
    }

    /** Linux's numbers (x86, ARM, RISC-V, POWER, s390), where the engine runs. */
    private static final int TSTP = 20;
    private static final int SIGSTOP = 19;

    /**
     * Takes INT, TERM, HUP, USR1, ALRM and TSTP over. HUP is passed on only when {@code relayHangup}: with -t the
     * runtime is in the terminal's process group and gets the hang-up itself, and hostvirt only has
     * to live on to clean up (the JVM's default would exit at once). Signals the VM keeps (-Xrs), or
     * that this process ignores (nohup), stay as they are, but INT (see {@link #takeBackInterrupt}).
     */
    static SignalRelay install(boolean relayHangup) {
        SignalRelay relay = new SignalRelay();
        takeBackInterrupt();
        // USR1 and ALRM too, as podman's proxy passes them (the JVM uses neither; USR2 and QUIT are its own),
        // and TSTP: a Ctrl-Z reaches the container (a process that traps it reacts), not hostvirt alone, as
        // with podman (hostvirt used to stop, and the container ran on without anyone reading its output).
        for (String name : List.of("INT", "TERM", "HUP", "USR1", "ALRM", "TSTP")) {
            boolean relayed = relayHangup || !name.equals("HUP");
            try {
                Signal signal = new Signal(name);
                relay.installed.add(new Installed(signal, Signal.handle(signal, s -> relay.received(s.getNumber(), relayed))));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // taken by the VM or not on this OS: left as it is
            }
        }
        return relay;
    }

    /** SIGINT's bit in /proc/self/status's SigIgn mask (signal 2). */
    private static final long INT_BIT = 1L << 1;

    /**
     * A shell starts a script's background jobs (`hostvirt run ... &`) with SIGINT ignored, and the JVM
     * then leaves it ignored and refuses to handle it: `kill -INT $!` never reached the container and
     * the run went on until stopped otherwise (QA). podman's (Go's signal.Notify) takes an ignored
     * SIGINT back, and so does hostvirt, through signal(2). A nohup's SIGHUP stays ignored: that one
     * was asked for by name.
     */
    private static void takeBackInterrupt() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:") && (Long.parseUnsignedLong(line.substring(7).strip(), 16) & INT_BIT) != 0) {
                    NativeLibrary.getProcess().getFunction("signal").invokePointer(new Object[] {2, null}); // SIG_DFL
                }
            }
        } catch (java.io.IOException | RuntimeException | LinkageError e) {
            // no /proc or no libc signal(2): SIGINT stays as the shell left it
        }
    }

    private synchronized void received(int signal, boolean relayed) {
        if (signal == TSTP) {
            if (target != null && !targetExited && target.isAlive()) {
                send(target.pid(), signal);
            } else {
                // No container to pass it to (yet, or any more): what it does without a relay, hostvirt stops.
                send(ProcessHandle.current().pid(), SIGSTOP);
            }
            return;
        }
        if (!holding) {
            // Nothing made yet (an image being unpacked, which is crash-safe): end at once, as without a
            // relay. The monitor stays held, so holdFromNow cannot let the run go on to make anything.
            System.exit(128 + signal);
        }
        last = signal;
        if (targetExited || (target != null && !target.isAlive())) {
            signalledAfterExit = true;
        } else if (!relayed) {
            if (hangup != null) {
                hangup.run();
            }
        } else if (target == null) {
            pending = signal;
        } else {
            send(target.pid(), signal);
        }
    }

    /** The last signal received at all (0: none): a runtime that died of it before starting the container. */
    synchronized int lastSignal() {
        return last;
    }

    /**
     * From now on a signal is held rather than ending the JVM: called before anything that must not be
     * left half-made (the container's directory and root). Until then a signal exits at once.
     */
    synchronized SignalRelay holdFromNow() {
        holding = true;
        return this;
    }

    /** From now on signals go to {@code process}; one that came before it existed goes now. */
    synchronized void attach(Process process) {
        target = process;
        if (pending != 0) {
            send(process.pid(), pending);
            pending = 0;
        }
    }

    /**
     * What to do when the terminal hangs up (with -t, where HUP is not relayed): crun 1.8 spun on the
     * dead terminal for ever, so the container is stopped as for a closed output.
     */
    synchronized void onHangup(Runnable action) {
        hangup = action;
    }

    /** The runtime exited (and was reaped: its PID may be anyone's now); signals are only noted. */
    synchronized void runtimeExited() {
        targetExited = true;
    }

    /** A signal that came before any runtime was attached (0: none): the run is to be given up. */
    synchronized int pendingSignal() {
        return pending;
    }

    synchronized boolean signalledAfterExit() {
        return signalledAfterExit;
    }

    static void send(long pid, int signal) {
        try {
            NativeLibrary.getProcess().getFunction("kill").invokeInt(new Object[] {(int) pid, signal});
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | RuntimeException e) {
            try {
                new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
            } catch (java.io.IOException ignored) {
                // no kill(1) either: the signal is lost, as it would be without a relay
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Puts the JVM's own handlers back; closing again does nothing. */
    @Override
    public synchronized void close() {
        for (Installed i : installed) {
            Signal.handle(i.signal(), i.previous());
        }
        installed.clear();
    }
}
