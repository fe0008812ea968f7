package dev.hostvirt.cli;

import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.registry.ImageReference;
import dev.hostvirt.engine.registry.PullDestinationProvider;
import dev.hostvirt.engine.registry.PullPolicy;
import dev.hostvirt.engine.registry.PulledImage;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hostvirt pull}: fetches an image from its registry into the engine's store. Progress goes
 * to stderr; stdout gets only the pulled manifest's digest, so scripts can capture it (as podman
 * prints the image ID).
 */
@Command(name = "pull", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%n@|bold Exit codes|@:%n", exitCodeList = {})
public final class PullCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Mixin
    RegistryPullOptions registry;

    @Option(names = {"-q", "--quiet"}, descriptionKey = "pull.quiet")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "IMAGE", descriptionKey = "pull.image")
    String image;

    @Mixin
    EngineOptions engineOptions;

    PullCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ImageReference reference = ImageReference.parse(image);
        PulledImage pulled = registry.pull(env, reference, PullPolicy.ALWAYS, false, quiet,
                () -> PullDestinationProvider.find(destinationEnv())).orElseThrow();
        env.out().println(pulled.manifestDigest());
        env.out().flush();
        return ExitCodes.OK;
    }

    /**
     * The environment the store providers see: the engine's state directory resolved as the engine
     * commands resolve it (--state-dir, else HOSTVIRT_STATE_DIR, against this command's working
     * directory), so pull and run use the same store.
     */
    private Map<String, String> destinationEnv() {
        Map<String, String> e = new HashMap<>(env.env());
        String named = e.get("HOSTVIRT_STATE_DIR");
        if (engineOptions.stateDir != null || (named != null && !named.isBlank())) {
            e.put("HOSTVIRT_STATE_DIR", Engine.stateDir(engineOptions.stateDir, env.env(), env.workingDirectory()).toString());
        }
        return e;
    }
}
