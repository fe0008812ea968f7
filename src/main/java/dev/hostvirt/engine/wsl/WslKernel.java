package dev.hostvirt.engine.wsl;

import dev.hostvirt.facts.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WSL kernel version, read by position and shape, never by label (labels are translated:
 * "Kernel version:", "Versión de kernel:", "Kernelversion:"). Store WSL's {@code wsl --version}
 * prints the WSL version on line 1 and the kernel on line 2 (samples wsl-version-en/es); the
 * inbox/early {@code wsl --status} printed "Kernel version: 5.10.102.1" (three or four dotted parts) as its
 * only value of that shape (sample wsl-status-en-2022-with-kernel). Unknown is null.
 */
public final class WslKernel {
    /** Below this the engine is not supported; see docs/wsl.md for why 5.10. */
    public static final Version MINIMUM = Version.of(5, 10, 16);

    private static final Pattern VALUE = Pattern.compile("[:：]\\s*(\\d+\\.\\d+\\.\\d+(?:\\.\\d+)?(?:[-+.][\\w.+-]*)?)\\s*$");
    private static final Pattern FOUR_PARTS = Pattern.compile("[:：]\\s*(\\d+\\.\\d+\\.\\d+(?:\\.\\d+)?)\\s*$");

    private WslKernel() {
    }

    /** From {@code wsl --version}: the value on the second version line. */
    public static Version fromVersionOutput(String text) {
        List<String> values = new ArrayList<>();
        for (String line : lines(text)) {
            Matcher m = VALUE.matcher(line);
            if (m.find()) {
                values.add(m.group(1));
            }
        }
        return values.size() >= 2 ? Version.leading(values.get(1)).orElse(null) : null;
    }

    /** From the old {@code wsl --status}: the one value of three or four dotted parts. */
    public static Version fromStatusOutput(String text) {
        for (String line : lines(text)) {
            Matcher m = FOUR_PARTS.matcher(line);
            if (m.find()) {
                return Version.leading(m.group(1)).orElse(null);
            }
        }
        return null;
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String l : text.replace("\u0000", "").replace("\uFEFF", "").split("\r\n|\r|\n")) {
            String s = l.replace('\u00A0', ' ').strip();
            // Transcript prompt lines ("PS C:\> wsl --version") are not output.
            if (!s.isEmpty() && !s.contains(">")) {
                out.add(s);
            }
        }
        return out;
    }
}
