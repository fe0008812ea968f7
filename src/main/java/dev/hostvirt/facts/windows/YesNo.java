package dev.hostvirt.facts.windows;

import java.util.Locale;
import java.util.Set;

/**
 * The yes/no answers Windows tools print, in the display languages we support. Text fallbacks only:
 * language-neutral sources (WMI, registry) are read first. "N/D"/"N/A" and anything else is unknown.
 */
final class YesNo {
    // en, es, de, fr, pt; Russian "Да/Нет" appears only in third-party fixtures (windows-anchors.md 1.2).
    private static final Set<String> YES = Set.of("yes", "sí", "si", "ja", "oui", "sim", "да");
    private static final Set<String> NO = Set.of("no", "nein", "non", "não", "nao", "нет");

    private YesNo() {
    }

    /** TRUE, FALSE, or null when the word is not a plain yes or no. */
    static Boolean parse(String word) {
        if (word == null) {
            return null;
        }
        String w = Texts.squash(word).toLowerCase(Locale.ROOT);
        while (w.endsWith(".")) {
            w = w.substring(0, w.length() - 1);
        }
        if (YES.contains(w)) {
            return Boolean.TRUE;
        }
        return NO.contains(w) ? Boolean.FALSE : null;
    }
}
