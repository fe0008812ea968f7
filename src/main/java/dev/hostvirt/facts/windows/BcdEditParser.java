package dev.hostvirt.facts.windows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code bcdedit /enum {current}} (or a whole {@code bcdedit} paste) by structure, in any
 * display language (windows-anchors.md 1.2-1.3): headings and the identifier label are translated
 * ("identifier", "Identificador", "id", "标识符"), element names and values are not. A block is a
 * heading, a line of dashes, then "name value" lines whose first one is the identifier; the padding
 * between name and value may be lost in a paste ("nxOptIn"), so the element is matched as a prefix.
 *
 * <p>"Absent" is only concluded from a complete block (dashed underline present): a paste of
 * selected lines gives UNKNOWN, never ABSENT.
 */
public final class BcdEditParser {
    static final String CURRENT_GUID = "{fa926493-6f1c-4193-a414-58f0b2456d1e}";
    private static final Pattern IDENTIFIER = Pattern.compile("^\\S.*?\\s*(\\{[^}\\s]+\\})\\s*$");
    private static final Pattern LAUNCH_TYPE = Pattern.compile("^hypervisorlaunchtype\\s*(\\S+)\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LOADER_PATH = Pattern.compile("^path\\s*\\S*\\\\winload\\.(exe|efi)\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PROMPT = Pattern.compile("^(PS )?[A-Za-z]:\\\\.*>");
    // ERROR_ACCESS_DENIED as Windows prints it (en, es, de, fr, pt-BR/pt-PT, ru, zh-CN).
    private static final List<String> ACCESS_DENIED = List.of("access is denied", "acceso denegado",
            "zugriff verweigert", "accès refusé", "acesso negado", "o acesso foi negado", "доступ запрещен",
            "拒绝访问");

    private BcdEditParser() {
    }

    public static BcdCurrent parse(String text) {
        List<String> lines = Texts.lines(text);
        List<Block> blocks = dashedBlocks(lines);
        for (Block b : blocks) {
            if (b.isCurrent()) {
                return new BcdCurrent(b.launchType(), false);
            }
        }
        LaunchType loose = looseCurrent(lines);
        if (loose != null) {
            return new BcdCurrent(loose, false);
        }
        // "bcdedit /enum /v" names no entry {current}; when every loader agrees the answer does not
        // depend on which one we booted.
        LaunchType agreed = null;
        for (Block b : blocks) {
            if (b.isLoader()) {
                LaunchType t = b.launchType();
                if (agreed != null && agreed != t) {
                    return BcdCurrent.UNKNOWN;
                }
                agreed = t;
            }
        }
        if (agreed != null) {
            return new BcdCurrent(agreed, false);
        }
        if (blocks.isEmpty() && deniesAccess(text)) {
            return BcdCurrent.DENIED;
        }
        return BcdCurrent.UNKNOWN;
    }

    /**
     * Every object of a listing ({@code bcdedit /enum osloader /v}, {@code /enum {current} /v}) that
     * has a dashed heading and an identifier line; what `switch --boot-entry` needs to find its copies
     * and to read a step back. Indented lines continue a multi-valued element (displayorder) and are skipped.
     */
    public static List<BcdEntry> entries(String text) {
        List<BcdEntry> out = new ArrayList<>();
        for (Block b : dashedBlocks(Texts.lines(text))) {
            String id = b.entries().isEmpty() ? null : identifierOf(b.entries().get(0));
            if (id == null) {
                continue;
            }
            Map<String, String> elements = new LinkedHashMap<>();
            for (String line : b.entries().subList(1, b.entries().size())) {
                if (Texts.indented(line)) {
                    continue;
                }
                String[] parts = Texts.squash(line).split("\\s+", 2);
                String name = parts[0].toLowerCase(Locale.ROOT);
                String value = parts.length > 1 ? parts[1].strip() : "";
                Matcher lt = LAUNCH_TYPE.matcher(Texts.squash(line));
                if (parts.length == 1 && lt.find()) {
                    // Padding lost in a paste ("hypervisorlaunchtypeOff"): the element name is known.
                    name = BcdEntry.LAUNCH_TYPE;
                    value = lt.group(1);
                }
                elements.putIfAbsent(name, value);
            }
            out.add(new BcdEntry(id, elements));
        }
        return out;
    }

    static boolean deniesAccess(String text) {
        String t = String.join(" ", Texts.lines(text)).toLowerCase(Locale.ROOT);
        return ACCESS_DENIED.stream().anyMatch(t::contains);
    }

    private static List<Block> dashedBlocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!isDashes(lines.get(i)) || Texts.blank(lines.get(i - 1))) {
                continue;
            }
            List<String> entries = new ArrayList<>();
            for (int j = i + 1; j < lines.size(); j++) {
                String line = lines.get(j);
                boolean nextHeading = j + 1 < lines.size() && isDashes(lines.get(j + 1));
                if (Texts.blank(line) || nextHeading || PROMPT.matcher(line).find()) {
                    break;
                }
                entries.add(line);
            }
            blocks.add(new Block(entries));
        }
        return blocks;
    }

    /** A {current} identifier outside a dashed block: a partial paste. Only a present element counts. */
    private static LaunchType looseCurrent(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (!isCurrentId(identifierOf(lines.get(i)))) {
                continue;
            }
            for (int j = i + 1; j < lines.size() && !Texts.blank(lines.get(j)); j++) {
                Matcher m = LAUNCH_TYPE.matcher(Texts.squash(lines.get(j)));
                if (m.find()) {
                    return LaunchType.ofWord(m.group(1));
                }
            }
            return LaunchType.UNKNOWN;
        }
        return null;
    }

    private static boolean isDashes(String line) {
        String s = Texts.squash(line);
        return s.length() >= 3 && s.chars().allMatch(c -> c == '-');
    }

    private static String identifierOf(String line) {
        Matcher m = IDENTIFIER.matcher(Texts.squash(line));
        return m.find() ? m.group(1) : null;
    }

    private static boolean isCurrentId(String id) {
        return id != null && (id.equalsIgnoreCase("{current}") || id.equalsIgnoreCase(CURRENT_GUID));
    }

    private record Block(List<String> entries) {
        boolean isCurrent() {
            return !entries.isEmpty() && isCurrentId(identifierOf(entries.get(0)));
        }

        boolean isLoader() {
            return entries.stream().anyMatch(e -> LOADER_PATH.matcher(Texts.squash(e)).find());
        }

        LaunchType launchType() {
            for (String e : entries) {
                Matcher m = LAUNCH_TYPE.matcher(Texts.squash(e));
                if (m.find()) {
                    return LaunchType.ofWord(m.group(1));
                }
            }
            return LaunchType.ABSENT;
        }
    }
}
