package dev.hostvirt.engine.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as it can be told apart for its whole life: its pid and its start time (/proc/PID/stat's
 * 22nd field, clock ticks since boot). A pid alone may be another process's by the time it is read
 * again (after a reboot, or on a busy host); a pid and a start time never are. Both mean something
 * only in the PID namespace they were read in ({@code pidNamespace}, /proc/self/ns/pid's link, null
 * when unknown): from a toolbox or monitoring container sharing the state directory, a live owner's
 * pid is simply not there, and its container was taken for abandoned and killed.
 */
record ProcessIdentity(long pid, long startTicks, String pidNamespace) {

    ProcessIdentity(long pid, long startTicks) {
        this(pid, startTicks, null);
    }

    /** Whether the process still runs (see {@link #liveness}). */
    enum Liveness { RUNNING, GONE, UNKNOWN }

    /** The process with that pid now; empty when it is gone or /proc cannot say. */
    static Optional<ProcessIdentity> of(long pid) {
        try {
            return startTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))).map(t -> new ProcessIdentity(pid, t));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** This JVM, in its PID namespace. */
    static Optional<ProcessIdentity> current() {
        return of(ProcessHandle.current().pid()).map(me -> new ProcessIdentity(me.pid(), me.startTicks(), ownPidNamespace()));
    }

    /** As {@link #text} wrote it (the namespace may be missing); empty for anything else. */
    static Optional<ProcessIdentity> parse(String text) {
        String[] f = text.strip().split(" ");
        try {
            return f.length == 2 || f.length == 3
                    ? Optional.of(new ProcessIdentity(Long.parseLong(f[0]), Long.parseLong(f[1]), f.length == 3 ? f[2] : null))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    String text() {
        return pid + " " + startTicks + (pidNamespace == null ? "" : " " + pidNamespace) + "\n";
    }

    /** "pid:[4026531836]", without blanks; null when /proc cannot say. */
    static String ownPidNamespace() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return link.contains(" ") ? null : link;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * Whether it still runs: GONE when its pid is free, a zombie, or another process's; UNKNOWN when
     * /proc cannot be read (hidepid) or the pid is another PID namespace's, which must not be taken for gone.
     */
    Liveness liveness() {
        if (pidNamespace != null && !pidNamespace.equals(ownPidNamespace())) {
            return Liveness.UNKNOWN; // its pid is another namespace's: this one cannot see whether it runs
        }
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException gone) {
            return Liveness.GONE;
        } catch (IOException unreadable) {
            return Liveness.UNKNOWN;
        }
        Optional<Long> started = startTicks(stat);
        if (started.isEmpty()) {
            return Liveness.UNKNOWN;
        }
        return started.get() != startTicks || ProcessState.ofStat(stat) == 'Z' ? Liveness.GONE : Liveness.RUNNING;
    }

    /** The 22nd field; the command name (2nd) may hold spaces and parentheses, so fields count from the last ')'. */
    private static Optional<Long> startTicks(String stat) {
        int close = stat.lastIndexOf(')');
        String[] after = close < 0 ? new String[0] : stat.substring(close + 2).split(" ");
        try {
            return after.length > 19 ? Optional.of(Long.parseLong(after[19])) : Optional.empty(); // field 3 is after[0]
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
