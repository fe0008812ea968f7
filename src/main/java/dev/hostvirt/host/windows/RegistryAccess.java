package dev.hostvirt.host.windows;

import dev.hostvirt.host.Reading;
import java.util.List;
import java.util.Map;

/**
 * The registry as the Windows natives need it; JNA behind it live, a map in tests. {@code hive} is
 * "HKLM" or "HKCU". Values come as the Windows API types (String, Integer, Long, byte[], String[]).
 */
public interface RegistryAccess {
    /** The values of a key; absent when the key does not exist, unknown when it cannot be read. */
    Reading<Map<String, Object>> values(String hive, String path);

    /** The names of a key's subkeys; absent when the key does not exist. */
    Reading<List<String>> subkeys(String hive, String path);
}
