package dev.hostvirt.engine.wsl;

/**
 * Orders hostvirt versions ("0.1.0", "0.2.0-SNAPSHOT", "dev") numerically part by part; a
 * pre-release suffix sorts before the release; "dev" (run from classes) sorts after everything, so
 * a developer build always upgrades the distro.
 */
final class VersionOrder {
    private VersionOrder() {
    }

    static int compare(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        if (a.equals("dev") || b.equals("dev")) {
            return a.equals("dev") ? 1 : -1;
        }
        String[] pa = a.split("-", 2);
        String[] pb = b.split("-", 2);
        String[] na = pa[0].split("\\.");
        String[] nb = pb[0].split("\\.");
        for (int i = 0; i < Math.max(na.length, nb.length); i++) {
            long x = i < na.length ? number(na[i]) : 0;
            long y = i < nb.length ? number(nb[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        if (pa.length != pb.length) {
            return pa.length == 1 ? 1 : -1;
        }
        return pa.length == 1 ? 0 : pa[1].compareTo(pb[1]);
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s.replaceAll("\\D.*", "").isEmpty() ? "0" : s.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
