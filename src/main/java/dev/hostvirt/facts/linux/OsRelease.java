package dev.hostvirt.facts.linux;

import java.util.HashMap;
import java.util.Map;

/** /etc/os-release (os-release(5)): shell-style KEY=value lines, values maybe quoted. */
public record OsRelease(String prettyName, String id, String versionId) {

    public static OsRelease parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) {
                continue;
            }
            String v = line.substring(eq + 1).trim();
            if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
                v = v.substring(1, v.length() - 1).replace("\\\"", "\"");
            }
            values.put(line.substring(0, eq).trim(), v);
        }
        String pretty = values.getOrDefault("PRETTY_NAME",
                (values.getOrDefault("NAME", "Linux") + " " + values.getOrDefault("VERSION", "")).trim());
        return new OsRelease(pretty, values.get("ID"), values.get("VERSION_ID"));
    }
}
