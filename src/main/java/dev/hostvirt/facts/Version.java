package dev.hostvirt.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dotted numeric version (7.0.14, 6.12, 1.1.5), compared part by part, missing parts as zero.
 * {@code text} keeps what the tool printed, for display.
 */
public record Version(List<Integer> parts, String text) implements Comparable<Version> {
    private static final Pattern FIRST = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    public Version {
        parts = List.copyOf(parts);
    }

    /** The first dotted version in some text, e.g. "runc version 1.1.5+ds1" gives 1.1.5. */
    public static Optional<Version> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FIRST.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        List<Integer> parts = new ArrayList<>();
        for (int g = 1; g <= 4 && m.group(g) != null; g++) {
            try {
                parts.add(Integer.parseInt(m.group(g)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new Version(parts, m.group()));
    }

    public static Version of(int... parts) {
        List<Integer> list = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int p : parts) {
            list.add(p);
            sb.append(sb.length() == 0 ? "" : ".").append(p);
        }
        return new Version(list, sb.toString());
    }

    public int part(int index) {
        return index < parts.size() ? parts.get(index) : 0;
    }

    public boolean atLeast(int... other) {
        return compareTo(Version.of(other)) >= 0;
    }

    public boolean below(int... other) {
        return compareTo(Version.of(other)) < 0;
    }

    @Override
    public int compareTo(Version o) {
        int n = Math.max(parts.size(), o.parts.size());
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(part(i), o.part(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
