package dev.hostvirt.cli;

import dev.hostvirt.engine.container.CallerStdio;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Runs hostvirt commands in-process against one engine state directory, capturing output. */
public final class EngineCli {
    private final Path stateDir;
    private final Path workingDirectory;
    private final Map<String, String> extraEnv;
    private final Locale locale;

    public EngineCli(Path stateDir, Path workingDirectory) {
        this(stateDir, workingDirectory, Map.of());
    }

    public EngineCli(Path stateDir, Path workingDirectory, Map<String, String> extraEnv) {
        this(stateDir, workingDirectory, extraEnv, Locale.ENGLISH);
    }

    /** As a user whose system speaks {@code locale}: errors and messages come out in that language. */
    public EngineCli(Path stateDir, Path workingDirectory, Map<String, String> extraEnv, Locale locale) {
        this.stateDir = stateDir;
        this.workingDirectory = workingDirectory;
        this.extraEnv = Map.copyOf(extraEnv);
        this.locale = locale;
    }

    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    public Result run(String... args) {
        return run(false, CallerStdio.NONE, args);
    }

    /** rm -f of every container this state holds: a test class's clean-up. */
    public void removeAllContainers() {
        for (String id : run("ps", "-a", "-q").out().split("\\s+")) {
            if (!id.isBlank()) {
                run("rm", "-f", id);
            }
        }
    }

    /** As a user at a terminal: progress lines are drawn on stderr. */
    public Result runOnTerminal(String... args) {
        return run(true, CallerStdio.NONE, args);
    }

    /** With {@code input} on hostvirt's standard input (a file, as {@code hostvirt ... < file}). */
    public Result runWithInput(String input, String... args) {
        try {
            Path file = Files.createTempFile(workingDirectory, "stdin", ".txt");
            Files.writeString(file, input);
            try {
                return run(false, CallerStdio.NONE.withStdin(ProcessBuilder.Redirect.from(file.toFile()), false), args);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Result run(boolean terminal, CallerStdio stdio, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HOSTVIRT_STATE_DIR", stateDir.toString());
        env.put("FROM_HOST", "host-value");
        env.putAll(extraEnv);
        CliEnvironment e = new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), env, locale, terminal,
                () -> {
                    throw new IllegalStateException("engine commands do not read the host port");
                }, Clock.systemUTC(), workingDirectory).withStdio(stdio);
        int code = CommandLineFactory.create(e).execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
