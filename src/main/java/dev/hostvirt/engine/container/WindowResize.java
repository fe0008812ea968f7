package dev.hostvirt.engine.container;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * With -t, a resized window reaches the container. runc resizes the container's terminal on
 * SIGWINCH; crun 1.8 in the foreground does not, so a full-screen program kept the size it started
 * with. hostvirt takes SIGWINCH (it shares the runtime's process group, so it gets every one), reads
 * the user's terminal size and sets it on the terminal of the process named by the pid file, opened
 * through {@code /proc/PID/fd/0}: the kernel then sends SIGWINCH to the container's foreground job.
 * Both are done by stty(1), as for {@link TerminalSettings}: no termios or ioctl numbers, which
 * differ between architectures, in Java. With runc the size is set twice; the second is no change,
 * and the kernel sends no second signal.
 */
final class WindowResize implements AutoCloseable {
    private final ProcessBuilder.Redirect terminal;
    private final Path pidFile;
    private final Object applying = new Object();
    private Signal signal;
    private SignalHandler previous;
    private long signalled;
    private long applied;
    private boolean closed;

    private WindowResize(ProcessBuilder.Redirect terminal, Path pidFile) {
        this.terminal = terminal;
        this.pidFile = pidFile;
    }

    /** Follows the user's window from now until closed; where SIGWINCH cannot be taken, does nothing. */
    static WindowResize follow(ProcessBuilder.Redirect terminal, Path pidFile) {
        WindowResize resize = new WindowResize(terminal, pidFile);
        try {
            resize.signal = new Signal("WINCH");
            resize.previous = Signal.handle(resize.signal, s -> resize.resized());
        } catch (IllegalArgumentException | UnsupportedOperationException notHere) {
            resize.signal = null;
        }
        return resize;
    }

    /**
     * In a thread of the signal's own (the JDK starts one per signal): one at a time, and a burst
     * (a window being dragged) sets the size once for all the signals that queued meanwhile, with
     * the size the window has by then. Nothing once closed: the pid may be someone else's by then.
     */
    private void resized() {
        long mine;
        synchronized (this) {
            mine = ++signalled;
        }
        synchronized (applying) {
            synchronized (this) {
                if (closed || mine <= applied) {
                    return;
                }
                applied = signalled;
            }
            Optional<int[]> size = TerminalSettings.size(terminal);
            Optional<Long> pid = ForegroundRuntime.pidIn(pidFile);
            if (size.isEmpty() || pid.isEmpty()) {
                return; // not started yet: it starts with the size of then (consoleSize)
            }
            TerminalSettings.stty(ProcessBuilder.Redirect.INHERIT, List.of("-F", "/proc/" + pid.get() + "/fd/0",
                    "rows", Integer.toString(size.get()[0]), "cols", Integer.toString(size.get()[1])));
        }
    }

    @Override
    public void close() {
        synchronized (applying) { // waits for a resize under way: none starts after this
            synchronized (this) {
                closed = true;
            }
        }
        if (signal != null) {
            Signal.handle(signal, previous);
        }
    }
}
