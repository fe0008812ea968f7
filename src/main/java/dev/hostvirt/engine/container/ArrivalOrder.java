package dev.hostvirt.engine.container;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import java.io.IOException;

/**
 * Reads a container's stdout and stderr, given as two file descriptors, in the order their bytes
 * arrived: one thread waits on both with epoll(7), whose ready list keeps the order in which the
 * descriptors became readable. A thread per stream, each taking a lock to write, logged a stderr
 * line before the stdout line written just before it 140 times in 300 (`echo out; echo err >&2`,
 * 20 ms apart); podman's conmon, which waits with epoll too, none. Two pipes cannot keep the order
 * of writes closer together than the reader wakes (writes ~0.5 ms apart come out as written; a
 * shell's echos a few microseconds apart come out each stream's together), with conmon as here. Linux only, through JNA (libc); {@link #open}
 * says when it cannot be used, and the caller copies with a thread per stream instead.
 */
final class ArrivalOrder implements AutoCloseable {
    /** Where each piece goes, in order. */
    @FunctionalInterface
    interface Target {
        void write(ContainerLog.Stream stream, byte[] b, int off, int len);
    }

    private static final int EPOLL_CLOEXEC = 0x80000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLLIN = 0x1;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_NONBLOCK = 0x800;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    /**
     * struct epoll_event is packed on x86-64 (12 bytes: events, then data), 16 bytes elsewhere. The
     * numbers here are Linux's on x86-64 and ARM64, where the engine runs (read's size_t: a Java long).
     */
    private static final boolean PACKED = "amd64".equals(System.getProperty("os.arch")) || "x86_64".equals(System.getProperty("os.arch"));
    private static final int EVENT_SIZE = PACKED ? 12 : 16;
    private static final int DATA_OFFSET = PACKED ? 4 : 8;

    private final NativeLibrary libc;
    private final int epoll;
    private final int[] fds;
    private boolean closed;

    private ArrivalOrder(NativeLibrary libc, int epoll, int[] fds) {
        this.libc = libc;
        this.epoll = epoll;
        this.fds = fds;
    }

    /**
     * Opens the two FIFOs for reading (stdout's, then stderr's) and watches both; null when this
     * system cannot (no JNA, no epoll): the caller then copies them as it did before.
     */
    static ArrivalOrder open(String stdoutFifo, String stderrFifo) {
        return open(stdoutFifo, stderrFifo, 0);
    }

    /**
     * Makes the two FIFOs (0600) and opens them for reading without waiting for a writer, for a
     * runtime started next with its stdout and stderr sent to them; null when this system cannot (the
     * FIFOs are then gone again).
     */
    static ArrivalOrder makeFifos(java.nio.file.Path stdoutFifo, java.nio.file.Path stderrFifo) {
        try {
            NativeLibrary libc = NativeLibrary.getProcess();
            for (java.nio.file.Path p : new java.nio.file.Path[] {stdoutFifo, stderrFifo}) {
                if (call(libc, "mkfifo", cPath(p.toString()), 0600) != 0) {
                    deleteFifos(stdoutFifo, stderrFifo);
                    return null;
                }
            }
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | RuntimeException e) {
            deleteFifos(stdoutFifo, stderrFifo);
            return null;
        }
        ArrivalOrder order = open(stdoutFifo.toString(), stderrFifo.toString(), O_NONBLOCK);
        if (order == null) {
            deleteFifos(stdoutFifo, stderrFifo);
        }
        return order;
    }

    static void deleteFifos(java.nio.file.Path... fifos) {
        for (java.nio.file.Path p : fifos) {
            try {
                java.nio.file.Files.deleteIfExists(p);
            } catch (IOException e) {
                // the container's directory goes with them, or stays with two empty FIFOs in it
            }
        }
    }

    private static ArrivalOrder open(String stdoutFifo, String stderrFifo, int flags) {
        NativeLibrary libc;
        try {
            libc = NativeLibrary.getProcess();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | RuntimeException e) {
            return null;
        }
        int epoll = -1;
        int[] fds = {-1, -1};
        try {
            epoll = call(libc, "epoll_create1", EPOLL_CLOEXEC);
            String[] paths = {stdoutFifo, stderrFifo};
            for (int i = 0; i < 2; i++) {
                fds[i] = call(libc, "open", cPath(paths[i]), O_RDONLY | O_CLOEXEC | flags);
                Memory event = new Memory(EVENT_SIZE);
                event.clear();
                event.setInt(0, EPOLLIN);
                event.setLong(DATA_OFFSET, i);
                if (epoll < 0 || fds[i] < 0 || call(libc, "epoll_ctl", epoll, EPOLL_CTL_ADD, fds[i], event) != 0) {
                    throw new IOException("epoll");
                }
            }
            return new ArrivalOrder(libc, epoll, fds);
        } catch (IOException | UnsatisfiedLinkError | RuntimeException e) {
            closeAll(libc, epoll, fds);
            return null;
        }
    }

    /** Copies until both streams have ended. */
    void copyTo(Target target) {
        // Looked up once: the time between a stream becoming readable and its read is what lets
        // writes of the other stream in between arrive first.
        com.sun.jna.Function epollWait = libc.getFunction("epoll_wait");
        com.sun.jna.Function read = libc.getFunction("read");
        Memory events = new Memory((long) EVENT_SIZE * 2);
        Memory buffer = new Memory(64 * 1024);
        byte[] bytes = new byte[64 * 1024];
        boolean[] open = {true, true};
        while (open[0] || open[1]) {
            int n = epollWait.invokeInt(new Object[] {epoll, events, 2, -1});
            if (n < 0) {
                if (errno() == EINTR) {
                    continue; // a signal for the JVM
                }
                return;
            }
            for (int e = 0; e < n; e++) {
                int which = (int) events.getLong((long) e * EVENT_SIZE + DATA_OFFSET);
                long got = read.invokeLong(new Object[] {fds[which], buffer, (long) bytes.length});
                if (got > 0) {
                    buffer.read(0, bytes, 0, (int) got);
                    target.write(which == 0 ? ContainerLog.Stream.STDOUT : ContainerLog.Stream.STDERR, bytes, 0, (int) got);
                } else if (got == 0 || (errno() != EINTR && errno() != EAGAIN)) {
                    // The stream ended (every writer closed it), or cannot be read: no more from it.
                    call(libc, "epoll_ctl", epoll, EPOLL_CTL_DEL, fds[which], null);
                    open[which] = false;
                }
            }
        }
    }

    private static int errno() {
        return com.sun.jna.Native.getLastError();
    }

    /** libc's {@code name}; JNA keeps the errno it left for {@link #errno}. */
    private static int call(NativeLibrary libc, String name, Object... args) {
        return libc.getFunction(name).invokeInt(args);
    }

    /** A path as open(2) takes it: its bytes (the file system's, UTF-8 here) and a NUL. */
    private static byte[] cPath(String path) {
        byte[] b = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(b, b.length + 1);
    }

    private static void closeAll(NativeLibrary libc, int epoll, int[] fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                call(libc, "close", fd);
            }
        }
        if (epoll >= 0) {
            call(libc, "close", epoll);
        }
    }

    /** Once: a descriptor closed twice could be another file's by then. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeAll(libc, epoll, fds);
        }
    }
}
