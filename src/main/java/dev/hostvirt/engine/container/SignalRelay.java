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
    private boolean signalledAfterExit;

    private SignalRelay() {
    }

    /**
     * Takes INT and TERM over, and HUP unless the runtime shares hostvirt's terminal (-t: its process
     * group gets the terminal's hang-up itself). Signals the VM keeps (-Xrs) stay as they are.
     */
    static SignalRelay install(boolean hangup) {
        SignalRelay relay = new SignalRelay();
        List<String> names = hangup ? List.of("INT", "TERM", "HUP") : List.of("INT", "TERM");
        for (String name : names) {
            try {
                Signal signal = new Signal(name);
                relay.installed.add(new Installed(signal, Signal.handle(signal, s -> relay.received(s.getNumber()))));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // taken by the VM or not on this OS: left as it is
            }
        }
        return relay;
    }

    private synchronized void received(int signal) {
        if (targetExited) {
            signalledAfterExit = true;
            notifyAll();
        } else if (target == null) {
            pending = signal;
        } else if (target.isAlive()) {
            send(target.pid(), signal);
        }
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
