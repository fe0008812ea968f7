package dev.hostvirt.host;

import java.util.List;
import java.util.Map;

/**
 * The native sources one platform has beyond files and commands: the Windows registry and WMI,
 * macOS sysctls, and named API values. Each platform supplies its own; the rest answer unknown.
 */
public interface NativeSources {
    default Reading<Map<String, Object>> registry(String key) {
        return Reading.unknown("no registry on this platform");
    }

    default Reading<List<Map<String, Object>>> wmi(String namespaceAndClass) {
        return Reading.unknown("no WMI on this platform");
    }

    default Reading<String> sysctl(String name) {
        return Reading.unknown("no sysctlbyname on this platform");
    }

    default Reading<Object> value(String name) {
        return Reading.unknown("no such value on this platform: " + name);
    }

    static NativeSources none() {
        return new NativeSources() {
        };
    }
}
