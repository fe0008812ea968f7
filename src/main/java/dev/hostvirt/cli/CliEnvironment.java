package dev.hostvirt.cli;

import dev.hostvirt.host.Host;
import dev.hostvirt.host.LiveHosts;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything a command may take from the outside world, injected so that tests can run any command
 * with their own writers, environment, clock and host.
 *
 * @param terminal whether stdout is an interactive terminal (colour, progress bars)
 * @param liveHost how to reach the machine we run on; called only when no --snapshot is given
 * @param workingDirectory where relative paths given by the user are resolved
 */
public record CliEnvironment(PrintWriter out, PrintWriter err, Map<String, String> env, Locale locale,
        boolean terminal, Supplier<Host> liveHost, Clock clock, Path workingDirectory) {

    public CliEnvironment {
        env = Map.copyOf(env);
    }

    public static CliEnvironment system() {
        Charset charset = stdoutCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), charset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), charset), true);
        return new CliEnvironment(out, err, System.getenv(), Locale.getDefault(), System.console() != null,
                LiveHosts::current, Clock.systemUTC(), Path.of("").toAbsolutePath());
    }

    private static Charset stdoutCharset() {
        for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
            String name = System.getProperty(property);
            if (name != null && Charset.isSupported(name)) {
                return Charset.forName(name);
            }
        }
        return Charset.defaultCharset();
    }

    /** Colour only on a terminal, and never when NO_COLOR is set to anything non-empty. */
    public boolean colour() {
        String noColor = env.get("NO_COLOR");
        return terminal && (noColor == null || noColor.isEmpty());
    }

    public CliEnvironment withLocale(Locale newLocale) {
        return new CliEnvironment(out, err, env, newLocale, terminal, liveHost, clock, workingDirectory);
    }

    public CliEnvironment withLiveHost(Supplier<Host> host) {
        return new CliEnvironment(out, err, env, locale, terminal, host, clock, workingDirectory);
    }
}
