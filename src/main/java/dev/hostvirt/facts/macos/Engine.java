package dev.hostvirt.facts.macos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What we know about one VM-based container engine (or VirtualBox): installed or not, its version,
 * whether its VM runs, and the VM type. {@code installed}/{@code running} null = could not tell.
 */
public record Engine(String name, Boolean installed, String version, Boolean running, String vmType,
        List<String> sources) {

    public Engine {
        sources = List.copyOf(sources);
    }

    public static Engine unknown(String name, List<String> sources) {
        return new Engine(name, null, null, null, null, sources);
    }

    public static Engine notInstalled(String name, List<String> sources) {
        return new Engine(name, false, null, false, null, sources);
    }

    public boolean isInstalled() {
        return Boolean.TRUE.equals(installed);
    }

    public boolean isRunning() {
        return Boolean.TRUE.equals(running);
    }

    /** The fact's public value: a small map scripts can read (keys documented in docs/sources.md). */
    public Map<String, Object> asValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("installed", installed);
        m.put("version", version);
        m.put("running", running);
        m.put("vmType", vmType);
        return m;
    }
}
