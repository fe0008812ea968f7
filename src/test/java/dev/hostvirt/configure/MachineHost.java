package dev.hostvirt.configure;

import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.CommandRunner;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.NativeSources;
import dev.hostvirt.host.PathInfo;
import dev.hostvirt.host.Reading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A host port over a fake root and a fake runner, not memoized: the planner reads exactly what the
 * actions change, as the live host would after a restart.
 */
public final class MachineHost implements Host, MachineSource {
    private final HostPlatform platform;
    private final Machine machine;
    private final CommandRunner runner;
    private final NativeSources natives;

    public MachineHost(HostPlatform platform, Machine machine, Function<String, Reading<List<Map<String, Object>>>> wmi) {
        this(platform, machine, wmiOnly(wmi));
    }

    private static NativeSources wmiOnly(Function<String, Reading<List<Map<String, Object>>>> wmi) {
        return new NativeSources() {
            @Override
            public Reading<List<Map<String, Object>>> wmi(String namespaceAndClass) {
                return wmi.apply(namespaceAndClass);
            }
        };
    }

    /** With the simulated machine's registry, WMI and API values, as the detector's facts read them. */
    public MachineHost(HostPlatform platform, Machine machine, NativeSources natives) {
        this.platform = platform;
        this.machine = machine;
        this.runner = machine.runner();
        this.natives = natives;
    }

    @Override
    public Machine machine() {
        return machine;
    }

    @Override
    public HostPlatform platform() {
        return platform;
    }

    @Override
    public Reading<String> file(String path) {
        Path p = machine.path(path);
        try {
            return Files.isRegularFile(p) ? Reading.present(Files.readString(p, StandardCharsets.UTF_8)) : Reading.absent();
        } catch (IOException e) {
            return Reading.unknown(e.toString());
        }
    }

    @Override
    public Reading<PathInfo> path(String path) {
        Path p = machine.path(path);
        if (!Files.exists(p)) {
            return Reading.absent();
        }
        List<String> entries = null;
        if (Files.isDirectory(p)) {
            try (var list = Files.list(p)) {
                entries = list.map(e -> e.getFileName().toString()).sorted().toList();
            } catch (IOException e) {
                return Reading.unknown(e.toString());
            }
        }
        return Reading.present(new PathInfo(Files.isDirectory(p) ? PathInfo.DIRECTORY : PathInfo.FILE, "0755", true, true,
                null, null, entries, null));
    }

    @Override
    public Reading<CommandOutput> command(List<String> argv) {
        return runner.run(argv);
    }

    @Override
    public Reading<Map<String, Object>> registry(String key) {
        return natives.registry(key);
    }

    @Override
    public Reading<List<Map<String, Object>>> wmi(String namespaceAndClass) {
        return natives.wmi(namespaceAndClass);
    }

    @Override
    public Reading<String> sysctl(String name) {
        return natives.sysctl(name);
    }

    @Override
    public Reading<Object> value(String name) {
        return natives.value(name);
    }
}
