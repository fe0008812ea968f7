package dev.hostvirt.facts.macos;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code sw_vers}: three {@code Key:<tabs or spaces>value} lines. The keys are fixed
 * identifiers that sw_vers prints in every display language. Missing parts are null.
 */
public record SwVers(String productName, String productVersion, String buildVersion) {
    private static final Pattern LINE = Pattern.compile("^\\s*(ProductName|ProductVersion|BuildVersion):\\s*(.*?)\\s*$");

    public static SwVers parse(String text) {
        String name = null;
        String version = null;
        String build = null;
        if (text != null) {
            for (String raw : text.split("\r?\n")) {
                Matcher m = LINE.matcher(raw);
                if (!m.matches() || m.group(2).isEmpty()) {
                    continue;
                }
                switch (m.group(1)) {
                    case "ProductName" -> name = m.group(2);
                    case "ProductVersion" -> version = m.group(2);
                    default -> build = m.group(2);
                }
            }
        }
        return new SwVers(name, version, build);
    }
}
