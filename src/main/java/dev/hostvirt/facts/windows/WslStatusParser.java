package dev.hostvirt.facts.windows;

import java.util.List;
import java.util.Locale;

/**
 * Reads {@code wsl --status}: its labels are translated ("Default Version: 2", "Versión
 * predeterminada: 2") but the default version is the only "label: value" line whose whole value is 1
 * or 2, so it is found by shape. "Not installed" is said only in sentences (exit code 50 reported on
 * Spanish Windows, not verified): recognised in the languages we know, else unknown.
 */
public final class WslStatusParser {
    private static final List<String> NOT_INSTALLED = List.of("is not installed", "no está instalado",
            "ist nicht installiert", "n'est pas installé", "não está instalado", "WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED");

    private WslStatusParser() {
    }

    public static WslStatus parse(String text) {
        List<String> lines = Texts.lines(text);
        for (String line : lines) {
            String l = Texts.squash(line);
            int colon = l.lastIndexOf(':');
            if (colon > 0 && !l.contains(">")) {
                String value = Texts.squash(l.substring(colon + 1));
                if (value.equals("1") || value.equals("2")) {
                    return new WslStatus(Integer.parseInt(value), Boolean.TRUE);
                }
            }
        }
        String lower = String.join(" ", lines).toLowerCase(Locale.ROOT);
        for (String marker : NOT_INSTALLED) {
            if (lower.contains(marker.toLowerCase(Locale.ROOT))) {
                return new WslStatus(null, Boolean.FALSE);
            }
        }
        return WslStatus.UNKNOWN;
    }
}
