package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.engine.image.ImageRecord;
import dev.hostvirt.engine.store.Digest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** images' table, as podman's: CREATED as long ago as the image's config says. */
class ImagesTableTest {
    @Test
    void createdIsHowLongAgoOrNotKnown() {
        Digest d = Digest.parse("sha256:" + "c".repeat(64));
        StringWriter out = new StringWriter();
        ImageCommands.table(List.of(new ImageRecord("docker.io/library/busybox:1.36", d, d, "2026-11-14T08:00:00Z"),
                new ImageRecord("localhost/plain:latest", d, d, ""), new ImageRecord("localhost/reproducible:1", d, d, "0001-01-01T00:00:00Z")),
                new PrintWriter(out), false, Instant.parse("2026-11-28T08:00:00Z"));
        List<String> lines = out.toString().lines().toList();
        assertEquals(4, lines.size(), out.toString());
        assertTrue(lines.get(3).endsWith("  N/A"), "Go's zero time is no date: " + lines.get(3));
        assertEquals(lines.get(0).indexOf("IMAGE ID"), lines.get(1).indexOf("cccccccccccc"), "aligned: " + out);
        assertTrue(lines.get(0).startsWith("REPOSITORY") && lines.get(0).endsWith("CREATED"), lines.get(0));
        assertTrue(lines.get(1).startsWith("docker.io/library/busybox") && lines.get(1).endsWith("  2 weeks ago"), lines.get(1));
        assertTrue(lines.get(2).startsWith("localhost/plain") && lines.get(2).endsWith("  N/A"), lines.get(2));
    }
}
