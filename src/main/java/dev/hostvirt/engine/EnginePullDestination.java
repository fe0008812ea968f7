package dev.hostvirt.engine;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.image.ImageRecord;
import dev.hostvirt.engine.layer.UnpackEvents;
import dev.hostvirt.engine.registry.PullDestination;
import dev.hostvirt.engine.registry.PulledImage;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes the engine's state directory the destination of {@code hostvirt pull}: blobs go to its
 * {@link dev.hostvirt.engine.store.FileContentStore}, and each completed pull names the image in its
 * {@link dev.hostvirt.engine.image.ImageStore}, which checks that the config and every layer are
 * present first. A pulled image is unpacked before it is named, as {@code image import} does: an
 * image whose layers are refused (a hostile archive), or a pull killed meanwhile, leaves the name on
 * what it named before.
 */
public final class EnginePullDestination {
    /** How long an interrupted pull's bytes are kept for a retry to resume from (then pruned by the next pull). */
    static final Duration STALE_AFTER = Duration.ofDays(1);

    private EnginePullDestination() {
    }

    /**
     * The destination of {@code hostvirt pull}: the state directory as the engine commands resolve it
     * ({@code --state-dir}, else {@code HOSTVIRT_STATE_DIR}, against the working directory, else
     * {@code /var/lib/hostvirt}), so that pull and run use the same store. The engine runs on Linux
     * only: elsewhere a state directory must be named.
     */
    public static PullDestination forPull(Path stateDirOption, Map<String, String> env, Path workingDirectory, UnpackEvents events) {
        String named = env.get("HOSTVIRT_STATE_DIR");
        boolean explicit = stateDirOption != null || (named != null && !named.isBlank());
        if (!onLinux() && !explicit) {
            throw new HostvirtException(Text.of("pull.error.noStore"), 125);
        }
        return of(Engine.open(Engine.stateDir(stateDirOption, env, workingDirectory)), events);
    }

    /**
     * The destination for an engine already open (run --pull uses the one it runs from). The store's
     * directories are made first: a state directory that cannot be written is then one clear error
     * before any download, not a blob failure retried as if the network had failed.
     */
    public static PullDestination of(Engine engine, UnpackEvents events) {
        Path tmp = engine.blobs().root().resolve("tmp");
        Object why; // the system's own words when it refused, else ours, in the user's language
        try {
            Files.createDirectories(tmp);
            Files.createDirectories(engine.stateDir().resolve("images"));
            why = Files.isWritable(tmp) ? null : Text.of("engine.error.stateDir.notWritable");
        } catch (IOException | SecurityException e) {
            why = e.getMessage();
        }
        if (why != null) {
            throw new HostvirtException(Text.of("engine.error.stateDir", engine.stateDir(), why), 125);
        }
        try {
            engine.blobs().pruneTemporaries(Instant.now().minus(STALE_AFTER));
        } catch (IOException e) {
            // only housekeeping: the pull does not depend on it
        }
        return new PullDestination(engine.blobs(), pulled -> registerUnpacked(engine, pulled, events));
    }

    /**
     * Unpacks the pulled image, then names it. A pull used to name an image it had not unpacked, so a
     * hostile one took the name from a good image and every run of it was then refused; then it named
     * it first and gave the name back on a refusal, so a pull killed while unpacking still left the
     * name on an image no run could use (as image import did, QA). Now nothing is named until every
     * layer is unpacked and its DiffID matched; checked first, named after, under the pull's claim on
     * its blobs (ImagePuller), as import does.
     */
    static void registerUnpacked(Engine engine, PulledImage pulled, UnpackEvents events) {
        ImageRecord pending = engine.images().checked(pulled.reference(), pulled.manifestDigest()).throughIndex(pulled.indexDigest());
        if (onLinux() && Engine.isRoot()) { // only root on Linux runs containers from this store: a root unpacked for anyone else is never used
            try {
                engine.rootfs().prepareAhead(pending, events);
            } catch (IOException unreadable) {
                // A layer whose digest is right but whose bytes are not what its media type says.
                throw new HostvirtException(Text.of("pull.error.unpack", pulled.reference(),
                        String.valueOf(unreadable.getMessage()).lines().findFirst().orElse("")), 125, unreadable);
            } finally {
                events.unpacked();
            }
        }
        engine.images().registerAll(List.of(pending));
    }

    private static boolean onLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }
}
