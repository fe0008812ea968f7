package dev.hostvirt.cli;

import dev.hostvirt.i18n.Messages;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Standard output that keeps its first write failure, which {@link PrintWriter} would swallow: a
 * {@code hostvirt ps --json > /dev/full} that exits 0 hands a script an empty file as a success
 * (podman does that; ls and the coreutils do not).
 */
final class OutputFailure extends FilterOutputStream {
    /** O_NONBLOCK on Linux for x86 and arm, as /proc/PID/fdinfo shows the flags (octal). */
    private static final long O_NONBLOCK = 04000;
    private final int fd;
    private IOException failure;

    /** {@code fd}: the descriptor {@code out} writes to (1 or 2), to tell a closed pipe in /proc. */
    OutputFailure(OutputStream out, int fd) {
        super(out);
        this.fd = fd;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            note(e);
            throw e;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len); // FilterOutputStream's own would write byte by byte
        } catch (IOException e) {
            note(e);
            throw e;
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            note(e);
            throw e;
        }
    }

    private synchronized void note(IOException e) {
        if (failure == null) {
            failure = e;
        }
    }

    synchronized IOException failure() {
        return failure;
    }

    /**
     * The exit code once the command is done and this output flushed (stdout or stderr: a failure
     * of stderr cannot be said there, but still changes the code): unchanged when everything was
     * written, or when the reader of a pipe went away ({@code hostvirt ps | head -1}: quiet, as a
     * program that dies of SIGPIPE). Otherwise one line on stderr and: for an engine command its own
     * failure code, or 125 in place of a success (run and exec: 125 always, ContainerCodeCommand); for the others 2, whatever the verdict (a check
     * that says "blocked" with its report lost would mislead a script).
     */
    int exitCode(int code, PrintWriter out, PrintWriter err, CommandLine line, Messages messages, Path procSelfFd) {
        out.flush();
        IOException cause = failure();
        if ((cause == null && !out.checkError()) || readerGone(procSelfFd, fd)) {
            return code;
        }
        String reason = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        err.println("hostvirt: " + messages.get("cli.error.output", reason));
        err.flush();
        if (code == ExitCodes.INTERNAL) {
            return code; // a bug stays a bug, whatever became of the output
        }
        Object command = commandOf(line);
        if (!(command instanceof EngineCommand)) {
            return ExitCodes.USAGE;
        }
        return code != ExitCodes.OK && !(command instanceof ContainerCodeCommand) ? code : ExitCodes.ENGINE_ERROR;
    }

    /**
     * Whether standard output is a pipe or socket whose reader left. A blocking write to one fails
     * for nothing else (EPIPE); a non-blocking one also for a full pipe (EAGAIN), which loses output
     * and is said. Told from /proc rather than from the error's words, which the C library may give
     * in the user's language. Without /proc (macOS, Windows) a failure stays as quiet as it always
     * was there: a closed pipe is by far the likeliest.
     */
    static boolean readerGone(Path procSelfFd, int descriptor) {
        Path fd = procSelfFd.resolve(Integer.toString(descriptor));
        if (!Files.isDirectory(procSelfFd)) {
            return true;
        }
        try {
            String target = Files.readSymbolicLink(fd).toString();
            if (!target.startsWith("pipe:") && !target.startsWith("socket:")) {
                return false;
            }
            Path info = procSelfFd.resolveSibling("fdinfo").resolve(Integer.toString(descriptor));
            for (String l : Files.readAllLines(info)) {
                if (l.startsWith("flags:")) {
                    return (Long.parseLong(l.substring("flags:".length()).strip(), 8) & O_NONBLOCK) == 0;
                }
            }
            return true;
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /** The object of the (sub)command that ran; null when nothing was parsed. */
    private static Object commandOf(CommandLine line) {
        CommandLine.ParseResult result = line.getParseResult();
        if (result == null) {
            return null;
        }
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return result.commandSpec().userObject();
    }
}
