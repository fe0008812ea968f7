package dev.hostvirt.engine.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A process's state letter in /proc/PID/stat: how the engine tells a zombie from a live process. */
final class ProcessState {
    /** The process is gone: no /proc entry. */
    static final char GONE = '\0';
    /** /proc/PID/stat exists but could not be read (hidepid, say). */
    static final char UNKNOWN = '?';

    private ProcessState() {
    }

    /** 'R', 'S', 'D', 'Z', ... as the kernel says; {@link #GONE} or {@link #UNKNOWN} otherwise. */
    static char of(long pid) {
        try {
            return ofStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (NoSuchFileException gone) {
            return GONE;
        } catch (IOException unreadable) {
            return UNKNOWN;
        }
    }

    /** The letter in the text of a /proc/PID/stat, or {@link #UNKNOWN}. */
    static char ofStat(String stat) {
        int close = stat.lastIndexOf(')'); // the command name may hold spaces and parentheses
        return close > 0 && stat.length() > close + 2 ? stat.charAt(close + 2) : UNKNOWN;
    }
}
