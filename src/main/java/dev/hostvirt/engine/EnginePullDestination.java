package dev.hostvirt.engine;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.registry.PullDestination;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Makes the engine's state directory the destination of {@code hostvirt pull}: blobs go to its
 * {@link dev.hostvirt.engine.store.FileContentStore}, and each completed pull names the image in its
 * {@link dev.hostvirt.engine.image.ImageStore}, which checks that the config and every layer are
 * present first.
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
    public static PullDestination forPull(Path stateDirOption, Map<String, String> env, Path workingDirectory) {
        String named = env.get("HOSTVIRT_STATE_DIR");
        boolean explicit = stateDirOption != null || (named != null && !named.isBlank());
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        if (!linux && !explicit) {
            throw new HostvirtException(Text.of("pull.error.noStore"), 125);
        }
        return of(Engine.open(Engine.stateDir(stateDirOption, env, workingDirectory)));
    }

    /**
     * The destination for an engine already open (run --pull uses the one it runs from). The store's
     * directories are made first: a state directory that cannot be written is then one clear error
     * before any download, not a blob failure retried as if the network had failed.
     */
    public static PullDestination of(Engine engine) {
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
        return new PullDestination(engine.blobs(), pulled -> engine.images().register(pulled.reference(), pulled.manifestDigest()));
    }
}
