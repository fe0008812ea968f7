package dev.hostvirt.engine.container;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The user's terminal as a container's stdin without -t ({@code run -i}, {@code exec -i}): copied
 * into a pipe, never handed over, as podman's conmon does.
 *
 * <p>Handed over, the terminal was the container's to read, and a read that waits on a terminal can
 * hold the output pipe's lock: busybox's {@code cat} copies with sendfile(2), and the kernel keeps
 * the lock of the pipe it writes into while it waits for the next line. hostvirt's copy of the output
 * then waited with it: each line came out only when the next was typed (and the last at Ctrl-D). A
 * container could also have used ioctls on the user's own terminal (TIOCSTI pushes keys into it).
 */
final class TerminalInput {
    private TerminalInput() {
    }

    /** Whether the runtime's stdin should be a pipe fed from the terminal rather than the terminal. */
    static boolean relayed(ProcessBuilder.Redirect stdin, boolean callerTerminal, boolean tty) {
        // With -t the runtime needs the terminal itself: it sets it raw and copies keys to the container's own.
        return !tty && callerTerminal && stdin == ProcessBuilder.Redirect.INHERIT;
    }

    /** Starts copying hostvirt's stdin into {@code runtime}'s until either side ends. */
    static Thread start(Process runtime) {
        OutputStream to = runtime.getOutputStream();
        Thread t = new Thread(() -> copy(new FileInputStream(FileDescriptor.in), to), "terminal-input");
        // Blocked on the terminal when the container ends: it must not keep hostvirt from exiting.
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A line at a time, as the terminal gives it; end of input (Ctrl-D) closes the container's stdin. */
    static void copy(InputStream from, OutputStream to) {
        byte[] buf = new byte[8192];
        try (to) {
            int n;
            while ((n = from.read(buf)) > 0) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // The container closed its stdin or ended, or the terminal went away: nothing more to pass on.
        }
    }
}
