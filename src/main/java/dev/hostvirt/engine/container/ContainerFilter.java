package dev.hostvirt.engine.container;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code ps --filter KEY=VALUE}, as podman reads it: the values of one key are alternatives, different
 * keys must all hold. {@code name} and {@code id} are regular expressions found anywhere in the name
 * or the full ID (a prefix is one), {@code status} one of podman's states, {@code ancestor} an image as the store
 * names it (name, short name, ID or ID prefix) or the image text the container was run with.
 */
public final class ContainerFilter implements Predicate<ContainerRecord> {
    /** podman's states: hostvirt's containers are only ever created, running or exited. */
    private static final Set<String> STATES = Set.of("created", "running", "paused", "stopped", "exited", "unknown", "removing");

    private final List<Predicate<ContainerRecord>> all;
    private final boolean status;

    private ContainerFilter(List<Predicate<ContainerRecord>> all, boolean status) {
        this.all = all;
        this.status = status;
    }

    /**
     * Reads the filters; {@code imageIdOf} resolves an ancestor to its image's ID ("sha256:..."), empty
     * when the store has no such image. A filter it does not take is an error (125), as podman's.
     */
    public static ContainerFilter parse(List<String> filters, Function<String, Optional<String>> imageIdOf) {
        Map<String, List<Predicate<ContainerRecord>>> byKey = new LinkedHashMap<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new HostvirtException(Text.of("engine.error.ps.filter", f), 125);
            }
            String key = f.substring(0, eq);
            String value = f.substring(eq + 1);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(switch (key) {
                case "name" -> matching(f, value, ContainerRecord::name);
                case "id" -> matching(f, value, ContainerRecord::id); // a regular expression, as podman's (a prefix is one)
                case "status" -> {
                    if (!STATES.contains(value)) {
                        throw new HostvirtException(Text.of("engine.error.ps.filterStatus", value), 125);
                    }
                    // podman's "stopped" is its exited state (QA: it matched nothing here); hostvirt
                    // lists no container that is being removed, so "removing" matches none, as it accepts it.
                    String state = value.equals("stopped") ? "exited" : value;
                    yield r -> r.status().equals(state);
                }
                case "ancestor" -> {
                    Optional<String> id = imageIdOf.apply(value);
                    yield r -> r.image().equals(value) || id.filter(r.imageId()::equals).isPresent();
                }
                default -> throw new HostvirtException(Text.of("engine.error.ps.filter", f), 125);
            });
        }
        List<Predicate<ContainerRecord>> all = new ArrayList<>();
        byKey.values().forEach(any -> all.add(r -> any.stream().anyMatch(p -> p.test(r))));
        return new ContainerFilter(all, byKey.containsKey("status"));
    }

    private static Predicate<ContainerRecord> matching(String filter, String regex, java.util.function.Function<ContainerRecord, String> field) {
        try {
            Pattern p = Pattern.compile(regex);
            return r -> p.matcher(field.apply(r)).find();
        } catch (PatternSyntaxException e) {
            throw new HostvirtException(Text.of("engine.error.ps.filterRegex", filter, e.getDescription()), 125);
        }
    }

    /** Whether a status is asked for: podman then lists stopped containers without -a. */
    public boolean namesStatus() {
        return status;
    }

    @Override
    public boolean test(ContainerRecord r) {
        return all.stream().allMatch(p -> p.test(r));
    }
}
