package dev.hostvirt.facts.windows;

import dev.hostvirt.facts.Version;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wsl --version}: labels are translated ("WSL version:", "Versión de WSL:") but the WSL
 * package version is always the first line, so it is read by position. The inbox wsl.exe answers
 * "Invalid command line option" (no version line): null.
 */
public final class WslVersionParser {
    private static final Pattern VALUE = Pattern.compile(":\\s*(\\d+\\.\\d+\\.\\d+)(\\.\\d+)?\\s*$");

    private WslVersionParser() {
    }

    public static Version wslVersion(String text) {
        for (String line : Texts.lines(text)) {
            String l = Texts.squash(line);
            if (l.isEmpty() || l.contains(">")) {
                continue;
            }
            Matcher m = VALUE.matcher(l);
            return m.find() ? Version.leading(m.group(1)).orElse(null) : null;
        }
        return null;
    }
}
