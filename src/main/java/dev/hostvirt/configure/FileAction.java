package dev.hostvirt.configure;

import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

/**
 * Writes a whole file (parameter {@code content}) or removes it (no {@code content}). The journal
 * keeps the exact bytes it had before, so undo puts back a byte-identical file or removes one that
 * hostvirt created.
 */
public final class FileAction implements Action {
    public static final String KIND = "file";
    private static final String ABSENT = "absent";
    private static final String BYTES = "bytes:";
    /** Files the configurator edits are small (drop-ins, /etc/subuid, .wslconfig); refuse to hold more. */
    static final long MAX_BYTES = 1024 * 1024;

    public static Step write(String path, String content, Text what, Text why, Reboot reboot) {
        return new Step(KIND, java.util.Map.of("path", path, "content", content), what, why,
                java.util.List.of(), new FileChange(path, content), true, reboot);
    }

    public static Step remove(String path, Text what, Text why, Reboot reboot) {
        return new Step(KIND, java.util.Map.of("path", path), what, why,
                java.util.List.of(), new FileChange(path, null), true, reboot);
    }

    @Override
    public String capture(Machine machine, Step step) {
        byte[] now = read(machine.path(step.param("path")));
        return now == null ? ABSENT : BYTES + Base64.getEncoder().encodeToString(now);
    }

    @Override
    public void apply(Machine machine, Step step) {
        Path p = machine.path(step.param("path"));
        String content = step.params().get("content");
        try {
            if (content == null) {
                AtomicFiles.delete(p);
            } else {
                AtomicFiles.write(p, content.getBytes(StandardCharsets.UTF_8));
            }
        } catch (UncheckedIOException e) {
            throw new ActionFailed(Text.of("configure.error.file", step.param("path"), FileProblem.reason(e.getCause())));
        }
    }

    @Override
    public boolean satisfied(Machine machine, Step step) {
        byte[] now = read(machine.path(step.param("path")));
        String content = step.params().get("content");
        return content == null ? now == null
                : now != null && Arrays.equals(now, content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void restore(Machine machine, Step step, String before) {
        Path p = machine.path(step.param("path"));
        byte[] now = read(p);
        try {
            if (ABSENT.equals(before)) {
                if (now != null) {
                    AtomicFiles.delete(p);
                }
            } else if (before.startsWith(BYTES)) {
                byte[] old = Base64.getDecoder().decode(before.substring(BYTES.length()));
                if (now == null || !Arrays.equals(now, old)) {
                    AtomicFiles.write(p, old);
                }
            } else {
                throw new ActionFailed(Text.of("configure.error.journal-state", step.param("path")));
            }
        } catch (UncheckedIOException e) {
            throw new ActionFailed(Text.of("configure.error.file", step.param("path"), FileProblem.reason(e.getCause())));
        }
    }

    static byte[] read(Path p) {
        try {
            if (!Files.isRegularFile(p)) {
                return null;
            }
            if (Files.size(p) > MAX_BYTES) {
                throw new ActionFailed(Text.of("configure.error.file-too-big", p.toString(), MAX_BYTES));
            }
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new ActionFailed(Text.of("configure.error.file-read", p.toString(), FileProblem.reason(e)));
        }
    }
}
