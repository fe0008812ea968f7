package dev.hostvirt.configure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which boot the machine is in, so that status can tell whether a change that needs a reboot has had
 * one. Linux: /proc/sys/kernel/random/boot_id (a new random UUID per boot, proc(5)). Windows (live
 * only): the boot time in minutes, now minus GetTickCount64 (kernel32; no translated text involved).
 * Null when neither can be read: status then says "reboot if you have not yet" instead of guessing.
 */
public final class BootId {
    static final String WINDOWS_PREFIX = "windows-boot-minute:";

    private BootId() {
    }

    public static String read(Machine machine) {
        Path p = machine.path("/proc/sys/kernel/random/boot_id");
        try {
            if (Files.isRegularFile(p) && Files.size(p) < 100) {
                String id = Files.readString(p, StandardCharsets.US_ASCII).strip();
                return id.matches("[0-9a-f-]{36}") ? id : null;
            }
        } catch (IOException e) {
            return null;
        }
        if (machine.root() == null && System.getProperty("os.name", "").startsWith("Windows")) {
            return windows();
        }
        return null;
    }

    private static String windows() {
        try {
            long uptime = com.sun.jna.platform.win32.Kernel32.INSTANCE.GetTickCount64();
            return WINDOWS_PREFIX + (System.currentTimeMillis() - uptime) / 60_000;
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** Same boot: equal ids, or Windows boot minutes at most 2 apart (clock adjustments, rounding). */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.startsWith(WINDOWS_PREFIX) && b.startsWith(WINDOWS_PREFIX)) {
            try {
                long x = Long.parseLong(a.substring(WINDOWS_PREFIX.length()));
                long y = Long.parseLong(b.substring(WINDOWS_PREFIX.length()));
                return Math.abs(x - y) <= 2;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return a.equals(b);
    }
}
