package dev.hostvirt.facts.windows;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One object of a complete {@code bcdedit /enum} listing: its identifier ({current}, {bootmgr} or a
 * GUID) and its elements by lower-case name. Element names and their values are never translated.
 */
public record BcdEntry(String identifier, Map<String, String> elements) {
    public static final String LAUNCH_TYPE = "hypervisorlaunchtype";

    public BcdEntry {
        elements = Map.copyOf(elements);
    }

    public Optional<String> element(String name) {
        return Optional.ofNullable(elements.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The entry's hypervisorlaunchtype; ABSENT when the element is not set. */
    public LaunchType launchType() {
        return element(LAUNCH_TYPE).map(LaunchType::ofWord).orElse(LaunchType.ABSENT);
    }
}
