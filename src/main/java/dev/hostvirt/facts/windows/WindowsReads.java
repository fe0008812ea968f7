package dev.hostvirt.facts.windows;

import static dev.hostvirt.facts.windows.WindowsSourceNames.SYSTEMINFO;

import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.Reading;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The raw reads every Windows fact shares: the host, one memo so that each source is asked and
 * interpreted once, and the source names facts carry ("wmi:CLASS.Property", "registry:KEY\\Name",
 * "command:argv").
 */
final class WindowsReads {
    private final Host host;
    private final Map<String, Object> memo = new HashMap<>();

    WindowsReads(Host host) {
        this.host = host;
    }

    Host host() {
        return host;
    }

    @SuppressWarnings("unchecked")
    <T> T once(String key, Supplier<T> compute) {
        if (memo.containsKey(key)) {
            return (T) memo.get(key);
        }
        T value = compute.get();
        memo.put(key, value);
        return value;
    }

    Reading<Map<String, Object>> wmiFirst(String cls) {
        return once("wmi:" + cls, () -> {
            Reading<List<Map<String, Object>>> r = host.wmi(cls);
            if (r instanceof Reading.Present<List<Map<String, Object>>> p) {
                return p.value().isEmpty() ? Reading.<Map<String, Object>>absent() : Reading.present(p.value().get(0));
            }
            return r.isAbsent() ? Reading.absent() : Reading.unknown("not read");
        });
    }

    Object wmiValue(String cls, String property) {
        return wmiFirst(cls).orElse(Map.of()).get(property);
    }

    Object registryValue(String key, String name) {
        return host.registry(key).orElse(Map.of()).get(name);
    }

    String commandText(List<String> argv) {
        return once("cmd:" + argv, () -> {
            Reading<CommandOutput> r = host.command(argv);
            if (r instanceof Reading.Present<CommandOutput> p) {
                return p.value().stdout() + (p.value().stderr().isEmpty() ? "" : "\n" + p.value().stderr());
            }
            return null;
        });
    }

    static String wmiSource(String cls, String property) {
        return "wmi:" + cls + "." + property;
    }

    static String regSource(String key, String name) {
        return "registry:" + key + (name == null ? "" : "\\" + name);
    }

    static String cmdSource(List<String> argv) {
        return "command:" + String.join(" ", argv);
    }

    HyperVRequirements systeminfoHyperV() {
        return once("systeminfo.hyperv", () -> {
            String text = commandText(SYSTEMINFO);
            return text == null ? HyperVRequirements.UNKNOWN : SysteminfoParser.hyperV(text);
        });
    }
}
