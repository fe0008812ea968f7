package dev.hostvirt.facts.macos;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text of {@code sysctl -a} (or {@code sysctl hw machdep}, or a grep of either) into
 * name -> value. Current macOS prints {@code name: value}; Mac OS X 10.6 and older printed
 * {@code name = value} mixed with noise such as "Use pstat to view kern.vnode information" and
 * "kern.maxpartitions: no such MIB" (see src/test/resources/macos/SOURCE.md). Names are dotted and
 * never contain spaces, which is how noise lines are told apart. Pure; never throws.
 */
public final class SysctlText {
    private static final Pattern LINE = Pattern.compile("^([A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)+)(?:: ?| = ?)(.*)$");

    private SysctlText() {
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null) {
            return values;
        }
        for (String raw : text.split("\r?\n")) {
            Matcher m = LINE.matcher(raw);
            if (!m.matches()) {
                continue;
            }
            String value = m.group(2).strip();
            if (value.endsWith("no such MIB") || value.equals("Input/output error")
                    || value.equals("Invalid argument")) {
                continue;
            }
            // The first line wins: a paste that repeats a name (two runs) keeps its first answer.
            values.putIfAbsent(m.group(1), value);
        }
        return Collections.unmodifiableMap(values);
    }
}
