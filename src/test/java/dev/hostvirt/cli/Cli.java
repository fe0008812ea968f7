package dev.hostvirt.cli;

import dev.hostvirt.host.Host;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Runs hostvirt commands in-process, as Main does, capturing what they print. */
public final class Cli {
    public record Run(int exit, String out, String err) {
    }

    private Cli() {
    }

    public static Run run(Supplier<Host> live, Locale locale, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), env, locale,
                false, live, Clock.fixed(Instant.parse("2026-11-27T20:00:00Z"), ZoneOffset.UTC), Path.of("").toAbsolutePath());
        int exit = CommandLineFactory.create(environment).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    public static Run run(String... args) {
        return run(() -> {
            throw new AssertionError("this test must not read the live host");
        }, Locale.ENGLISH, Map.of(), args);
    }
}
