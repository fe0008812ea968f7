package dev.hostvirt.report.progress;

import java.util.Locale;

/** Byte counts and durations as docker's progress shows them (decimal units: kB, MB, GB). */
final class Sizes {
    private Sizes() {
    }

    static String bytes(long n) {
        if (n < 1000) {
            return n + "B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f%s", v, units[u]);
    }

    static String seconds(double s) {
        if (s < 60) {
            return String.format(Locale.ROOT, "%.0fs", Math.max(s, 0));
        }
        long total = Math.round(s);
        return total / 3600 > 0 ? String.format(Locale.ROOT, "%dh%02dm", total / 3600, total / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", total / 60, total % 60);
    }

    /** The 12-hex short id docker shows for a layer. */
    static String shortId(dev.hostvirt.engine.store.Digest d) {
        return d.hex().substring(0, 12);
    }
}
