package dev.hostvirt.engine.container;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The standard input hostvirt itself was given, as a container may take it ({@code run -i},
 * {@code -t}): handed to the runtime whole (never copied through Java), so a pipe stays a pipe and a
 * terminal stays a terminal.
 *
 * @param redirect what the runtime's stdin becomes when the container takes ours
 * @param terminal whether it is a terminal: runc and crun need one for {@code -t} (they set it raw
 *     and copy keys from it to the container's pseudo-terminal)
 */
public record CallerStdin(ProcessBuilder.Redirect redirect, boolean terminal) {
    /** Nothing to read: what a container gets without -i, and what tests get unless they say. */
    public static final CallerStdin NONE = new CallerStdin(ProcessBuilder.Redirect.from(new File("/dev/null")), false);

    /** This process's own stdin. */
    public static CallerStdin inherited() {
        // Only Linux runs containers itself; elsewhere (no /proc) this says no, and -t is forwarded.
        return new CallerStdin(ProcessBuilder.Redirect.INHERIT, terminalBehind(Path.of("/proc/self/fd/0")).orElse(false));
    }

    /**
     * Whether a /proc/PID/fd link names a terminal (/dev/pts/N, /dev/ttyN, /dev/console); empty when
     * it cannot be read (no /proc).
     */
    public static Optional<Boolean> terminalBehind(Path fdLink) {
        try {
            String target = Files.readSymbolicLink(fdLink).toString();
            return Optional.of(target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }
}
