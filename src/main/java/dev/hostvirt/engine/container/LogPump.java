package dev.hostvirt.engine.container;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * conmon's log copier for a detached container, in a JVM of its own that lives as long as the
 * container: reads the runtime's stdout and stderr from the two FIFOs the monitor made
 * ({@link #OUT}, {@link #ERR}) and appends them to the container's {@link ContainerLog}, in the order
 * they come. Written to be small: only the JDK and ContainerLog, so it starts on the class path of
 * hostvirt's classes alone, with a small heap.
 *
 * <p>The monitor holds both FIFOs open for reading and writing until {@link #READY} exists, so the
 * runtime can start at once and never writes into a FIFO nobody reads (that would kill the container
 * with SIGPIPE); from then on the copier is the only reader, and sees the end of each stream when the
 * container's last process closes it.
 */
public final class LogPump {
    static final String OUT = "out.pipe";
    static final String ERR = "err.pipe";
    static final String READY = "log.ready";
    /** Made by the monitor when the copier's JVM has ended (before READY: it could not start). */
    static final String END = "log.end";
    /** Left by the monitor when the copier died while the container ran: the rest went to two plain files (ContainerRunner.MONITOR). */
    static final String DIED = "log.died";

    private LogPump() {
    }

    /** {@code args[0]}: the container's directory. Exits 0 once both streams ended, 2 when it could not begin. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: LogPump CONTAINER_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        try (ContainerLog log = ContainerLog.appendTo(dir.resolve(ContainerLog.FILE))) {
            ArrivalOrder order = ArrivalOrder.open(dir.resolve(OUT).toString(), dir.resolve(ERR).toString());
            if (order != null) {
                ready(dir);
                try (order) {
                    order.copyTo(new Tolerant(log)::write);
                }
            } else {
                // Without JNA or epoll: a thread per stream, the order between them as the threads meet.
                List<InputStream> streams = new ArrayList<>();
                try {
                    streams.add(new FileInputStream(dir.resolve(OUT).toFile()));
                    streams.add(new FileInputStream(dir.resolve(ERR).toFile()));
                } catch (IOException e) {
                    System.err.println("hostvirt log copier: " + e.getMessage());
                    System.exit(2);
                }
                ready(dir);
                Tolerant to = new Tolerant(log);
                Thread out = copy(streams.get(0), ContainerLog.Stream.STDOUT, to);
                Thread err = copy(streams.get(1), ContainerLog.Stream.STDERR, to);
                out.join();
                err.join();
            }
        }
        System.exit(0);
    }

    private static void ready(Path dir) {
        try {
            Files.createFile(dir.resolve(READY));
        } catch (IOException e) {
            System.err.println("hostvirt log copier: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * The log, given up at its first failure, never the reading: a copier that stopped reading would
     * close the FIFO, and the container's next write would kill it (SIGPIPE).
     */
    private static final class Tolerant {
        private final ContainerLog log;
        private boolean logging = true;

        Tolerant(ContainerLog log) {
            this.log = log;
        }

        synchronized void write(ContainerLog.Stream stream, byte[] b, int off, int len) {
            if (logging) {
                try {
                    log.write(stream, b, off, len);
                } catch (RuntimeException | Error e) {
                    logging = false;
                }
            }
        }
    }

    private static Thread copy(InputStream from, ContainerLog.Stream stream, Tolerant to) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[64 * 1024];
            try (from) {
                int n;
                while ((n = from.read(b)) > 0) {
                    to.write(stream, b, 0, n);
                }
            } catch (IOException e) {
                // the stream ended badly: what came is logged
            }
        });
        t.start();
        return t;
    }

    /**
     * The class path holding hostvirt's classes and JNA's (the jar, or target/classes and JNA's jar
     * under test): all a copier needs, started with this JVM's java.
     */
    static String classPath() {
        java.util.LinkedHashSet<String> parts = new java.util.LinkedHashSet<>();
        for (Class<?> c : List.of(LogPump.class, com.sun.jna.Native.class)) {
            try {
                parts.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (java.net.URISyntaxException | RuntimeException | LinkageError e) {
                return System.getProperty("java.class.path");
            }
        }
        return String.join(java.io.File.pathSeparator, parts);
    }
}
