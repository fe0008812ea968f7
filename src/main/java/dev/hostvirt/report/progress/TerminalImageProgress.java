package dev.hostvirt.report.progress;

import dev.hostvirt.engine.image.ImageImporter;
import dev.hostvirt.engine.layer.UnpackEvents;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * An image being stored and unpacked ({@code image import}, an image's first {@code run}), on a
 * terminal: one line, cut to the terminal's width (a wrapped line would be erased only in part), redrawn in place at most every 100 ms,
 * first for the source being stored, then for each layer being unpacked; cleared before a warning
 * and at the end, so that only the warnings and the result stay. (Pipes and logs get no progress.)
 * The unpack reports from its read-ahead thread, hence the locking.
 */
public final class TerminalImageProgress implements ImageImporter.Progress, UnpackEvents {
    private static final long REDRAW_MS = 100;
    private final PrintWriter out;
    private final Messages messages;
    private final Clock clock;
    private final Consumer<Text> warnings;
    private final IntSupplier columns;
    private long lastDraw = Long.MIN_VALUE;
    private boolean drawn;
    private boolean finished;

    /** @param columns the terminal's width ({@link TerminalColumns}) */
    public TerminalImageProgress(PrintWriter out, Messages messages, Clock clock, Consumer<Text> warnings, IntSupplier columns) {
        this.out = out;
        this.messages = messages;
        this.clock = clock;
        this.warnings = warnings;
        this.columns = columns;
    }

    @Override
    public synchronized void storing(long done, long total) {
        if (due(done >= total)) {
            draw(messages.get("engine.progress.storing", Sizes.bytes(done), Sizes.bytes(total)));
        }
    }

    @Override
    public synchronized void unpacking(int layer, int layers, long done, long total) {
        if (due(done >= total)) {
            draw(messages.get("engine.progress.unpacking", layer, layers, Sizes.bytes(done), Sizes.bytes(total)));
        }
    }

    @Override
    public synchronized void warn(Text warning) {
        clear();
        warnings.accept(warning);
    }

    /** The unpack of an image's first run is over: the container's own output comes next. */
    @Override
    public void unpacked() {
        finish();
    }

    /**
     * Takes the line away: the image is in. Progress reported after this (a read-ahead thread still
     * stopping after a failure) draws nothing until the next {@link #resume()}.
     */
    public synchronized void finish() {
        clear();
        finished = true;
    }

    /** The next image of the same import: draw again. */
    public synchronized void resume() {
        finished = false;
    }

    private boolean due(boolean force) {
        long now = clock.millis();
        if (finished || (!force && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_MS)) {
            return false;
        }
        lastDraw = now;
        return true;
    }

    private void draw(String line) {
        out.print("\r\u001b[2K" + TerminalColumns.fit(line, columns.getAsInt()));
        out.flush();
        drawn = true;
    }

    private void clear() {
        if (drawn) {
            out.print("\r\u001b[2K");
            out.flush();
            drawn = false;
        }
    }
}
