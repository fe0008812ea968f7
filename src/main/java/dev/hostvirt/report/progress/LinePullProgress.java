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
import java.util.HashMap;
import java.util.Map;

/**
 * Progress for logs and pipes: one line per blob when it is complete or found already present (no
 * redrawing, no escape codes), like podman's non-terminal output.
 */
public final class LinePullProgress implements PullListener {
    private final PrintWriter out;
    private final Messages messages;
    private final Clock clock;
    private final Map<String, Long> started = new HashMap<>();

    public LinePullProgress(PrintWriter out, Messages messages, Clock clock) {
        this.out = out;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public synchronized void resolved(ImageReference reference, Platform platform, int layers) {
        out.println(messages.get("pull.progress.pulling", reference, platform));
        out.flush();
    }

    @Override
    public synchronized void blobSkipped(Descriptor blob) {
        out.println(messages.get("pull.progress.exists", Sizes.shortId(blob.digest())));
        out.flush();
    }

    @Override
    public synchronized void blobStarted(Descriptor blob) {
        started.put(blob.digest().toString(), clock.millis());
    }

    @Override
    public synchronized void blobDone(Descriptor blob) {
        long start = started.getOrDefault(blob.digest().toString(), clock.millis());
        double seconds = Math.max(clock.millis() - start, 0) / 1000.0;
        out.println(messages.get("pull.progress.done", Sizes.shortId(blob.digest()), Sizes.bytes(blob.size()),
                String.format(java.util.Locale.ROOT, "%.1f", seconds)));
        out.flush();
    }

    @Override
    public synchronized void blobFailed(Descriptor blob) {
        out.println(messages.get("pull.progress.failed", Sizes.shortId(blob.digest())));
        out.flush();
    }

    @Override
    public synchronized void warning(Text message) {
        out.println(messages.get("pull.progress.warning", message));
        out.flush();
    }

    @Override
    public synchronized void finished(PulledImage image) {
        out.println(messages.get("pull.progress.digest", image.manifestDigest()));
        out.flush();
    }
}
