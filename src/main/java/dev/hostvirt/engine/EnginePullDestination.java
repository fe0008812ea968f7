package dev.hostvirt.engine;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.registry.PullDestination;
import dev.hostvirt.engine.registry.PullDestinationProvider;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the engine's state directory the destination of {@code hostvirt pull} (registered in
 * {@code META-INF/services}): blobs go to its {@link dev.hostvirt.engine.store.FileContentStore}, and
 * each completed pull names the image in its {@link dev.hostvirt.engine.image.ImageStore}, which checks
 * that the config and every layer are present first.
 */
public final class EnginePullDestinationProvider implements PullDestinationProvider {

    /**
     * The state directory as the engine commands resolve it ({@code HOSTVIRT_STATE_DIR}, else
     * {@code /var/lib/hostvirt}); the CLI puts an absolute {@code --state-dir} there. The engine runs
     * on Linux only: elsewhere it applies only when a state directory is named explicitly.
     */
    @Override
    public Optional<PullDestination> open(Map<String, String> env) {
        String named = env.get("HOSTVIRT_STATE_DIR");
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        if (!linux && (named == null || named.isBlank())) {
            return Optional.empty();
        }
        return Optional.of(destination(Engine.open(Engine.stateDir(null, env, Path.of("").toAbsolutePath()))));
    }

    /**
     * The destination for an engine already open (run --pull uses the one it runs from). The store's
     * directories are made first: a state directory that cannot be written is then one clear error
     * before any download, not a blob failure retried as if the network had failed.
     */
    public static PullDestination destination(Engine engine) {
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
        return new PullDestination(engine.blobs(), pulled -> engine.images().register(pulled.reference(), pulled.manifestDigest()));
    }
}
