package dev.hostvirt.facts.macos;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dotted version such as macOS {@code 12.5} or VirtualBox {@code 7.1.4r165100}, padded to three
 * parts ({@code 12.5} compares as {@code 12.5.0}, as Lima's osversion_darwin.go does).
 */
public record Version(int major, int minor, int patch) implements Comparable<Version> {
    private static final Pattern FIRST = Pattern.compile("(?<![\\d.])(\\d{1,6})(?!\\d)(?:\\.(\\d{1,6})(?!\\d))?(?:\\.(\\d{1,6})(?!\\d))?");

    /** The version at the start of {@code text} (after blanks and a leading 'v'), or null. */
    public static Version parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.startsWith("v") || t.startsWith("V")) {
            t = t.substring(1);
        }
        Matcher m = FIRST.matcher(t);
        return m.lookingAt() ? of(m) : null;
    }

    /** The first dotted version anywhere in a line such as "podman version 5.2.5", or null. */
    public static Version find(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = Pattern.compile("(?<![\\w.])(\\d{1,6})\\.(\\d{1,6})(?:\\.(\\d{1,6}))?").matcher(text);
        return m.find() ? of(m) : null;
    }

    private static Version of(Matcher m) {
        try {
            return new Version(Integer.parseInt(m.group(1)),
                    m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public boolean atLeast(int maj, int min) {
        return major != maj ? major > maj : minor >= min;
    }

    @Override
    public int compareTo(Version o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
