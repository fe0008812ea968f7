package dev.hostvirt.facts.windows;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id of the entry {@code bcdedit /copy {current} /d NAME} created, taken from its message in any
 * language ("The entry was successfully copied to {GUID}.", "La entrada se copió correctamente en
 * {GUID}.") by the GUID's shape alone; a redacted or placeholder id gives null.
 */
public final class BcdCopyParser {
    private static final Pattern GUID = Pattern.compile(
            "\\{[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\\}");

    private BcdCopyParser() {
    }

    public static String newEntryId(String text) {
        Matcher m = GUID.matcher(text == null ? "" : text);
        return m.find() ? m.group() : null;
    }
}
