package dev.hostvirt.cli;

import dev.hostvirt.engine.container.CallerStdio;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.LiveHosts;
import dev.hostvirt.report.progress.TerminalColumns;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Everything a command may take from the outside world, injected so that tests can run any command
 * with their own writers, environment, clock and host.
 *
 * @param terminal whether stdout is an interactive terminal (colour, progress bars)
 * @param liveHost how to reach the machine we run on; called only when no --snapshot is given
 * @param workingDirectory where relative paths given by the user are resolved
 * @param errTerminal whether redrawn progress lines may go to stderr: a terminal, and stderr not
 *     sent to a file or a pipe ({@code import x.tar 2>log} must not fill the log with redraws)
 * @param stdio what a container reads with {@code run -i} or {@code -t} and where its output goes as
 *     bytes: ours in a real run; in tests, nothing to read and the text writers
 */
public record CliEnvironment(PrintWriter out, PrintWriter err, Map<String, String> env, Locale locale,
        boolean terminal, Supplier<Host> liveHost, Clock clock, Path workingDirectory, boolean errTerminal, CallerStdio stdio) {

    public CliEnvironment {
        env = Map.copyOf(env);
    }

    /** The environment as the user set it, before the launcher's locale rewrite: what -e passes on (CallerEnvironment). */
    public Map<String, String> callerEnv() {
        return CallerEnvironment.of(env);
    }

    public CliEnvironment(PrintWriter out, PrintWriter err, Map<String, String> env, Locale locale,
            boolean terminal, Supplier<Host> liveHost, Clock clock, Path workingDirectory, boolean errTerminal) {
        this(out, err, env, locale, terminal, liveHost, clock, workingDirectory, errTerminal, CallerStdio.NONE);
    }

    /** With progress on stderr wherever there is a terminal (tests, which set both alike). */
    public CliEnvironment(PrintWriter out, PrintWriter err, Map<String, String> env, Locale locale,
            boolean terminal, Supplier<Host> liveHost, Clock clock, Path workingDirectory) {
        this(out, err, env, locale, terminal, liveHost, clock, workingDirectory, terminal);
    }

    public static CliEnvironment system() {
        return system(new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err));
    }

    /** The process's own streams, {@code stdout} and {@code stderr} under their PrintWriters and raw. */
    static CliEnvironment system(OutputStream stdout, OutputStream stderr) {
        Map<String, String> env = System.getenv();
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        Charset charset = windows ? stdoutCharset() : EnvironmentLocale.output(env, stdoutCharset());
        Locale locale = windows ? Locale.getDefault() : EnvironmentLocale.messages(env, Locale.getDefault());
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, charset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, charset), true);
        boolean terminal = System.console() != null;
        return new CliEnvironment(out, err, env, locale, terminal,
                LiveHosts::current, Clock.systemUTC(), Path.of("").toAbsolutePath(), terminal && stderrMayBeATerminal(),
                CallerStdio.inherited(stdout, stderr));
    }

    /**
     * False when stderr is known to be a file or a pipe: System.console() looks at stdin and stdout
     * only. Linux tells through /proc (a terminal is /dev/pts/N or /dev/ttyN); elsewhere, true.
     */
    static boolean stderrMayBeATerminal() {
        return CallerStdio.terminalBehind(Path.of("/proc/self/fd/2")).orElse(true);
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

    /** The width of the terminal on stderr, for progress lines (asked at each redraw). */
    public IntSupplier errColumns() {
        return new TerminalColumns(env);
    }

    /** Colour only on a terminal, and never when NO_COLOR is set to anything non-empty. */
    public boolean colour() {
        String noColor = env.get("NO_COLOR");
        return terminal && (noColor == null || noColor.isEmpty());
    }

    public CliEnvironment withLocale(Locale newLocale) {
        return new CliEnvironment(out, err, env, newLocale, terminal, liveHost, clock, workingDirectory, errTerminal, stdio);
    }

    public CliEnvironment withLiveHost(Supplier<Host> host) {
        return new CliEnvironment(out, err, env, locale, terminal, host, clock, workingDirectory, errTerminal, stdio);
    }

    public CliEnvironment withStdio(CallerStdio newStdio) {
        return new CliEnvironment(out, err, env, locale, terminal, liveHost, clock, workingDirectory, errTerminal, newStdio);
    }
}
