package dev.hostvirt.configure.windows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code bcdedit /enum} output by structure only, never by its translated words
 * (windows-anchors 1.2-1.3): headings ("Windows Boot Loader", "Cargador de arranque de Windows") and
 * the identifier label ("identifier", "Identificador", "id") are localized; element names
 * ({@code description}, {@code hypervisorlaunchtype}) and their values ({@code Off}, {@code Auto}) are
 * not. A block is a paragraph whose first line holding a braced id is the identifier line.
 */
public final class BcdParser {
    /** A braced GUID, the only thing taken from bcdedit /copy's translated sentence (anchors 1.5). */
    public static final Pattern GUID = Pattern.compile("\\{[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\\}");
    private static final Pattern ID = Pattern.compile("\\{[^{}\\s]+\\}");
    static final String LAUNCH_TYPE = "hypervisorlaunchtype";

    /** One object: its identifier ({current} or a GUID) and its elements by lower-case name. */
    public record Block(String identifier, Map<String, String> elements) {
        public Optional<String> element(String name) {
            return Optional.ofNullable(elements.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private BcdParser() {
    }

    public static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        if (text == null) {
            return blocks;
        }
        String id = null;
        Map<String, String> elements = new LinkedHashMap<>();
        boolean expectId = false;
        for (String raw : text.replace("\r", "").split("\n")) {
            String line = raw.stripTrailing();
            if (line.isBlank()) {
                if (id != null) {
                    blocks.add(new Block(id, elements));
                    id = null;
                    elements = new LinkedHashMap<>();
                }
                continue;
            }
            if (line.matches("-{3,}")) {
                expectId = true;
                continue;
            }
            if (line.matches("^[A-Za-z]:\\\\.*>.*")) {
                continue; // a prompt copied with the output
            }
            if (Character.isWhitespace(raw.charAt(0))) {
                continue; // continuation of a multi-valued element (displayorder)
            }
            Matcher braced = ID.matcher(line);
            if (id == null) {
                if (braced.find() && (expectId || isIdentifierLine(line))) {
                    id = braced.group();
                }
                expectId = false;
                continue; // a heading, or the identifier line
            }
            String[] parts = line.trim().split("\\s+", 2);
            String name = parts[0].toLowerCase(Locale.ROOT);
            String value = parts.length > 1 ? parts[1].trim() : "";
            if (parts.length == 1 && name.startsWith(LAUNCH_TYPE) && name.length() > LAUNCH_TYPE.length()) {
                // Whitespace lost in a pasted copy ("hypervisorlaunchtypeOff"): the element name is known.
                value = parts[0].substring(LAUNCH_TYPE.length());
                name = LAUNCH_TYPE;
            }
            elements.putIfAbsent(name, value);
        }
        if (id != null) {
            blocks.add(new Block(id, elements));
        }
        return blocks;
    }

    /** "label  {id}": two tokens, the second braced; the label is whatever the language calls it. */
    private static boolean isIdentifierLine(String line) {
        String[] parts = line.trim().split("\\s+");
        return parts.length == 2 && parts[1].startsWith("{") && parts[1].endsWith("}");
    }

    /** Off, Auto, absent (the element is not set) or unknown (no loader block could be read). */
    public static LaunchType launchType(String enumCurrentOutput) {
        List<Block> blocks = parse(enumCurrentOutput);
        if (blocks.isEmpty()) {
            return LaunchType.UNKNOWN;
        }
        return blocks.get(0).element(LAUNCH_TYPE).map(LaunchType::of).orElse(LaunchType.ABSENT);
    }

    public static Optional<String> firstGuid(String text) {
        Matcher m = GUID.matcher(text == null ? "" : text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }
}
