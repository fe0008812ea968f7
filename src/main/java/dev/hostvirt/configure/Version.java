package dev.hostvirt.configure;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A dotted version as far as hostvirt compares them (kernel 6.12.9-amd64, VirtualBox 7.2.10r169000). */
public record Version(int major, int minor, int patch) implements Comparable<Version> {
    private static final Pattern LEADING = Pattern.compile("^\\s*(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,6}))?");

    /** The leading numbers of {@code text}; empty when it does not start with one (never throws). */
    public static Optional<Version> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = LEADING.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
    }

    public static Version of(int major, int minor, int patch) {
        return new Version(major, minor, patch);
    }

    @Override
    public int compareTo(Version o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    public boolean atLeast(Version o) {
        return compareTo(o) >= 0;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
