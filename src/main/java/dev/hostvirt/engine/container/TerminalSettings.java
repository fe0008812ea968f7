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

    @Override
    public void close() {
        if (saved != null) {
            stty(terminal, List.of(saved));
        }
    }

    /** stty's output, or null when it failed or could not be run. */
    private static String stty(ProcessBuilder.Redirect terminal, List<String> args) {
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
