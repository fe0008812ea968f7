package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecPumpTest {
    @TempDir
    Path tmp;

    /** Hands out one byte per read, so every multi-byte character is split across reads. */
    private static InputStream trickle(byte[] data) {
        return new InputStream() {
            int i;

            @Override
            public int read() {
                return i < data.length ? data[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= data.length) {
                    return -1;
                }
                b[off] = data[i++];
                return 1;
            }
        };
    }

    @Test
    void copiesBytesToTheLogAndWholeCharactersToTheWriter() throws IOException, InterruptedException {
        String text = "año ñandú 🐳 €\n";
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        Exec.pump(trickle(data), null, new PrintWriter(out), log::write, () -> {
            throw new AssertionError("not broken");
        }).join();
        assertEquals(text, out.toString());
        assertArrayEquals(data, log.toByteArray());
    }

    @Test
    void bytesThatAreNotTextGoThroughUnchanged() throws IOException, InterruptedException {
        byte[] data = new byte[70_000];
        new java.util.Random(7).nextBytes(data);
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        Exec.pump(new java.io.ByteArrayInputStream(data), raw, new PrintWriter(new StringWriter()), log::write, () -> {
            throw new AssertionError("not broken");
        }).join();
        assertArrayEquals(data, raw.toByteArray(), "as bytes, not decoded as UTF-8 (0xff became U+FFFD)");
        assertArrayEquals(data, log.toByteArray());
    }

    @Test
    void aClosedOutputIsToldOnceAndTheRestIsReadAndStillLogged() throws IOException, InterruptedException {
        int[] told = {0};
        java.io.OutputStream gone = new java.io.OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written > 0) {
                    throw new IOException("Broken pipe");
                }
                written += len;
            }
        };
        byte[] data = new byte[1 << 20];
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(data);
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        Exec.pump(in, gone, new PrintWriter(new StringWriter()), log::write, () -> told[0]++).join();
        assertEquals(1, told[0]);
        assertEquals(0, in.available(), "read to the end: the child never blocks on a full pipe");
        // The log is the container's: it keeps what came after (ContainerLog.limitFromNow bounds it, not the pump).
        assertEquals(data.length, log.size());
    }
}
