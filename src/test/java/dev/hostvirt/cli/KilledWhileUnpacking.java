package dev.hostvirt.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * A second process for tests: runs {@code hostvirt ARGS...} (image import, pull) against the state directory
 * {@code args[0]}, as at a terminal, and dies (halt, as SIGKILL: no finally, no shutdown hook) the
 * moment the progress line says a layer is being unpacked. A kill timed by sleeps would land anywhere.
 */
public final class KilledWhileUnpacking {
    /** The exit code of the halt: what a shell reports for SIGKILL. */
    public static final int KILLED = 137;

    private KilledWhileUnpacking() {
    }

    public static void main(String[] args) {
        Writer dieOnUnpack = new StringWriter() {
            @Override
            public void write(String s, int off, int len) {
                if (s.substring(off, off + len).contains("Unpacking layer")) {
                    Runtime.getRuntime().halt(KILLED);
                }
                super.write(s, off, len);
            }
        };
        CliEnvironment e = new CliEnvironment(new PrintWriter(new StringWriter(), true), new PrintWriter(dieOnUnpack, true),
                Map.of("HOSTVIRT_STATE_DIR", args[0]), Locale.ENGLISH, true,
                () -> {
                    throw new IllegalStateException("engine commands do not read the host port");
                }, Clock.systemUTC(), Path.of(args[1]));
        String[] command = new String[args.length - 2];
        System.arraycopy(args, 2, command, 0, command.length);
        System.exit(CommandLineFactory.create(e).execute(command));
    }
}
