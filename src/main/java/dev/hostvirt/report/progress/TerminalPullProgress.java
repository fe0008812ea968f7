package dev.hostvirt.report.progress;

import dev.hostvirt.engine.registry.Descriptor;
import dev.hostvirt.engine.registry.ImageReference;
import dev.hostvirt.engine.registry.Platform;
import dev.hostvirt.engine.registry.PullListener;
import dev.hostvirt.engine.registry.PulledImage;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * docker-style live progress on a terminal: one line per blob with a bar, bytes, rate and ETA,
 * redrawn in place (cursor up + erase line) at most every 100 ms, each cut to the terminal's width
 * so that none wraps: the cursor goes up one row per line.
 */
public final class TerminalPullProgress implements PullListener {
    private static final long REDRAW_MS = 100;
    private static final int BAR = 30;

    private final PrintWriter out;
    private final Messages messages;
    private final Clock clock;
    private final IntSupplier columns;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private int drawnLines;
    private long lastDraw = Long.MIN_VALUE;

    private enum State { WAITING, DOWNLOADING, EXISTS, DONE, FAILED }

    private static final class Row {
        final Descriptor blob;
        long bytes;
        long startMs;
        State state = State.WAITING;

        Row(Descriptor blob) {
            this.blob = blob;
        }
    }

    /** @param columns the terminal's width ({@link TerminalColumns}) */
    public TerminalPullProgress(PrintWriter out, Messages messages, Clock clock, IntSupplier columns) {
        this.out = out;
        this.messages = messages;
        this.clock = clock;
        this.columns = columns;
    }

    @Override
    public synchronized void resolved(ImageReference reference, Platform platform, int layers) {
        out.println(messages.get("pull.progress.pulling", reference, platform));
        out.flush();
    }

    @Override
    public synchronized void blobSkipped(Descriptor blob) {
        row(blob).state = State.EXISTS;
        draw(true);
    }

    @Override
    public synchronized void blobStarted(Descriptor blob) {
        Row r = row(blob);
        r.state = State.DOWNLOADING;
        r.startMs = clock.millis();
        draw(true);
    }

    @Override
    public synchronized void blobProgress(Descriptor blob, long bytes) {
        row(blob).bytes = bytes;
        draw(false);
    }

    @Override
    public synchronized void blobDone(Descriptor blob) {
        Row r = row(blob);
        r.state = State.DONE;
        r.bytes = blob.size();
        draw(true);
    }

    @Override
    public synchronized void blobFailed(Descriptor blob) {
        row(blob).state = State.FAILED;
        draw(true);
    }

    @Override
    public synchronized void warning(Text message) {
        out.println(messages.get("pull.progress.warning", message));
        drawnLines = 0;
        draw(true);
    }

    @Override
    public synchronized void finished(PulledImage image) {
        draw(true);
        out.println(messages.get("pull.progress.digest", image.manifestDigest()));
        out.flush();
    }

    private Row row(Descriptor blob) {
        return rows.computeIfAbsent(blob.digest().toString(), k -> new Row(blob));
    }

    private void draw(boolean force) {
        long now = clock.millis();
        if (!force && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_MS) {
            return;
        }
        lastDraw = now;
        StringBuilder sb = new StringBuilder();
        if (drawnLines > 0) {
            sb.append("\u001b[").append(drawnLines).append('A');
        }
        int width = columns.getAsInt();
        for (Row r : rows.values()) {
            sb.append("\r\u001b[2K").append(TerminalColumns.fit(line(r, now), width)).append('\n');
        }
        drawnLines = rows.size();
        out.print(sb);
        out.flush();
    }

    String line(Row r, long now) {
        String id = Sizes.shortId(r.blob.digest());
        switch (r.state) {
            case EXISTS:
                return messages.get("pull.progress.exists", id);
            case DONE:
                return messages.get("pull.progress.complete", id, Sizes.bytes(r.blob.size()));
            case FAILED:
                return messages.get("pull.progress.failed", id);
            case WAITING:
                return messages.get("pull.progress.waiting", id);
            default:
                break;
        }
        long total = Math.max(r.blob.size(), 1);
        int filled = (int) Math.min(BAR, r.bytes * BAR / total);
        String bar = "=".repeat(Math.max(filled - 1, 0)) + (filled > 0 ? ">" : "") + " ".repeat(BAR - filled);
        double seconds = Math.max(now - r.startMs, 1) / 1000.0;
        double rate = r.bytes / seconds;
        String eta = rate > 0 ? Sizes.seconds((r.blob.size() - r.bytes) / rate) : "?";
        return String.format(Locale.ROOT, "%s: [%s] %s/%s %s/s %s", id, bar, Sizes.bytes(r.bytes), Sizes.bytes(r.blob.size()),
                Sizes.bytes((long) rate), messages.get("pull.progress.eta", eta));
    }
}
