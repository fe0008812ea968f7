package dev.hostvirt.host;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything hostvirt read from one machine (shared/spec/host-snapshot.md, format 1). In every map a
 * key that is present with a {@code null} value means "captured and absent"; a missing key means
 * "not captured".
 */
public record Snapshot(String captured, HostPlatform platform, Map<String, String> files,
        Map<String, PathInfo> paths, List<CommandRecord> commands,
        Map<String, Map<String, Object>> registry, Map<String, List<Map<String, Object>>> wmi,
        Map<String, String> sysctl, Map<String, Object> values) {

    public static final String FORMAT = "hostvirt-snapshot/1";

    public Snapshot {
        files = frozen(files);
        paths = frozen(paths);
        commands = List.copyOf(commands);
        registry = frozen(registry);
        wmi = frozen(wmi);
        sysctl = frozen(sysctl);
        values = frozen(values);
    }

    // Map.copyOf refuses null values, and null is how "absent" is spelled.
    private static <V> Map<String, V> frozen(Map<String, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map == null ? new LinkedHashMap<>() : map));
    }
}
