package dev.hostvirt.configure.windows;

import dev.hostvirt.configure.ConfigureException;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.ini4j.Config;
import org.ini4j.Ini;

/**
 * Sets keys of the [wsl2] section of %USERPROFILE%\.wslconfig. ini4j reads the file (it must parse,
 * and it tells the current values; get(), never fetch()), but the change is made on the one line
 * concerned: every other line, comment, blank line and line ending of the user's file stays as it was
 * (ini4j's own writer would reformat them all).
 */
public final class WslConfigEditor {
    public static final String SECTION = "wsl2";
    static final int MAX_CHARS = 64 * 1024;
    /** Read by WSL only on Windows 11 (wsl-config: "Only available for Windows 11"); Windows 10 ignores it. */
    static final String VM_IDLE_TIMEOUT = "vmIdleTimeout";
    static final int WINDOWS_11 = 22000;
    /** Keys hostvirt edits, with the values Microsoft documents for them (learn.microsoft.com wsl-config). */
    static final Map<String, Pattern> KEYS = Map.of(
            "memory", Pattern.compile("[1-9][0-9]{0,5}(MB|GB)"),
            "swap", Pattern.compile("(0|[1-9][0-9]{0,5}(MB|GB))"),
            "processors", Pattern.compile("[1-9][0-9]{0,2}"),
            "nestedVirtualization", Pattern.compile("true|false"),
            // Milliseconds the idle WSL 2 VM waits before it shuts down; -1 keeps it up (microsoft/WSL#11239,
            // a maintainer's answer to distributions stopping under `run -d`). At most 9 digits: an int.
            VM_IDLE_TIMEOUT, Pattern.compile("-1|0|[1-9][0-9]{0,8}"));

    private WslConfigEditor() {
    }

    /** The canonical key name for {@code raw}, or a one-line error for keys hostvirt does not edit. */
    public static String key(String raw) {
        for (String k : KEYS.keySet()) {
            if (k.equalsIgnoreCase(raw)) {
                return k;
            }
        }
        throw new ConfigureException(Text.of("configure.error.wslconfig-key", safe(raw), String.join(", ", new java.util.TreeSet<>(KEYS.keySet()))), 2);
    }

    public static String value(String key, String raw) {
        if (raw == null || !KEYS.get(key(key)).matcher(raw).matches()) {
            throw new ConfigureException(Text.of("configure.error.wslconfig-value", key, safe(raw)), 2);
        }
        return raw;
    }

    private static String safe(String s) {
        return dev.hostvirt.configure.UserInput.safe(s);
    }

    /** The current value in [wsl2], or null; the text must parse as INI. */
    public static String current(String text, String key) {
        Ini ini = parse(text);
        var section = ini.get(SECTION);
        if (section == null) {
            return null;
        }
        for (String k : section.keySet()) {
            if (k.equalsIgnoreCase(key)) {
                String v = section.get(k);
                return v == null ? null : v.trim();
            }
        }
        return null;
    }

    static Ini parse(String text) {
        if (text.length() > MAX_CHARS) {
            throw new ConfigureException(Text.of("configure.error.wslconfig-parse", "> " + MAX_CHARS + " characters"), 2);
        }
        Ini ini = new Ini();
        Config c = ini.getConfig().clone();
        c.setGlobalSection(true);
        c.setEscape(false);
        ini.setConfig(c);
        try {
            ini.load(new StringReader(text));
        } catch (IOException | RuntimeException e) {
            throw new ConfigureException(Text.of("configure.error.wslconfig-parse", String.valueOf(e.getMessage()).replace('\n', ' ')), 2);
        }
        return ini;
    }

    /** {@code text} with [wsl2] {@code key} set to {@code value}; nothing else changes. */
    public static String set(String text, String key, String value) {
        parse(text);
        String nl = text.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        boolean trailing = !lines.isEmpty() && lines.get(lines.size() - 1).isEmpty();
        if (trailing) {
            lines.remove(lines.size() - 1);
        }
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (isHeader(lines.get(i), SECTION)) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
                lines.add("");
            }
            lines.add("[" + SECTION + "]");
            lines.add(key + "=" + value);
        } else {
            int end = header + 1;
            while (end < lines.size() && !lines.get(end).trim().startsWith("[")) {
                end++;
            }
            int lastContent = header;
            boolean replaced = false;
            for (int i = header + 1; i < end; i++) {
                String l = lines.get(i);
                String t = l.trim();
                if (!t.isEmpty()) {
                    lastContent = i;
                }
                int eq = l.indexOf('=');
                if (!replaced && eq > 0 && !t.startsWith("#") && !t.startsWith(";")
                        && l.substring(0, eq).trim().equalsIgnoreCase(key)) {
                    String lead = l.substring(0, eq + 1);
                    lines.set(i, lead + (lead.endsWith(" =") ? " " : "") + value);
                    replaced = true;
                }
            }
            if (!replaced) {
                lines.add(lastContent + 1, key + "=" + value);
            }
        }
        return String.join(nl, lines) + (trailing || header < 0 ? nl : "");
    }

    private static boolean isHeader(String line, String name) {
        String t = line.trim();
        return t.startsWith("[") && t.endsWith("]") && t.substring(1, t.length() - 1).trim().toLowerCase(Locale.ROOT).equals(name);
    }
}
