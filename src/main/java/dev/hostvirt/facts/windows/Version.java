package dev.hostvirt.facts.windows;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A dotted product version (major.minor.patch), compared numerically; shown as written. */
public record Version(int major, int minor, int patch) implements Comparable<Version> {
    private static final Pattern LEADING = Pattern.compile("^\\s*(\\d{1,6})\\.(\\d{1,6})(?:\\.(\\d{1,9}))?");

    public static Version of(int major, int minor, int patch) {
        return new Version(major, minor, patch);
    }

    /** The version at the start of {@code s} ("7.0.6r155176", "6.1.38_Ubuntur153438", "15.5.7 build-..."), or null. */
    public static Version leading(String s) {
        if (s == null) {
            return null;
        }
        Matcher m = LEADING.matcher(s);
        if (!m.find()) {
            return null;
        }
        try {
            return new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public boolean atLeast(Version other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(Version o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c == 0 ? Integer.compare(patch, o.patch) : c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
