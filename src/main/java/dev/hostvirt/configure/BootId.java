package dev.hostvirt.configure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which boot the machine is in, so that status can tell whether a change that needs a reboot has had
 * one. Linux: /proc/sys/kernel/random/boot_id (a new random UUID per boot, proc(5)). Elsewhere null:
 * status then says "reboot if you have not yet" instead of guessing.
 */
public final class BootId {
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
        return null;
    }
}
