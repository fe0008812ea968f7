package dev.hostvirt.cli;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The language and output encoding a POSIX user asked for, read from the environment variables the C
 * library and gettext read, in their order. The JVM asks setlocale(3) instead, which fails for a
 * locale that is named but not installed (es_ES.UTF-8 on a minimal Debian, in WSL or a container):
 * it then answers English and ASCII, so {@code LANG=es_ES.UTF-8} gave English texts and
 * {@code --lang es} printed "m?quina". (gettext itself would give English there: hostvirt gives what
 * was asked for.) On Windows the console's code page and the user's locale are the system's, and
 * LANG (which Git Bash sets) says nothing about the console: there the JVM's answers stand.
 */
final class EnvironmentLocale {
    /** The languages hostvirt has texts in. */
    private static final Set<String> SHIPPED = Set.of("en", "es");

    private EnvironmentLocale() {
    }

    /**
     * The messages' language: GNU's LANGUAGE list first (unless the locale is C), then LC_ALL,
     * LC_MESSAGES and LANG, the first one set winning; {@code jvm} when none names a language.
     */
    static Locale messages(Map<String, String> env, Locale jvm) {
        String locale = first(env, "LC_ALL", "LC_MESSAGES", "LANG");
        if (locale == null || isPortable(locale)) {
            return jvm;
        }
        String list = env.get("LANGUAGE");
        if (list != null) {
            // gettext's priority list: the first language hostvirt has texts in.
            for (String entry : list.split(":")) {
                String language = language(entry);
                if (language != null && SHIPPED.contains(language)) {
                    return Locale.forLanguageTag(language);
                }
            }
        }
        String language = language(locale);
        return language == null ? jvm : Locale.forLanguageTag(language);
    }

    /**
     * UTF-8 where the JVM chose ASCII (the POSIX locale, or one it could not load), which can show no
     * accent and of which UTF-8 is a superset, byte for byte (JSON, too, is UTF-8); also when LC_ALL,
     * LC_CTYPE or LANG (the first set) names UTF-8 ("es_ES.UTF-8", or macOS's bare "UTF-8"); else the
     * JVM's (ISO-8859-1 where the user chose it).
     */
    static Charset output(Map<String, String> env, Charset jvm) {
        if (jvm.equals(StandardCharsets.UTF_8) || jvm.equals(StandardCharsets.US_ASCII)) {
            return StandardCharsets.UTF_8;
        }
        String locale = first(env, "LC_ALL", "LC_CTYPE", "LANG");
        if (locale == null) {
            return jvm;
        }
        String codeset = locale.toLowerCase(Locale.ROOT).replace("-", "");
        return codeset.contains(".utf8") || codeset.equals("utf8") ? StandardCharsets.UTF_8 : jvm;
    }

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /** C and POSIX (with or without a codeset): the portable locale, English. */
    private static boolean isPortable(String locale) {
        return locale.equals("C") || locale.equals("POSIX") || locale.startsWith("C.");
    }

    /** "es" of "es_ES.UTF-8@euro"; null when it does not start with a two- or three-letter language. */
    private static String language(String locale) {
        int end = 0;
        while (end < locale.length() && Character.isLetter(locale.charAt(end))) {
            end++;
        }
        boolean delimited = end == locale.length() || "_.@-".indexOf(locale.charAt(end)) >= 0;
        return (end == 2 || end == 3) && delimited ? locale.substring(0, end).toLowerCase(Locale.ROOT) : null;
    }
}
