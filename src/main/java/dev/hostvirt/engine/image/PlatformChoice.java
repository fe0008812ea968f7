package dev.hostvirt.engine.image;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which entry of an image index an import takes for a platform, at the top of a layout and in a
 * nested index alike. image-spec's image-index.md makes {@code platform} optional: an entry without
 * one is a candidate, taken when nothing matches the platform and it is the only such entry (podman
 * loads those). Of the entries that match, the best variant wins ({@link Platform#rank}). A nested index whose one manifest had no platform was refused, with an empty list
 * of platforms. Entries of {@code unknown/unknown} (BuildKit attestations) are never taken.
 */
final class PlatformChoice {
    private PlatformChoice() {
    }

    /** Whether an entry names a platform at all. */
    static boolean hasPlatform(Descriptor d) {
        return d.platform() != null && !d.platform().os().isEmpty();
    }

    static Descriptor pick(List<Descriptor> entries, Platform wanted) {
        List<Descriptor> unplatformed = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Descriptor best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Descriptor d : entries) {
            if (!hasPlatform(d)) {
                unplatformed.add(d);
                continue;
            }
            Platform p = d.platform();
            if ("unknown".equals(p.os())) {
                continue;
            }
            seen.add(p.toString());
            int rank = wanted.rank(p);
            if (rank >= 0 && rank < bestRank) {
                best = d;
                bestRank = rank;
            }
        }
        if (best != null) {
            return best;
        }
        if (unplatformed.size() == 1) {
            return unplatformed.get(0);
        }
        if (unplatformed.size() > 1) {
            throw new HostvirtException(Text.of("engine.error.import.platformAmbiguous", unplatformed.size(), wanted), 125);
        }
        throw new HostvirtException(Text.of("engine.error.import.noPlatform", wanted, String.join(", ", seen)), 125);
    }
}
