package dev.hostvirt.cli;

import dev.hostvirt.host.Host;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.LiveHosts;
import dev.hostvirt.rules.RuleSet;
import dev.hostvirt.rules.RuleSets;
import java.util.Set;

/**
 * Probing started by Main before picocli builds the command line, for the commands that read this
 * machine broadly (never when they will answer from a snapshot or only print help). A live host
 * starts its slow reads (JNA's start-up for the KVM ioctl, the runtimes' version forks) in the
 * background as soon as it exists, and a read-ahead thread asks every source a check asks: the live
 * host keeps each answer, so the command's own probes, once picocli is ready (~40 ms later), find
 * them read, and the classes they need loaded. On a second core that work is free.
 */
final class EarlyProbing {
    private static final Set<String> PROBING = Set.of("check", "facts", "snapshot");

    private EarlyProbing() {
    }

    /** The live host, with its sources being read in the background. */
    static Host start() {
        Host live = LiveHosts.current();
        startReadAhead(live);
        return live;
    }

    /** Asks, on a daemon thread, every source a check of {@code live} asks. */
    static Thread startReadAhead(Host live) {
        Thread readAhead = new Thread(() -> readAhead(live), "hostvirt-read-ahead");
        readAhead.setDaemon(true);
        // Speculative work prints nothing, even on an Error: the command asks the same and reports it.
        readAhead.setUncaughtExceptionHandler((thread, error) -> { });
        readAhead.start();
        return readAhead;
    }

    private static void readAhead(Host live) {
        try {
            RuleSet rules = RuleSets.forHost(live);
            rules.summary();
            for (String target : rules.targets()) {
                rules.evaluate(target);
            }
        } catch (RuntimeException e) {
            // The command reads the same sources itself and reports what fails; this only saves time.
        }
    }

    /**
     * Only on Linux, where the probes are file reads and two quick forks. On Windows and macOS a
     * speculative read-ahead could start PowerShell or system_profiler for targets the user did not
     * ask for, and leave them running after hostvirt exits.
     */
    static boolean worthIt(String[] args) {
        return HostPlatform.LINUX.equals(HostPlatform.current().os()) && worthItOnLinux(args);
    }

    static boolean worthItOnLinux(String[] args) {
        String command = Subcommands.requested(args);
        return command != null && PROBING.contains(command) && !Subcommands.asksForHelp(args)
                && !Subcommands.replaysSnapshot(args);
    }
}
