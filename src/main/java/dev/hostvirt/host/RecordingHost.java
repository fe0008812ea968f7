package dev.hostvirt.host;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Passes every read to the host it wraps and remembers the answer, so that what a command saw can be
 * written as a snapshot. Unknown answers (unreadable sources) are not recorded: in the snapshot they
 * stay "not captured", which is what they were.
 */
public final class RecordingHost implements Host {
    private final Host delegate;
    private final Clock clock;
    private final Map<String, String> files = new LinkedHashMap<>();
    private final Map<String, PathInfo> paths = new LinkedHashMap<>();
    private final Map<List<String>, CommandRecord> commands = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> registry = new LinkedHashMap<>();
    private final Map<String, List<Map<String, Object>>> wmi = new LinkedHashMap<>();
    private final Map<String, String> sysctl = new LinkedHashMap<>();
    private final Map<String, Object> values = new LinkedHashMap<>();

    public RecordingHost(Host delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public HostPlatform platform() {
        return delegate.platform();
    }

    @Override
    public Reading<String> file(String path) {
        return remember(files, path, delegate.file(path));
    }

    @Override
    public Reading<PathInfo> path(String path) {
        return remember(paths, path, delegate.path(path));
    }

    @Override
    public Reading<CommandOutput> command(List<String> argv) {
        Reading<CommandOutput> r = delegate.command(argv);
        if (!r.isUnknown()) {
            synchronized (this) {
                commands.put(List.copyOf(argv), CommandRecord.of(argv, r));
            }
        }
        return r;
    }

    @Override
    public Reading<Map<String, Object>> registry(String key) {
        return remember(registry, key, delegate.registry(key));
    }

    @Override
    public Reading<List<Map<String, Object>>> wmi(String namespaceAndClass) {
        return remember(wmi, namespaceAndClass, delegate.wmi(namespaceAndClass));
    }

    @Override
    public Reading<String> sysctl(String name) {
        return remember(sysctl, name, delegate.sysctl(name));
    }

    @Override
    public Reading<Object> value(String name) {
        return remember(values, name, delegate.value(name));
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(), platform(),
                files, paths, new ArrayList<>(commands.values()), registry, wmi, sysctl, values);
    }

    /** Reads happen outside the lock (probes prefetch in parallel); only the recording is guarded. */
    private synchronized <V> Reading<V> remember(Map<String, V> section, String key, Reading<V> reading) {
        if (reading instanceof Reading.Present<V> p) {
            section.put(key, p.value());
        } else if (reading.isAbsent()) {
            section.put(key, null);
        }
        return reading;
    }
}
