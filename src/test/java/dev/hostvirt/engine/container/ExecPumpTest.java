package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        Path log = tmp.resolve("stdout.log");
        Exec.pump(trickle(data), new PrintWriter(out), log).join();
        assertEquals(text, out.toString());
        assertArrayEquals(data, Files.readAllBytes(log));
    }
}
