package dev.hostvirt.facts.linux;

import dev.hostvirt.facts.SourceSpec;
import java.util.List;

/** Every source the Linux probes read. */
public final class LinuxSources {
    private LinuxSources() {
    }

    public static List<SourceSpec> all() {
        return List.of();
    }
}
