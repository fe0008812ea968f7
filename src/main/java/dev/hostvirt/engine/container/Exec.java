package dev.hostvirt.engine.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Small helpers to run host programs (mount, the runtime) without a shell. */
final class Exec {
    private Exec() {
    }

    record Result(int exit, String stdout, String stderr) {
    }

    static Result run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            p.getOutputStream().close();
            byte[][] err = new byte[1][];
            Thread errPump = new Thread(() -> {
                try {
                    err[0] = p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    err[0] = new byte[0];
                }
            });
            errPump.start();
            byte[] out = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            errPump.join();
            return new Result(code, new String(out, StandardCharsets.UTF_8), new String(err[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(127, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "", "interrupted");
        }
    }

    /**
     * Copies a child's output to the user's writer and to a log file, as it comes. Bytes go to the
     * log unchanged; the writer gets UTF-8 text decoded across read boundaries, so a character split
     * between two reads is not garbled.
     */
    static Thread pump(InputStream from, PrintWriter to, Path log) {
        Thread t = new Thread(() -> {
            ByteBuffer bytes = ByteBuffer.allocate(8192);
            CharBuffer chars = CharBuffer.allocate(8192);
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
            try (OutputStream file = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                int n;
                while ((n = from.read(bytes.array(), bytes.position(), bytes.remaining())) > 0) {
                    file.write(bytes.array(), bytes.position(), n);
                    bytes.position(bytes.position() + n);
                    bytes.flip();
                    decoder.decode(bytes, chars, false);
                    bytes.compact();
                    flush(chars, to);
                }
                bytes.flip();
                decoder.decode(bytes, chars, true);
                decoder.flush(chars);
                flush(chars, to);
            } catch (IOException e) {
                // the child closed its end: nothing more to copy
            }
        }, "pump-" + log.getFileName());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void flush(CharBuffer chars, PrintWriter to) {
        chars.flip();
        if (to != null && chars.hasRemaining()) {
            synchronized (to) {
                to.write(chars.array(), chars.position(), chars.remaining());
                to.flush();
            }
        }
        chars.clear();
    }
}
