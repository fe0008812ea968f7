package dev.hostvirt.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every key the code names literally exists in English and in Spanish. MessagesTest only compares the
 * bundles with each other; a typo in a key in the code would otherwise show the raw key to the user
 * (Messages falls back to it) in both languages, and no other test would notice.
 */
class TextKeysTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path BUNDLES = Path.of("src/main/resources/i18n");
    /**
     * {@code Text.of("key", ...)} and {@code new ForwardException("key", ...)}: the two ways code names a sentence to
     * render later. A literal followed by anything but {@code ,} or {@code )} is part of an expression (a key prefix
     * such as {@code "macos." + id}, or a value compared in a condition), not a whole key.
     */
    private static final Pattern KEY_USE = Pattern.compile(
            "(?:\\bText\\.of|\\bnew ForwardException)\\(\\s*\"([^\"\\\\]+)\"\\s*[,)]");
    /**
     * {@code messages.get("key", ...)}: the sentences rendered at once. Only keys of an area that has a bundle count,
     * since {@code get} is also a map's ({@code files.get("index.json")}).
     */
    private static final Pattern MESSAGES_GET = Pattern.compile("\\.get\\(\\s*\"([a-z]+\\.[^\"\\\\]+)\"\\s*[,)]");

    @Test
    void everyLiteralKeyInTheCodeIsInTheEnglishAndTheSpanishBundle() throws IOException {
        Map<String, Set<String>> keys = keysUsed(SOURCES);
        // The engine alone names well over a hundred keys; far fewer means the scan itself is broken.
        assertTrue(keys.size() > 300, "keys found: " + keys.size());
        assertTrue(keys.containsKey("pull.error.reference.invalid"), "the scan misses Text.of in the engine");
        assertTrue(keys.containsKey("wsl.notInstalled"), "the scan misses ForwardException keys");
        assertTrue(keys.containsKey("engine.image.imported"), "the scan misses Messages.get keys");
        assertEquals(List.of(), missing(keys, BUNDLES));
    }

    @Test
    void aMistypedKeyIsReported(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/x"));
        Files.writeString(src.resolve("A.java"), "class A { Object a = Text.of(\"engine.error.digest.missing\");\n"
                + " Object b = Text.of(\n    \"engine.error.digest.mising\", 1); Object c = Text.of(\"nosuch.area.key\"); }\n"
                + " Object d = Text.of(\"macos.\" + id); Object e = Text.of(\"absent\".equals(v) ? \"x\" : \"y\");\n"
                + " String f = m.get(\"pull.login.succeded\", host); Object g = files.get(\"index.json\");\n");
        Map<String, Set<String>> keys = keysUsed(tmp.resolve("src"));
        assertEquals(Set.of("engine.error.digest.missing", "engine.error.digest.mising", "nosuch.area.key", "pull.login.succeded"),
                keys.keySet());
        List<String> problems = missing(keys, BUNDLES);
        assertEquals(6, problems.size(), problems.toString()); // three keys, each missing in English and in Spanish
        assertTrue(problems.get(0).startsWith("engine.error.digest.mising (used in "), problems.toString());
        assertTrue(problems.stream().noneMatch(p -> p.startsWith("engine.error.digest.missing ")), problems.toString());
    }

    /** Key -> the files that name it. */
    private static Map<String, Set<String>> keysUsed(Path root) throws IOException {
        Map<String, Set<String>> keys = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String source = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = KEY_USE.matcher(source);
            while (m.find()) {
                keys.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(file.getFileName().toString());
            }
            Matcher g = MESSAGES_GET.matcher(source);
            while (g.find()) {
                String key = g.group(1);
                if (Files.exists(BUNDLES.resolve(key.substring(0, key.indexOf('.')) + ".properties"))) {
                    keys.computeIfAbsent(key, k -> new TreeSet<>()).add(file.getFileName().toString());
                }
            }
        }
        return keys;
    }

    private static List<String> missing(Map<String, Set<String>> keys, Path bundles) throws IOException {
        Map<String, Properties> loaded = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : keys.entrySet()) {
            String key = e.getKey();
            String area = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            for (String suffix : new String[] {"", "_es"}) {
                Path file = bundles.resolve(area + suffix + ".properties");
                Properties p = loaded.computeIfAbsent(file.toString(), f -> load(file));
                if (!p.containsKey(key)) {
                    problems.add(key + " (used in " + String.join(", ", e.getValue()) + ") is not in " + file.getFileName());
                }
            }
        }
        return problems;
    }

    private static Properties load(Path p) {
        Properties props = new Properties();
        if (!Files.exists(p)) {
            return props;
        }
        try (InputStream in = Files.newInputStream(p)) {
            props.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return props;
    }
}
