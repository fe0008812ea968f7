package dev.hostvirt.facts.linux;

import java.util.ArrayList;
import java.util.List;

/**
 * The directives of modprobe.d(5) files that decide whether KVM loads and how: {@code options},
 * {@code blacklist} and {@code install}, each with the file it came from, so a fix can name it.
 */
public final class ModprobeConfig {
    public record Directive(String kind, String module, String argument, String file) {
    }

    private ModprobeConfig() {
    }

    public static List<Directive> parse(String text, String file) {
        List<Directive> out = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        for (String raw : text.split("\n")) {
            // A trailing backslash continues the line (modprobe.d(5)).
            if (raw.endsWith("\\")) {
                logical.append(raw, 0, raw.length() - 1).append(' ');
                continue;
            }
            logical.append(raw);
            String line = logical.toString().trim();
            logical.setLength(0);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split("\\s+", 3);
            if (w.length < 2) {
                continue;
            }
            String kind = w[0];
            if (kind.equals("options") || kind.equals("blacklist") || kind.equals("install")) {
                out.add(new Directive(kind, normalize(w[1]), w.length > 2 ? w[2] : "", file));
            }
        }
        return out;
    }

    /** modprobe treats - and _ in module names alike. */
    public static String normalize(String module) {
        return module.replace('-', '_');
    }
}
