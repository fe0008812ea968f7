package dev.hostvirt.engine.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The user's terminal in raw mode for as long as a -t container's output is being copied to it.
 * runc and crun set it raw themselves, but restore it when they exit, and their last output may
 * still be in hostvirt's copy: written after the restore, each newline came out as CR CR LF. Set raw
 * here first, the runtime restores raw, and the user's own settings come back once the copy is done.
 * stty(1) does it on the terminal it is given as stdin: no termios layout to get wrong from Java.
 */
final class RawTerminal implements AutoCloseable {
    private final ProcessBuilder.Redirect terminal;
    private final String saved;

    private RawTerminal(ProcessBuilder.Redirect terminal, String saved) {
        this.terminal = terminal;
        this.saved = saved;
    }

    /** Raw until closed; if stty cannot read the settings, nothing is changed (and nothing restored). */
    static RawTerminal enter(ProcessBuilder.Redirect terminal) {
        String saved = stty(terminal, List.of("-g"));
        if (saved == null || saved.isBlank()) {
            return new RawTerminal(terminal, null);
        }
        stty(terminal, List.of("raw", "-echo"));
        return new RawTerminal(terminal, saved.strip());
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
