package dev.hostvirt.i18n;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every sentence hostvirt shows comes from {@code i18n/<area>_<lang>.properties}, where area is
 * the key's first dotted segment ({@code linux.kvm.device.title} lives in {@code i18n/linux}).
 * Bundles load on first use so that a Linux check never reads the Windows texts.
 *
 * <p>Placeholders are {@code {0}}, {@code {1}}, ... replaced literally: we avoid MessageFormat
 * because its quote rules silently eat apostrophes in English and Spanish prose.
 */
public final class Messages {
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final Locale SPANISH = Locale.forLanguageTag("es");

    private final Locale locale;
    private final Map<String, ResourceBundle> bundles = new HashMap<>();

    private Messages(Locale locale) {
        this.locale = locale;
    }

    /** English unless the language is Spanish: the two languages we ship. */
    public static Messages forLocale(Locale locale) {
        return new Messages("es".equals(locale.getLanguage()) ? SPANISH : ENGLISH);
    }

    /** {@code es}, {@code es-ES} or {@code es_ES} alike (forLanguageTag reads the last as no language). */
    public static Messages forLanguage(String language) {
        return forLocale(Locale.forLanguageTag(language.replace('_', '-')));
    }

    public Locale locale() {
        return locale;
    }

    public String get(String key, Object... args) {
        return format(lookup(key), args);
    }

    public String render(Text text) {
        return get(text.key(), text.args().toArray());
    }

    public boolean has(String key) {
        try {
            bundle(key).getString(key);
            return true;
        } catch (MissingResourceException e) {
            return false;
        }
    }

    private String lookup(String key) {
        try {
            return bundle(key).getString(key);
        } catch (MissingResourceException e) {
            // A missing key is a bug caught by MessagesTest; show the key rather than crash.
            return key;
        }
    }

    private ResourceBundle bundle(String key) {
        int dot = key.indexOf('.');
        String area = dot < 0 ? key : key.substring(0, dot);
        return bundles.computeIfAbsent(area, a -> ResourceBundle.getBundle("i18n/" + a, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
    }

    private String format(String pattern, Object[] args) {
        if (args.length == 0 || pattern.indexOf('{') < 0) {
            return pattern;
        }
        StringBuilder out = new StringBuilder(pattern.length() + 32);
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            int close = c == '{' ? pattern.indexOf('}', i) : -1;
            if (close > i + 1 && isIndex(pattern, i + 1, close)) {
                int index = Integer.parseInt(pattern.substring(i + 1, close));
                out.append(index < args.length ? display(args[index]) : pattern.substring(i, close + 1));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isIndex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return to - from <= 2;
    }

    private String display(Object arg) {
        return arg instanceof Text t ? render(t) : String.valueOf(arg);
    }
}
