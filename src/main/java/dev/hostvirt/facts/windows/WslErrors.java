package dev.hostvirt.facts.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The language-neutral error codes in wsl.exe output: HRESULTs (0x80370102: the virtual machine
 * platform or firmware virtualization is missing, microsoft/WSL#8649) and Wsl/.../WSL_E_* or HCS_E_*
 * tokens (docker/for-win#14465).
 */
public final class WslErrors {
    private static final Pattern CODE = Pattern.compile("\\b(0x8[0-9a-fA-F]{7}|(?:WSL|HCS)_E_[A-Z0-9_]+)\\b");

    private WslErrors() {
    }

    public static List<String> codes(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(String.join("\n", Texts.lines(text)));
        while (m.find()) {
            String code = m.group(1).startsWith("0x") ? m.group(1).toLowerCase(Locale.ROOT) : m.group(1);
            if (!out.contains(code)) {
                out.add(code);
            }
        }
        return out;
    }
}
