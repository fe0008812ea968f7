package dev.hostvirt.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dotted numeric version (7.0.14, 6.12, 1.1.5), compared part by part, missing parts as zero.
 * {@code text} keeps what the tool printed, for display; {@link #padded()} is the three-part form the
 * Windows and macOS reports show.
 *
 * <p>The parsers answer {@code Optional} (empty = no version there), so that every way of reading a
 * version on this one type answers the same way; the per-tool parsers built on them keep null where a
 * {@link Fact}'s value (null = unknown) is what they feed. They differ in what they accept, on purpose:
 * each was written for one tool's output, and the differences are what keep build numbers and dates
 * from being read as versions.
 */
public record Version(List<Integer> parts, String text) implements Comparable<Version> {
    /** Linux tools: two to four parts anywhere, no boundaries ("runc version 1.1.5+ds1", "6.18.44-fc-v669"). */
    private static final Pattern FIRST = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");
    /**
     * Windows product versions (registry Version/ProductVersion, VBoxManage, wsl): anchored at the
     * start, two or three parts, anything may follow ("7.0.6r155176", "6.1.38_Ubuntur153438",
     * "15.5.7 build-..."). A major or minor of seven digits or more is refused (99999999999.1 is no
     * version); the patch is cut at nine digits, which always fits an int. Nothing bounds its end.
     */
    private static final Pattern LEADING = Pattern.compile("^\\s*((\\d{1,6})\\.(\\d{1,6})(?:\\.(\\d{1,9}))?)");
    /**
     * macOS (sw_vers, sysctl, VBoxManage): one to three parts, each a whole number of at most six
     * digits ((?!\d)), so "12" is a version, while a longer number (a build number, 20240105) is never
     * cut down into one; a part that is too long ends the version before it ("12.1234567" is 12). A
     * dash-separated date at the start reads as its year ("2024-01-05" is 2024): only version fields
     * are handed to it.
     */
    private static final Pattern AT_START = Pattern.compile(
            "(?<![\\d.])(\\d{1,6})(?!\\d)(?:\\.(\\d{1,6})(?!\\d))?(?:\\.(\\d{1,6})(?!\\d))?");
    /**
     * macOS engines' "X version 5.2.5" lines: two or three parts, not glued to a letter, digit, '_'
     * or dot before it, so "rc1.2" or the tail of a longer number is not read as a version. Nothing
     * bounds its end ("27.3.1," is 27.3.1).
     */
    private static final Pattern BOUNDED = Pattern.compile("(?<![\\w.])(\\d{1,6})\\.(\\d{1,6})(?:\\.(\\d{1,6}))?");

    public Version {
        parts = List.copyOf(parts);
    }

    /** The first dotted version in some text, e.g. "runc version 1.1.5+ds1" gives 1.1.5. */
    public static Optional<Version> find(String text) {
        return firstMatch(FIRST, text, 0, 4);
    }

    /**
     * The version at the very start of {@code s} (after ASCII blanks): two or three parts, whatever
     * is glued after ("7.0.6r155176" gives 7.0.6). No leading 'v', no single number.
     */
    public static Optional<Version> leading(String s) {
        return firstMatch(LEADING, s, 1, 3);
    }

    /**
     * The version at the start of {@code text} after blanks ({@link String#strip()}) and one leading
     * 'v' or 'V': one to three whole-number parts ("12" is 12, "v5.2.5", "7.1.4r165100" gives 7.1.4).
     */
    public static Optional<Version> atStart(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        if (t.startsWith("v") || t.startsWith("V")) {
            t = t.substring(1);
        }
        Matcher m = AT_START.matcher(t);
        return m.lookingAt() ? of(m, 1, 3, m.group()) : Optional.empty();
    }

    /** The first two- or three-part version that starts a word, e.g. "podman version 5.2.5". */
    public static Optional<Version> findBounded(String text) {
        return firstMatch(BOUNDED, text, 0, 3);
    }

    /** The first match of {@code pattern}: its text is group {@code textGroup}, its parts the groups after it. */
    private static Optional<Version> firstMatch(Pattern pattern, String text, int textGroup, int count) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(text);
        return m.find() ? of(m, textGroup + 1, count, m.group(textGroup)) : Optional.empty();
    }

    /** Groups {@code first..first+count-1} of a match, up to the first that did not take part. */
    private static Optional<Version> of(Matcher m, int first, int count, String text) {
        List<Integer> parts = new ArrayList<>();
        for (int g = first; g < first + count && m.group(g) != null; g++) {
            try {
                parts.add(Integer.parseInt(m.group(g)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new Version(parts, text));
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

    /**
     * major.minor.patch as numbers, missing parts as zero ("12" shows 12.0.0, "7.010" shows 7.10.0):
     * what the Windows and macOS reports have always shown, whatever the tool printed.
     */
    public String padded() {
        return part(0) + "." + part(1) + "." + part(2);
    }

    public boolean atLeast(int... other) {
        return compareTo(Version.of(other)) >= 0;
    }

    public boolean atLeast(Version other) {
        return compareTo(other) >= 0;
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
