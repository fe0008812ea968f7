package dev.hostvirt.engine.container;

import com.sun.jna.NativeLibrary;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While a container runs in hostvirt's foreground, SIGINT, SIGTERM and SIGHUP sent to hostvirt go to
 * the runtime instead of ending the JVM (whose default is to exit at once: the container lived on,
 * and a --rm one was never removed). runc and crun pass them on to the container, as podman's
 * --sig-proxy does, so Ctrl-C or {@code kill} stop the container and hostvirt returns its exit code
 * and cleans up. The JDK has no public API for handling signals: {@code sun.misc.Signal}
 * (jdk.unsupported) is the supported way in practice, and JNA's kill(2) sends one by number.
 *
 * <p>Installed before the runtime starts and closed after the clean-up, so that no signal in between
 * ends the JVM half-way: one that comes before the runtime exists is sent once it does; one that
 * comes after it exited is only noted (it stops the wait for output a leftover process still holds).
 */
final class SignalRelay implements AutoCloseable {
    private record Installed(Signal signal, SignalHandler previous) {
    }

    private final List<Installed> installed = new ArrayList<>();
    private Process target;
    private boolean targetExited;
    private int pending;
    private int last;
    private boolean signalledAfterExit;

    private SignalRelay() {
    }

    /**
     * Takes INT, TERM and HUP over. HUP is passed on only when {@code relayHangup}: with -t the
     * runtime is in the terminal's process group and gets the hang-up itself, and hostvirt only has
     * to live on to clean up (the JVM's default would exit at once). Signals the VM keeps (-Xrs), or
     * that this process ignores (nohup), stay as they are.
     */
    static SignalRelay install(boolean relayHangup) {
        SignalRelay relay = new SignalRelay();
        for (String name : List.of("INT", "TERM", "HUP")) {
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

    private synchronized void received(int signal, boolean relayed) {
        last = signal;
        if (targetExited || (target != null && !target.isAlive())) {
            signalledAfterExit = true;
        } else if (!relayed) {
            return;
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

    /** From now on signals go to {@code process}; one that came before it existed goes now. */
    synchronized void attach(Process process) {
        target = process;
        if (pending != 0) {
            send(process.pid(), pending);
            pending = 0;
        }
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
