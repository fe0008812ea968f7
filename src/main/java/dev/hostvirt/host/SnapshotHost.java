package dev.hostvirt.host;

import java.util.List;
import java.util.Map;

/** Replays a snapshot: answers only from what was recorded, never from the machine it runs on. */
public final class SnapshotHost implements Host {
    private static final String NOT_CAPTURED = "not captured";
    private final Snapshot snapshot;

    public SnapshotHost(Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public HostPlatform platform() {
        return snapshot.platform();
    }

    @Override
    public Reading<String> file(String path) {
        return lookup(snapshot.files(), path);
    }

    @Override
    public Reading<PathInfo> path(String path) {
        return lookup(snapshot.paths(), path);
    }

    @Override
    public Reading<CommandOutput> command(List<String> argv) {
        for (CommandRecord record : snapshot.commands()) {
            if (record.matches(argv)) {
                return record.reading();
            }
        }
        return Reading.unknown(NOT_CAPTURED);
    }

    @Override
    public Reading<Map<String, Object>> registry(String key) {
        // Registry paths are case-insensitive on Windows; users type them either way by hand.
        for (Map.Entry<String, Map<String, Object>> e : snapshot.registry().entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue() == null ? Reading.absent() : Reading.present(e.getValue());
            }
        }
        return Reading.unknown(NOT_CAPTURED);
    }

    @Override
    public Reading<List<Map<String, Object>>> wmi(String namespaceAndClass) {
        for (Map.Entry<String, List<Map<String, Object>>> e : snapshot.wmi().entrySet()) {
            if (e.getKey().equalsIgnoreCase(namespaceAndClass)) {
                return e.getValue() == null ? Reading.absent() : Reading.present(e.getValue());
            }
        }
        return Reading.unknown(NOT_CAPTURED);
    }

    @Override
    public Reading<String> sysctl(String name) {
        return lookup(snapshot.sysctl(), name);
    }

    @Override
    public Reading<Object> value(String name) {
        return lookup(snapshot.values(), name);
    }

    private static <V> Reading<V> lookup(Map<String, V> section, String key) {
        if (!section.containsKey(key)) {
            return Reading.unknown(NOT_CAPTURED);
        }
        V value = section.get(key);
        return value == null ? Reading.absent() : Reading.present(value);
    }
}
