package dev.hostvirt.engine.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The user's terminal settings, put back after a -t container. runc and crun set the terminal raw
 * and restore it when they exit, but crun 1.8 restores the settings it read from the container's new
 * pseudo-terminal, not the user's (strace: TCGETS on the pty, TCSETS of those on fd 0): a user's own
 * stty settings were lost. stty(1) reads and writes them on the terminal it is given as stdin, so no
 * termios layout has to be known in Java.
 */
final class TerminalSettings implements AutoCloseable {
    private final ProcessBuilder.Redirect terminal;
    private final String saved;

    private TerminalSettings(ProcessBuilder.Redirect terminal, String saved) {
        this.terminal = terminal;
        this.saved = saved;
    }

    /** Reads them now; when stty cannot, nothing is restored either. */
    static TerminalSettings save(ProcessBuilder.Redirect terminal) {
        String saved = stty(terminal, List.of("-g"));
        return new TerminalSettings(terminal, saved == null || saved.isBlank() ? null : saved.strip());
    }

    /**
     * The terminal's size as rows and columns ({@code stty size}), for config.json's consoleSize:
     * crun 1.8 gives the container's terminal that size and otherwise 0x0 (full-screen programs
     * drew nothing right); runc reads it from the terminal itself. Empty when unknown or 0x0.
     */
    static java.util.Optional<int[]> size(ProcessBuilder.Redirect terminal) {
        String out = stty(terminal, List.of("size"));
        if (out == null) {
            return java.util.Optional.empty();
        }
        String[] f = out.strip().split("\\s+");
        try {
            int rows = Integer.parseInt(f[0]);
            int cols = Integer.parseInt(f[1]);
            return rows > 0 && cols > 0 ? java.util.Optional.of(new int[] {rows, cols}) : java.util.Optional.empty();
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        if (saved != null) {
            stty(terminal, List.of(saved));
        }
    }

    /** stty's output, or null when it failed or could not be run. */
    static String stty(ProcessBuilder.Redirect terminal, List<String> args) {
        List<String> argv = new ArrayList<>(List.of("stty"));
        argv.addAll(args);
        try {
            Process p = new ProcessBuilder(argv).redirectInput(terminal).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
