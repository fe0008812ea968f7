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
    private IOException failure;

    OutputFailure(OutputStream out) {
        super(out);
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
     * The exit code once the command is done and its output flushed: unchanged when everything was
     * written, or when the reader of a pipe went away ({@code hostvirt ps | head -1}: quiet, as a
     * program that dies of SIGPIPE); otherwise one line on stderr and, in place of a success, 125
     * for an engine command and 2 for the others.
     */
    int exitCode(int code, PrintWriter out, PrintWriter err, CommandLine line, Messages messages, Path stdoutLink) {
        out.flush();
        if (!out.checkError() || readerGone(stdoutLink)) {
            return code;
        }
        IOException cause = failure();
        String reason = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        err.println("hostvirt: " + messages.get("cli.error.output", reason));
        err.flush();
        if (code != ExitCodes.OK) {
            return code;
        }
        return isEngineCommand(line) ? ExitCodes.ENGINE_ERROR : ExitCodes.USAGE;
    }

    /** A pipe or a socket fails a write only when its reader has gone: nothing worth saying. */
    private static boolean readerGone(Path stdoutLink) {
        try {
            String target = Files.readSymbolicLink(stdoutLink).toString();
            return target.startsWith("pipe:") || target.startsWith("socket:");
        } catch (IOException | UnsupportedOperationException | SecurityException noProc) {
            return false;
        }
    }

    private static boolean isEngineCommand(CommandLine line) {
        CommandLine.ParseResult result = line.getParseResult();
        if (result == null) {
            return false;
        }
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return result.commandSpec().userObject() instanceof EngineCommand;
    }
}
