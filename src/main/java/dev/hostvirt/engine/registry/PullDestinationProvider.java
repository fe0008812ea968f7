package dev.hostvirt.engine.registry;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The seam between the registry client and the engine's image store, found with
 * {@link ServiceLoader} so that the registry package never names the engine's classes: the engine
 * registers its implementation in {@code META-INF/services/dev.hostvirt.engine.registry.PullDestinationProvider}.
 */
public interface PullDestinationProvider {

    /** The destination for this environment, or empty when this provider does not apply to it. */
    Optional<PullDestination> open(Map<String, String> env);

    /** When several apply, the highest wins (a test provider outranks the default store). */
    default int priority() {
        return 0;
    }

    /** The destination of the highest-priority provider that applies. */
    static PullDestination find(Map<String, String> env) {
        return ServiceLoader.load(PullDestinationProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(PullDestinationProvider::priority).reversed())
                .map(p -> p.open(env))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new HostvirtException(Text.of("pull.error.noStore"), 125));
    }
}
