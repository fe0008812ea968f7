package dev.hostvirt.facts.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code systeminfo} output in any display language. Labels are translated ("Hyper-V
 * Requirements", "Requisitos Hyper-V", "Configuration requise pour Hyper-V"), so the Hyper-V block is
 * found by the one word every language keeps ("Hyper-V" in the label) and read by structure: the
 * first answer on the label's line, the others on indented lines below. Answers are identified by a
 * keyword when one is known for the language, else by position, and by position only in a complete
 * four-line block; a filtered or cut paste gives fewer answers, never shifted ones.
 */
public final class SysteminfoParser {
    private static final Pattern HYPERVISOR_WORD = Pattern.compile("h[iy]perv", Pattern.CASE_INSENSITIVE);
    private static final Pattern DOTTED_VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)(\\s|$)");
    private static final Pattern SYSTEM_TYPE = Pattern.compile("^(x64|x86|arm64|arm)-based pc$", Pattern.CASE_INSENSITIVE);
    private static final String[][] KEYWORDS = {
        {"monitor", "überwachungsmodus", "moniteur"},
        {"firmware", "microprogramme", "microprograma"},
        {"second level", "segundo nivel", "second niveau", "zweiten ebene", "segundo nível"},
        {"data execution", "ejecución de datos", "exécution des données", "datenausführung", "execução de dados"},
    };

    private SysteminfoParser() {
    }

    public static HyperVRequirements hyperV(String text) {
        List<String> lines = Texts.lines(text);
        for (int i = 0; i < lines.size(); i++) {
            String line = Texts.squash(lines.get(i));
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).toLowerCase(Locale.ROOT).contains("hyper-v")) {
                continue;
            }
            List<String> entries = new ArrayList<>();
            String rest = Texts.squash(line.substring(colon + 1));
            if (!rest.isEmpty()) {
                entries.add(rest);
            }
            for (int j = i + 1; j < lines.size() && Texts.indented(lines.get(j)) && !Texts.blank(lines.get(j)); j++) {
                entries.add(Texts.squash(lines.get(j)));
            }
            return read(entries);
        }
        return HyperVRequirements.UNKNOWN;
    }

    private static HyperVRequirements read(List<String> entries) {
        if (entries.size() == 1 && entries.get(0).indexOf(':') < 0) {
            // "A hypervisor has been detected. Features required for Hyper-V will not be displayed."
            return HYPERVISOR_WORD.matcher(entries.get(0)).find()
                    ? new HyperVRequirements(null, null, null, null, Boolean.TRUE)
                    : HyperVRequirements.UNKNOWN;
        }
        Boolean[] answers = new Boolean[4];
        boolean complete = entries.size() == 4;
        for (int k = 0; k < entries.size(); k++) {
            String entry = entries.get(k);
            int colon = entry.lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            Boolean answer = YesNo.parse(entry.substring(colon + 1));
            int slot = slotByKeyword(entry.substring(0, colon));
            if (slot < 0 && complete) {
                slot = k;
            }
            if (slot >= 0 && answers[slot] == null) {
                answers[slot] = answer;
            }
        }
        if (answers[0] == null && answers[1] == null && answers[2] == null && answers[3] == null) {
            return HyperVRequirements.UNKNOWN;
        }
        return new HyperVRequirements(answers[0], answers[1], answers[2], answers[3], Boolean.FALSE);
    }

    private static int slotByKeyword(String label) {
        String l = label.toLowerCase(Locale.ROOT);
        for (int slot = 0; slot < KEYWORDS.length; slot++) {
            for (String k : KEYWORDS[slot]) {
                if (l.contains(k)) {
                    return slot;
                }
            }
        }
        return -1;
    }

    /** The build from the OS version line ("10.0.19045 N/A Build 19045", "6.3.9600 N/D Compilación 9600"). */
    public static Integer build(String text) {
        for (String line : Texts.lines(text)) {
            String value = valueOf(line);
            Matcher m = DOTTED_VERSION.matcher(value);
            if (m.find()) {
                try {
                    return Integer.parseInt(m.group(3));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * Windows' own architecture from the "System Type" line: its value ("x64-based PC", "X86-based
     * PC", "ARM64-based PC") stays English whatever the display language ("Tipo de sistema:
     * x64-based PC"), and names the installed Windows, not the CPU: a 32-bit install on a 64-bit CPU
     * says X86.
     */
    public static String windowsArch(String text) {
        for (String line : Texts.lines(text)) {
            Matcher m = SYSTEM_TYPE.matcher(valueOf(line));
            if (m.matches()) {
                return switch (m.group(1).toLowerCase(Locale.ROOT)) {
                    case "x64" -> "amd64";
                    case "arm64" -> "arm64";
                    case "arm" -> "arm";
                    default -> "x86";
                };
            }
        }
        return null;
    }

    /** The OS name as shown ("Microsoft Windows 10 Pro"); edition words are product names, not translated. */
    public static String osName(String text) {
        for (String line : Texts.lines(text)) {
            String value = valueOf(line);
            if (value.startsWith("Microsoft Windows")) {
                return value;
            }
        }
        return null;
    }

    /** "intel" or "amd" from the CPUID vendor string systeminfo prints in the processor line. */
    public static String cpuVendor(String text) {
        String t = text == null ? "" : text;
        if (t.contains("GenuineIntel")) {
            return "intel";
        }
        return t.contains("AuthenticAMD") ? "amd" : null;
    }

    /** The outer hypervisor when the system manufacturer/model values name one (values are not translated). */
    public static String virtualMachineVendor(String text) {
        for (String line : Texts.lines(text)) {
            String value = valueOf(line);
            String vendor = VirtualMachines.vendorOf("", value);
            if (vendor == null) {
                vendor = VirtualMachines.vendorOf(value, "");
            }
            if (vendor != null) {
                return vendor;
            }
        }
        return null;
    }

    private static String valueOf(String line) {
        String l = Texts.squash(line);
        int colon = l.indexOf(':');
        return colon < 0 ? "" : Texts.squash(l.substring(colon + 1));
    }
}
