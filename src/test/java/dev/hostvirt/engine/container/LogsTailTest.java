package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** logs --tail N: where the last N lines of a plain log (from before ContainerLog) begin. */
class LogsTailTest {
    @TempDir
    Path tmp;

    private String tail(String content, Long lines) throws IOException {
        Path f = Files.writeString(tmp.resolve("log"), content);
        try (PlainLog log = new PlainLog(f, null, null)) {
            return content.substring((int) log.tailStart(lines));
        }
    }

    @Test
    void theLastLinesWithOrWithoutAFinalNewline() throws IOException {
        assertEquals("b\nc\n", tail("a\nb\nc\n", 2L));
        assertEquals("c", tail("a\nb\nc", 1L));
        assertEquals("b\nc", tail("a\nb\nc", 2L));
        assertEquals("a\nb\nc\n", tail("a\nb\nc\n", 3L));
        assertEquals("a\nb\nc\n", tail("a\nb\nc\n", 10L), "fewer lines than asked: all");
        assertEquals("", tail("a\nb\nc\n", 0L));
        assertEquals("a\nb\nc\n", tail("a\nb\nc\n", null), "no --tail: all");
        assertEquals("a\nb\nc\n", tail("a\nb\nc\n", -1L), "docker's and podman's -1: all");
        assertEquals("\n", tail("a\n\n", 1L), "an empty last line is a line");
        assertEquals("", tail("", 3L));
        assertEquals("a\nb\n", tail("a\nb\n", 9_999_999_999L), "more lines than an int holds: all");
        try (PlainLog missing = new PlainLog(tmp.resolve("missing"), null, null)) {
            assertEquals(0, missing.tailStart(3L));
        }
    }

    @Test
    void acrossTheBlocksItReadsBackwards() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            b.append("line ").append(i).append('\n');
        }
        assertEquals("line 19997\nline 19998\nline 19999\n", tail(b.toString(), 3L));
        String long8k = "x".repeat(8191) + "\n" + "y".repeat(9000) + "\n";
        assertEquals("y".repeat(9000) + "\n", tail(long8k, 1L));
        assertEquals(long8k, tail(long8k, 2L));
        assertEquals(new String(Files.readAllBytes(tmp.resolve("log")), StandardCharsets.UTF_8), long8k);
    }
}
