package dev.hostvirt.engine.forward;

import dev.hostvirt.engine.wsl.DistroManager;
import dev.hostvirt.i18n.Text;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * THE place that decides where engine commands run: in this process (Linux), forwarded into the
 * hostvirt WSL2 distro (Windows), or forwarded to the docker/podman CLI the macOS detector found.
 * Chosen once per platform by the CLI; commands themselves never ask.
 */
public sealed interface EngineLocator {
    /** Empty: run the command here, as on Linux. */
    Optional<Forwarder> forwarder();

    /** Run everything in this process. */
    record Local() implements EngineLocator {
        @Override
        public Optional<Forwarder> forwarder() {
            return Optional.empty();
        }
    }

    /**
     * Windows: forward into the distro; {@code manager} builds the distro life-cycle manager for
     * {@code hostvirt engine ...} with the given reporter.
     */
    record Wsl(Forwarder intoDistro, Function<Consumer<Text>, DistroManager> manager) implements EngineLocator {
        @Override
        public Optional<Forwarder> forwarder() {
            return Optional.of(intoDistro);
        }
    }

    /** macOS: forward to a container CLI, chosen lazily (probing docker/podman costs process starts). */
    record MacosCli(Supplier<Forwarder> chooser) implements EngineLocator {
        @Override
        public Optional<Forwarder> forwarder() {
            return Optional.of(chooser.get());
        }
    }
}
