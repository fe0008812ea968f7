package dev.hostvirt.configure;

import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.CommandRunner;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.HostPlatform;
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
    private final Function<String, Reading<List<Map<String, Object>>>> wmi;
    private final Function<String, Reading<Object>> values;

    public MachineHost(HostPlatform platform, Machine machine, Function<String, Reading<List<Map<String, Object>>>> wmi) {
        this(platform, machine, wmi, name -> Reading.unknown("not in this fake"));
    }

    public MachineHost(HostPlatform platform, Machine machine, Function<String, Reading<List<Map<String, Object>>>> wmi,
            Function<String, Reading<Object>> values) {
        this.platform = platform;
        this.machine = machine;
        this.runner = machine.runner();
        this.wmi = wmi;
        this.values = values;
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
        return Reading.unknown("not in this fake");
    }

    @Override
    public Reading<List<Map<String, Object>>> wmi(String namespaceAndClass) {
        return wmi.apply(namespaceAndClass);
    }

    @Override
    public Reading<String> sysctl(String name) {
        return Reading.unknown("not in this fake");
    }

    @Override
    public Reading<Object> value(String name) {
        return values.apply(name);
    }
}
