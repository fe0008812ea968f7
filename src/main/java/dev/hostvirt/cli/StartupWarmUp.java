package dev.hostvirt.cli;

import dev.hostvirt.engine.container.ContainerRunner;
import dev.hostvirt.host.HostPlatform;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * One-time JVM work started on a background thread as soon as Main knows the command, so that it runs
 * on the second core while picocli builds the command line:
 * <ul>
 * <li>BigDecimal, for the commands that parse JSON (the engine's state and images, registry
 * manifests, snapshots): Jackson's parsers initialize it, and JDK 25's BigDecimal computes 5^(2^16)
 * in its static initializer, ~15 ms of interpreted arithmetic otherwise on the critical path;</li>
 * <li>the HTTP and SHA-256 classes, for the commands that talk to a registry ({@code run} does only
 * when its image is missing: warming them for every run took the second core from the run's own
 * class loading, and they came into the run's start-up archive, which the JVM loads whole);</li>
 * <li>JNA, for {@code run}, which mounts the container's root with mount(2): ~12 ms to load.</li>
 * </ul>
 * Class initialization happens once per JVM: when the command gets there, it is done or nearly done.
 */
final class StartupWarmUp {
    /** Commands that talk to a registry whenever they run. */
    private static final Set<String> NETWORK = Set.of("pull", "login");
    /** Commands that read no JSON unless they replay a snapshot. */
    private static final Set<String> WITHOUT_JSON = Set.of("check", "facts", "sources");

    private StartupWarmUp() {
    }

    static void start(String[] args) {
        if (!parsesJson(args)) {
            return;
        }
        String command = Subcommands.requested(args);
        boolean network = NETWORK.contains(command);
        // Only Linux runs containers in this process; elsewhere run is forwarded (WSL, docker/podman).
        boolean natives = command.equals("run") && HostPlatform.LINUX.equals(HostPlatform.current().os());
        Thread t = new Thread(() -> {
            BigDecimal.ONE.signum();
            // run mounts the container's root on every run.
            if (natives) {
                ContainerRunner.loadNativeCalls();
            }
            if (network) {
                loadHttp();
            }
        }, "hostvirt-warm-up");
        t.setDaemon(true);
        // A warm-up prints nothing, even on an Error: the command meets and reports the same failure.
        t.setUncaughtExceptionHandler((thread, error) -> { });
        t.start();
    }

    /**
     * The classes of an HTTP request and of SHA-256 (the JDK's URL handler, HttpURLConnection, the
     * security providers): ~30 ms the first request of a cold JVM pays. Nothing is connected.
     */
    private static void loadHttp() {
        try {
            URI.create("http://127.0.0.1/v2/").toURL().openConnection();
            MessageDigest.getInstance("SHA-256");
        } catch (IOException | NoSuchAlgorithmException e) {
            // only a warm-up: the pull meets and reports the same failure
        }
    }

    static boolean parsesJson(String[] args) {
        String command = Subcommands.requested(args);
        if (command == null || Subcommands.asksForHelp(args)) {
            return false;
        }
        return !WITHOUT_JSON.contains(command) || Subcommands.replaysSnapshot(args);
    }
}
