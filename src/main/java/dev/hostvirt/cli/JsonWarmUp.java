package dev.hostvirt.cli;

import java.math.BigDecimal;
import java.util.Set;

/**
 * Initializes BigDecimal on a background thread for the commands that will parse JSON (the engine's
 * state and images, registry manifests, snapshots). Jackson's parsers initialize BigDecimal, and
 * JDK 25's BigDecimal computes 5^(2^16) in its static initializer: ~15 ms of interpreted arithmetic
 * that otherwise lands on the command's critical path. Class initialization happens once per JVM,
 * so when the command gets there the class is ready (or its initialization is nearly done).
 */
final class JsonWarmUp {
    /** Commands that read no JSON unless they replay a snapshot. */
    private static final Set<String> WITHOUT_JSON = Set.of("check", "facts", "sources");

    private JsonWarmUp() {
    }

    static boolean worthIt(String[] args) {
        String command = Subcommands.requested(args);
        if (command == null) {
            return false;
        }
        boolean snapshot = false;
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return false;
            }
            snapshot |= a.equals("--snapshot") || a.startsWith("--snapshot=");
        }
        return snapshot || !WITHOUT_JSON.contains(command);
    }

    static void start() {
        Thread t = new Thread(() -> BigDecimal.ONE.signum(), "hostvirt-json-warm-up");
        t.setDaemon(true);
        t.start();
    }
}
