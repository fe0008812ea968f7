package dev.hostvirt.host;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The machine we run on. Each distinct question is asked once: later asks get the first answer, so
 * probes may share sources freely and a recording sees the same thing the report saw.
 */
public final class LiveHost implements Host {
    private final HostPlatform platform;
    private final LocalFiles files;
    private final CommandRunner commands;
    private final NativeSources natives;
    private final Map<Object, Reading<?>> answers = new ConcurrentHashMap<>();

    public LiveHost(HostPlatform platform, LocalFiles files, CommandRunner commands, NativeSources natives) {
        this.platform = platform;
        this.files = files;
        this.commands = commands;
        this.natives = natives;
    }

    @Override
    public HostPlatform platform() {
        return platform;
    }

    @Override
    public Reading<String> file(String path) {
        return once(new Key("file", path), () -> files.file(path));
    }

    @Override
    public Reading<PathInfo> path(String path) {
        return once(new Key("path", path), () -> files.path(path));
    }

    @Override
    public Reading<CommandOutput> command(List<String> argv) {
        return once(new Key("command", List.copyOf(argv)), () -> commands.run(argv));
    }

    @Override
    public Reading<Map<String, Object>> registry(String key) {
        return once(new Key("registry", key), () -> natives.registry(key));
    }

    @Override
    public Reading<List<Map<String, Object>>> wmi(String namespaceAndClass) {
        return once(new Key("wmi", namespaceAndClass), () -> natives.wmi(namespaceAndClass));
    }

    @Override
    public Reading<String> sysctl(String name) {
        return once(new Key("sysctl", name), () -> natives.sysctl(name));
    }

    @Override
    public Reading<Object> value(String name) {
        return once(new Key("value", name), () -> natives.value(name));
    }

    @SuppressWarnings("unchecked")
    private <T> Reading<T> once(Key key, Supplier<Reading<T>> read) {
        Reading<?> cached = answers.get(key);
        if (cached == null) {
            Reading<T> fresh = read.get();
            cached = answers.putIfAbsent(key, fresh);
            if (cached == null) {
                return fresh;
            }
        }
        return (Reading<T>) cached;
    }

    private record Key(String kind, Object what) {
    }
}
