package dev.hostvirt.engine.forward;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Swallows SIGINT in this JVM for as long as it is open, then restores the previous handler.
 * A handler that does nothing, not SIG_IGN: an ignored signal stays ignored across exec, so the
 * forwarded child would never see Ctrl-C (found by CtrlCTest); a caught one is reset to the
 * default in the child.
 * sun.misc.Signal (module jdk.unsupported, kept by the distro's jlink) is the only Java 17 way to
 * stop the JVM's default "exit 130 on Ctrl-C" while a forwarded child handles the signal itself.
 * On a JVM where SIGINT cannot be handled (-Xrs) nothing changes.
 */
public final class SignalGuard implements AutoCloseable {
    private static final Signal INT = new Signal("INT");
    private final SignalHandler previous;

    private SignalGuard(SignalHandler previous) {
        this.previous = previous;
    }

    public static SignalGuard ignoreInterrupt() {
        SignalHandler previous;
        try {
            previous = Signal.handle(INT, signal -> { });
        } catch (IllegalArgumentException e) {
            previous = null;
        }
        return new SignalGuard(previous);
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(INT, previous);
        }
    }
}
