package dev.hostvirt.engine.registry;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a credential helper said when it failed, fit to show: its first line on stderr, else on
 * stdout (where docker-credential-helpers print errors), with every secret in it hidden. A helper
 * may print the password it was handed ("keyring rejected password s3cret") or echo the JSON it read
 * on stdin; its other words stay, since they tell the user what went wrong.
 */
final class HelperWords {
    /** Not translated: it stands in the helper's own (untranslated) words. */
    static final String HIDDEN = "***";
    /** A protocol JSON's secret, wherever the helper printed one (get's answer, store's input echoed). */
    private static final Pattern SECRET_FIELD = Pattern.compile("\"Secret\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private HelperWords() {
    }

    /**
     * The words to show, or "" when there are none fit to show. {@code known} are the secrets hostvirt
     * handed the helper (the password, the whole JSON written on its stdin); any other secret the
     * helper printed in protocol JSON is found here and hidden everywhere too, as its JSON and plain form.
     */
    static String of(String err, String out, Collection<String> known) {
        Set<String> secrets = new LinkedHashSet<>(known);
        for (String stream : List.of(err, out)) {
            Matcher m = SECRET_FIELD.matcher(stream);
            while (m.find()) {
                secrets.add(m.group(1));
                secrets.add(unescaped(m.group(1)));
            }
        }
        String said = firstLine(hide(err, secrets));
        if (said.isEmpty()) {
            said = firstLine(hide(out, secrets));
        }
        // Protocol JSON is not words, and a line naming a Secret may hold one hostvirt does not know.
        return said.startsWith("{") || said.contains("Secret") ? "" : said;
    }

    /** The forms a secret handed to a helper can come back in: as given, and as written in its JSON. */
    static List<String> forms(String secret) {
        return List.of(secret, new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
    }

    private static String hide(String text, Set<String> secrets) {
        List<String> longestFirst = new ArrayList<>(secrets);
        // The whole JSON before the password inside it, so that one mark stands for the whole.
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        String hidden = text;
        for (String s : longestFirst) {
            if (!s.isEmpty()) {
                hidden = hidden.replace(s, HIDDEN);
            }
        }
        return hidden;
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("").strip();
    }

    private static String unescaped(String jsonString) {
        try {
            Object value = JsonValues.parse(("\"" + jsonString + "\"").getBytes(StandardCharsets.UTF_8));
            return value instanceof String s ? s : jsonString;
        } catch (IOException e) {
            return jsonString;
        }
    }
}
