package dev.hostvirt.facts.linux;

import dev.hostvirt.host.Host;
import dev.hostvirt.host.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The running kernel's .config and where it was read: /proc/config.gz, else /boot/config-RELEASE.
 * Read once per host picture (LinuxFacts): the container checks and the KVM rules both need it, and
 * decompressing and parsing it twice cost a `check` of every target for nothing.
 */
record KernelConfigFile(String path, KernelConfig config) {

    static Optional<KernelConfigFile> read(Host host, String release) {
        List<String> candidates = new ArrayList<>(List.of("/proc/config.gz"));
        if (release != null) {
            candidates.add("/boot/config-" + release);
        }
        for (String path : candidates) {
            Reading<String> text = host.file(path);
            if (text instanceof Reading.Present<String> p) {
                return Optional.of(new KernelConfigFile(path, KernelConfig.parse(p.value())));
            }
        }
        return Optional.empty();
    }
}
