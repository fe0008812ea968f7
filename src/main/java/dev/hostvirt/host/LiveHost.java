package dev.hostvirt.host;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
    private final Map<Object, CompletableFuture<Reading<?>>> answers = new ConcurrentHashMap<>();

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

    /**
     * Asks in the background now, so that a later ask finds the answer ready (or waits for it):
     * the slow sources (an ioctl through JNA, forks) then overlap with the rest of the start-up.
     */
    public void warmUp(Runnable ask) {
        Thread t = new Thread(ask, "hostvirt-warm-up");
        t.setDaemon(true);
        // Speculative work prints nothing, even on an Error: the same ask on the command's path reports it.
        t.setUncaughtExceptionHandler((thread, error) -> { });
        t.start();
    }

    /** The first ask computes; concurrent and later asks of the same question get that answer. */
    @SuppressWarnings("unchecked")
    private <T> Reading<T> once(Key key, Supplier<Reading<T>> read) {
        CompletableFuture<Reading<?>> mine = new CompletableFuture<>();
        CompletableFuture<Reading<?>> existing = answers.putIfAbsent(key, mine);
        if (existing != null) {
            return (Reading<T>) existing.join();
        }
        try {
            Reading<T> fresh = read.get();
            mine.complete(fresh);
            return fresh;
        } catch (RuntimeException | Error e) {
            answers.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * Written out rather than left to the record: a record's equals and hashCode are bootstrapped
     * through invokedynamic on first use, which costs several milliseconds of every start-up and this
     * key is hashed on the first probe.
     */
    private record Key(String kind, Object what) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && kind.equals(k.kind) && what.equals(k.what);
        }

        @Override
        public int hashCode() {
            return 31 * kind.hashCode() + what.hashCode();
        }
    }
}
