package dev.hostvirt.configure.profile;

import java.util.List;
import java.util.Map;

/**
 * A desired state: which hypervisor owns VT-x, which features are on, and .wslconfig settings.
 * Every value was checked when read; see docs/profiles.md.
 */
public record Profile(String mode, String bootEntry, String user, List<String> features, Map<String, String> wslconfig) {
    public Profile {
        features = List.copyOf(features);
        wslconfig = Map.copyOf(wslconfig);
    }
}
