package dev.hostvirt.engine.container;

import com.sun.jna.NativeLibrary;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While a runtime runs in hostvirt's foreground, SIGINT, SIGTERM and SIGHUP sent to hostvirt go to
 * the runtime instead of ending the JVM (whose default is to exit at once: the container lived on,
 * and a --rm one was never removed). runc and crun pass them on to the container, as podman's
 * --sig-proxy does, so Ctrl-C or {@code kill} stop the container and hostvirt returns its exit code
 * and cleans up. The JDK has no public API for handling signals: {@code sun.misc.Signal}
 * (jdk.unsupported) is the supported way in practice, and JNA's kill(2) sends one by number.
 */
final class SignalRelay implements AutoCloseable {
    private static final List<String> RELAYED = List.of("INT", "TERM", "HUP");

    private record Installed(Signal signal, SignalHandler previous) {
    }

    private final List<Installed> installed;

    private SignalRelay(List<Installed> installed) {
        this.installed = installed;
    }

    /** Relays to {@code pid} until closed. Signals that cannot be taken over here keep the JVM's handling. */
    static SignalRelay to(long pid) {
        List<Installed> done = new ArrayList<>();
        for (String name : RELAYED) {
            try {
                Signal signal = new Signal(name);
                done.add(new Installed(signal, Signal.handle(signal, s -> send(pid, s.getNumber()))));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // taken by the VM (-Xrs) or not on this OS: left as it is
            }
        }
        return new SignalRelay(done);
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

    @Override
    public void close() {
        for (Installed i : installed) {
            Signal.handle(i.signal(), i.previous());
        }
    }
}
