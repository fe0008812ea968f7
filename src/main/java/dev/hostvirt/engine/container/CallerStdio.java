package dev.hostvirt.engine.container;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The standard streams hostvirt itself was given, as a container uses them. Its stdin is handed to
 * the runtime whole ({@code run -i}, {@code -t}), except a terminal without -t, which is copied
 * through a pipe ({@link TerminalInput}). Its output is copied as
 * bytes: a container's output is not text ({@code run img tar c /data > backup.tar}), and decoded
 * as UTF-8 it came out with replacement characters.
 *
 * @param stdin what the runtime's stdin becomes when the container takes ours
 * @param terminal whether stdin is a terminal: runc and crun need one for {@code -t} (they set it raw
 *     and copy keys from it to the container's pseudo-terminal)
 * @param stdout where the container's output goes as bytes; null to write it, decoded, to the
 *     command's writer (tests, which read text)
 * @param stderr the same for its error output
 */
public record CallerStdio(ProcessBuilder.Redirect stdin, boolean terminal, OutputStream stdout, OutputStream stderr) {
    /** Nothing to read and text writers: what tests get unless they say otherwise. */
    public static final CallerStdio NONE = new CallerStdio(ProcessBuilder.Redirect.from(new File("/dev/null")), false, null, null);

    /** This process's own streams. */
    public static CallerStdio inherited(OutputStream stdout, OutputStream stderr) {
        Path fd0 = Path.of("/proc/self/fd/0");
        if (jvmFileBehind(fd0, Path.of(System.getProperty("java.home"), "lib", "modules"))) {
            return NONE.withOutput(stdout, stderr);
        }
        // Only Linux runs containers itself; elsewhere (no /proc) this says no, and -t is forwarded.
        return new CallerStdio(ProcessBuilder.Redirect.INHERIT, terminalBehind(fd0).orElse(false), stdout, stderr);
    }

    /**
     * Whether stdin is the JVM's own modules file: the caller started hostvirt with stdin closed
     * ({@code <&-}), and the first file the JVM opened took descriptor 0. Handed on, a container read
     * the JDK (`run -i img cat <&-` wrote all 129 MB of it). linux/hostvirt opens /dev/null there
     * first; this covers {@code java -jar}.
     */
    static boolean jvmFileBehind(Path fdLink, Path jvmModules) {
        try {
            // Every command starts here: the real path is resolved only for a link that could be it.
            Path target = Files.readSymbolicLink(fdLink);
            return target.endsWith("modules") && target.equals(jvmModules.toRealPath());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** The same input, with this output. */
    CallerStdio withOutput(OutputStream out, OutputStream err) {
        return new CallerStdio(stdin, terminal, out, err);
    }

    /** The same output, with {@code input} as stdin (tests). */
    public CallerStdio withStdin(ProcessBuilder.Redirect input, boolean isTerminal) {
        return new CallerStdio(input, isTerminal, stdout, stderr);
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
