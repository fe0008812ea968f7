package dev.hostvirt.cli;

import java.util.Set;

/**
 * Whether Main should create the live host before picocli builds the command line. A live host
 * starts its slow reads (JNA's start-up for the KVM ioctl, the runtimes' version forks) in the
 * background as soon as it exists; creating it first lets them overlap picocli's ~40 ms of set-up
 * instead of making the first probe wait for them. Only for commands that probe this machine
 * broadly, and never when they will answer from a snapshot or only print help.
 */
final class EarlyProbing {
    private static final Set<String> PROBING = Set.of("check", "facts", "snapshot");

    private EarlyProbing() {
    }

    static boolean worthIt(String[] args) {
        String command = Subcommands.requested(args);
        if (command == null || !PROBING.contains(command)) {
            return false;
        }
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            if (a.equals("--snapshot") || a.startsWith("--snapshot=") || a.equals("-h") || a.equals("--help")
                    || a.equals("-V") || a.equals("--version")) {
                return false;
            }
        }
        return true;
    }
}
