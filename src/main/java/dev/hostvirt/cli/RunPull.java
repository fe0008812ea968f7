package dev.hostvirt.cli;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.EnginePullDestination;
import dev.hostvirt.engine.image.ImageNames;
import dev.hostvirt.engine.layer.UnpackEvents;
import dev.hostvirt.engine.registry.ImageReference;
import dev.hostvirt.engine.registry.PullPolicy;
import dev.hostvirt.i18n.Text;

/**
 * {@code run --pull=missing|always|never}, as podman: the image is looked up locally first (by name,
 * {@code name@digest} or ID); {@code missing} pulls only when it is not there, {@code always} asks the
 * registry every time (and fails the run when it cannot), {@code never} refuses to pull (exit 125).
 * The pull goes into the same engine the container runs from; its progress goes to stderr only, so
 * the container's stdout stays the container's.
 */
final class RunPull {
    private final CliEnvironment env;
    private final RegistryPullOptions registry;
    private final boolean quiet;

    RunPull(CliEnvironment env, RegistryPullOptions registry, boolean quiet) {
        this.env = env;
        this.registry = registry;
        this.quiet = quiet;
    }

    /** {@code events} hears the unpack of a pulled image (the run's own unpack then has nothing to do). */
    void ensure(Engine engine, String image, String pullOption, UnpackEvents events) {
        PullPolicy policy;
        try {
            policy = PullPolicy.parse(pullOption);
        } catch (HostvirtException e) {
            // run is an engine command: bad usage is 125, as podman, never the container's own 2.
            throw e.withExitCode(ExitCodes.ENGINE_ERROR);
        }
        boolean present = presentLocally(engine, image);
        if (present && policy != PullPolicy.ALWAYS) {
            return; // a local ID or name is used as it is, without parsing it as a registry reference
        }
        if (ImageNames.isId(image)) {
            // An ID names an image of this store, never a registry's: it was pulled as docker.io/library/sha256.
            if (present) {
                return;
            }
            throw new HostvirtException(Text.of("engine.error.image.unknown", image), ExitCodes.ENGINE_ERROR);
        }
        ImageReference reference = ImageReference.parse(image);
        registry.pull(env, reference, policy, present, quiet, () -> EnginePullDestination.of(engine, events));
        env.err().flush();
    }

    private static boolean presentLocally(Engine engine, String image) {
        try {
            engine.images().find(image);
            return true;
        } catch (HostvirtException notFound) {
            return false;
        }
    }
}
