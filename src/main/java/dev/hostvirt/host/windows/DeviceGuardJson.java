package dev.hostvirt.host.windows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hostvirt.host.Reading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Win32_DeviceGuard through PowerShell's Get-CimInstance piped to ConvertTo-Json: oshi's and
 * jna-platform's WMI helpers give null for the uint32[] properties we need (SecurityServicesRunning),
 * so this class is read as JSON instead. One instance prints as an object, several as an array.
 */
final class DeviceGuardJson {
    static final List<String> ARGV = List.of("powershell.exe", "-NoProfile", "-NonInteractive", "-Command",
            "Get-CimInstance -Namespace root/Microsoft/Windows/DeviceGuard -ClassName Win32_DeviceGuard"
                    + " | Select-Object VirtualizationBasedSecurityStatus,SecurityServicesConfigured,SecurityServicesRunning"
                    + " | ConvertTo-Json -Compress");
    private static final int MAX = 64 * 1024;

    private DeviceGuardJson() {
    }

    static Reading<List<Map<String, Object>>> parse(String json) {
        if (json == null || json.isBlank() || json.length() > MAX) {
            return Reading.unknown("no JSON from Get-CimInstance Win32_DeviceGuard");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.strip());
        } catch (Exception e) {
            return Reading.unknown("Get-CimInstance Win32_DeviceGuard did not print JSON");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (root != null && root.isObject()) {
            out.add(instance(root));
        } else if (root != null && root.isArray()) {
            for (JsonNode n : root) {
                if (n.isObject()) {
                    out.add(instance(n));
                }
            }
        } else {
            return Reading.unknown("unexpected JSON from Get-CimInstance Win32_DeviceGuard");
        }
        return Reading.present(out);
    }

    private static Map<String, Object> instance(JsonNode n) {
        Map<String, Object> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isArray()) {
                List<Object> list = new ArrayList<>();
                v.forEach(x -> list.add(x.isIntegralNumber() ? (Object) x.asLong() : x.asText()));
                m.put(e.getKey(), list);
            } else if (v.isIntegralNumber()) {
                m.put(e.getKey(), v.asLong());
            } else if (!v.isNull()) {
                m.put(e.getKey(), v.asText());
            }
        });
        return m;
    }
}
