package dev.hostvirt.host.windows;

import dev.hostvirt.host.Reading;
import java.util.List;
import java.util.Map;

/** WMI instances of one class with the properties hostvirt reads; JNA/oshi live, a map in tests. */
public interface WmiAccess {
    Reading<List<Map<String, Object>>> instances(String namespace, String className);
}
