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

    private LogPump() {
    }

    /** {@code args[0]}: the container's directory. Exits 0 once both streams ended, 2 when it could not begin. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: LogPump CONTAINER_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<InputStream> streams = new ArrayList<>();
        try {
            streams.add(new FileInputStream(dir.resolve(OUT).toFile()));
            streams.add(new FileInputStream(dir.resolve(ERR).toFile()));
            Files.createFile(dir.resolve(READY));
        } catch (IOException e) {
            System.err.println("hostvirt log copier: " + e.getMessage());
            System.exit(2);
        }
        try (ContainerLog log = ContainerLog.appendTo(dir.resolve(ContainerLog.FILE))) {
            Thread out = copy(streams.get(0), log.sink(ContainerLog.Stream.STDOUT));
            Thread err = copy(streams.get(1), log.sink(ContainerLog.Stream.STDERR));
            out.join();
            err.join();
        }
        System.exit(0);
    }

    private static Thread copy(InputStream from, ContainerLog.Sink to) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[64 * 1024];
            boolean logging = true;
            try (from) {
                int n;
                while ((n = from.read(b)) > 0) {
                    if (logging) {
                        try {
                            to.write(b, 0, n);
                        } catch (RuntimeException | Error e) {
                            // The log is given up, never the reading: a copier that stopped reading would
                            // close the FIFO, and the container's next write would kill it (SIGPIPE).
                            logging = false;
                        }
                    }
                }
            } catch (IOException e) {
                // the stream ended badly: what came is logged
            }
        });
        t.start();
        return t;
    }

    /**
     * The class path holding hostvirt's classes (the jar, or target/classes under test): all a copier
     * needs, started with this JVM's java.
     */
    static String classPath() {
        try {
            return Path.of(LogPump.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return System.getProperty("java.class.path");
        }
    }
}
