package dev.hostvirt.report.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.engine.registry.Descriptor;
import dev.hostvirt.engine.registry.ImageReference;
import dev.hostvirt.engine.registry.Platform;
import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.i18n.Messages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullProgressTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        long millis;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private static final Descriptor LAYER = new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip",
            Digest.parse("sha256:" + "ab".repeat(32)), 10_000_000, null);
    private static final Descriptor CONFIG = new Descriptor("application/vnd.oci.image.config.v1+json",
            Digest.parse("sha256:" + "cd".repeat(32)), 1_500, null);

    @Test
    void terminalLinesShowBytesRateAndEta() {
        StringWriter sw = new StringWriter();
        ManualClock clock = new ManualClock();
        TerminalPullProgress p = new TerminalPullProgress(new PrintWriter(sw), Messages.forLanguage("en"), clock, () -> 200);
        p.resolved(ImageReference.parse("busybox"), Platform.parse("linux/amd64"), 1);
        p.blobSkipped(CONFIG);
        p.blobStarted(LAYER);
        clock.millis = 2_000;
        p.blobProgress(LAYER, 4_000_000);
        String s = sw.toString();
        // 4 MB in 2 s = 2 MB/s; 6 MB left = 3 s.
        assertTrue(s.contains("abababababab: [===========>                  ] 4.0MB/10.0MB 2.0MB/s ETA 3s"), s);
        assertTrue(s.contains("cdcdcdcdcdcd: already exists"), s);
        assertTrue(s.startsWith("Pulling docker.io/library/busybox:latest for linux/amd64\n"), s);
        assertTrue(s.contains("\u001b[2A"), "redraws over its two lines");
    }

    @Test
    void onANarrowTerminalEveryRedrawStaysOnItsOwnRows() {
        Descriptor other = new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", Digest.parse("sha256:" + "ef".repeat(32)), 7_000_000, null);
        for (int width : new int[] {20, 40, 60}) {
            StringWriter sw = new StringWriter();
            ManualClock clock = new ManualClock();
            TerminalPullProgress p = new TerminalPullProgress(new PrintWriter(sw), Messages.forLanguage("en"), clock, () -> width);
            p.resolved(ImageReference.parse("a"), Platform.parse("linux/amd64"), 2);
            p.blobSkipped(CONFIG);
            p.blobStarted(LAYER);
            p.blobStarted(other);
            for (int i = 1; i <= 5; i++) {
                clock.millis += 200;
                p.blobProgress(LAYER, i * 1_000_000L);
                p.blobProgress(other, i * 700_000L);
            }
            p.blobDone(other);
            List<String> screen = VtScreen.render(sw.toString(), width);
            String header = "Pulling docker.io/library/a:latest for linux/amd64";
            int headerRows = (header.length() + width - 1) / width;
            assertEquals(headerRows + 3, screen.size(), "the header, then one row per blob, nothing stale:\n" + String.join("\n", screen));
            List<String> rows = screen.subList(headerRows, screen.size());
            assertTrue(("cdcdcdcdcdcd: already exists").startsWith(rows.get(0)), rows.toString());
            assertTrue(rows.get(1).startsWith("abababababab: [".substring(0, Math.min(15, width - 1))), rows.toString());
            assertTrue(("efefefefefef: pull complete (7.0MB)").startsWith(rows.get(2)), rows.toString());
            rows.forEach(r -> assertTrue(r.length() < width, r));
        }
    }

    @Test
    void theWidthIsTheTerminalsElseColumnsElse80() {
        // The test's stderr is a pipe: the ioctl finds no terminal, so COLUMNS decides.
        assertEquals(50, new TerminalColumns(java.util.Map.of("COLUMNS", "50")).getAsInt());
        assertEquals(80, new TerminalColumns(java.util.Map.of()).getAsInt());
        assertEquals(80, new TerminalColumns(java.util.Map.of("COLUMNS", "wide")).getAsInt());
        assertEquals("abcd", TerminalColumns.fit("abcdefgh", 5));
        assertEquals("añ", TerminalColumns.fit("añb", 3), "cut by characters, not bytes");
        assertEquals("abc", TerminalColumns.fit("abc", 4));
    }

    @Test
    void terminalRedrawsAtMostEvery100ms() {
        StringWriter sw = new StringWriter();
        ManualClock clock = new ManualClock();
        TerminalPullProgress p = new TerminalPullProgress(new PrintWriter(sw), Messages.forLanguage("en"), clock, () -> 200);
        p.blobStarted(LAYER);
        int before = sw.toString().length();
        clock.millis = 50;
        p.blobProgress(LAYER, 1000);
        assertEquals(before, sw.toString().length(), "no redraw within 100 ms");
        clock.millis = 150;
        p.blobProgress(LAYER, 2000);
        assertTrue(sw.toString().length() > before);
    }

    @Test
    void linesModeWritesOneLinePerBlob() {
        StringWriter sw = new StringWriter();
        ManualClock clock = new ManualClock();
        LinePullProgress p = new LinePullProgress(new PrintWriter(sw), Messages.forLanguage("es"), clock);
        p.blobSkipped(CONFIG);
        p.blobStarted(LAYER);
        clock.millis = 1_500;
        p.blobProgress(LAYER, 5);
        p.blobDone(LAYER);
        assertEquals("cdcdcdcdcdcd: ya existe\nabababababab: descargado (10.0MB en 1.5 s)\n", sw.toString().replace("\r\n", "\n"));
    }

    @Test
    void sizesAreDecimalLikeDocker() {
        assertEquals("999B", Sizes.bytes(999));
        assertEquals("1.5kB", Sizes.bytes(1500));
        assertEquals("104.9MB", Sizes.bytes(104_857_600));
        assertEquals("2m05s", Sizes.seconds(125));
        assertEquals("1h01m", Sizes.seconds(3660));
    }
}
