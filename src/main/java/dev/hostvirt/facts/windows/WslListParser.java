package dev.hostvirt.facts.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code wsl --list --verbose}. On every display language the column headers (NAME STATE
 * VERSION) and the states (Running, Stopped) stay English (Spanish transcript in
 * samples/windows/wsl-list-verbose-es.txt), so rows are read under that header by splitting on runs
 * of whitespace (pastes collapse the padding) with a leading '*' marking the default. With no
 * distributions wsl prints translated sentences; the language-neutral error token, or the sentence in
 * a language we know, says "none"; anything else is unknown (null).
 */
public final class WslListParser {
    private static final List<String> NO_DISTROS = List.of("WSL_E_DEFAULT_DISTRO_NOT_FOUND",
            "has no installed distributions", "no tiene distribuciones instaladas",
            "keine installierten distributionen", "aucune distribution installée", "não tem distribuições instaladas",
            "não possui distribuições instaladas");

    private WslListParser() {
    }

    /** The distributions, an empty list when there are none, or null when the text does not say. */
    public static List<WslDistro> parse(String text) {
        List<String> lines = Texts.lines(text);
        for (int i = 0; i < lines.size(); i++) {
            String[] header = Texts.squash(lines.get(i)).split("\\s+");
            if (header.length == 3 && header[0].equals("NAME") && header[1].equals("STATE")
                    && header[2].equals("VERSION")) {
                return rows(lines.subList(i + 1, lines.size()));
            }
        }
        String lower = String.join(" ", lines).toLowerCase(Locale.ROOT);
        for (String marker : NO_DISTROS) {
            if (lower.contains(marker.toLowerCase(Locale.ROOT))) {
                return List.of();
            }
        }
        return null;
    }

    private static List<WslDistro> rows(List<String> lines) {
        List<WslDistro> out = new ArrayList<>();
        for (String line : lines) {
            String l = Texts.squash(line);
            if (l.isEmpty()) {
                break;
            }
            boolean isDefault = l.startsWith("*");
            String[] cols = (isDefault ? l.substring(1).strip() : l).split("\\s+");
            if (cols.length != 3 || !cols[2].matches("[12]")) {
                // A prompt line or the next command: the table has ended.
                break;
            }
            out.add(new WslDistro(cols[0], cols[1], Integer.parseInt(cols[2]), isDefault));
        }
        return out;
    }
}
