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
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** English and Spanish must say the same things: the same keys, the same placeholders. */
class MessagesTest {
    private static final Path BUNDLES = Path.of("src/main/resources/i18n");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");

    @Test
    void everyBundleHasTheSameKeysAndPlaceholdersInEnglishAndSpanish() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> english;
        try (Stream<Path> files = Files.list(BUNDLES)) {
            english = files.filter(p -> p.toString().endsWith(".properties") && !p.getFileName().toString().contains("_"))
                    .sorted().toList();
        }
        assertTrue(english.size() >= 4, "bundles found: " + english);
        for (Path en : english) {
            Path es = en.resolveSibling(en.getFileName().toString().replace(".properties", "_es.properties"));
            if (!Files.exists(es)) {
                problems.add(es + " is missing");
                continue;
            }
            Properties e = load(en);
            Properties s = load(es);
            for (String key : e.stringPropertyNames()) {
                if (!s.containsKey(key)) {
                    problems.add(es.getFileName() + " lacks " + key);
                } else if (!placeholders(e.getProperty(key)).equals(placeholders(s.getProperty(key)))) {
                    problems.add(key + ": placeholders differ between English and Spanish");
                }
            }
            for (String key : s.stringPropertyNames()) {
                if (!e.containsKey(key)) {
                    problems.add(en.getFileName() + " lacks " + key);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void placeholdersAreReplacedLiterallyAndApostrophesSurvive() {
        Messages m = Messages.forLanguage("en");
        assertEquals("Linux 6.8.", m.get("linux.containers.kernel.ok", "6.8"));
        assertTrue(m.get("linux.containers.runtime.crun.refuses", "x").contains("x"));
        assertTrue(m.get("linux.virtualbox.installed.fix.install").contains("distribution's"));
    }

    @Test
    void spanishIsUsedForAnySpanishLocaleAndEnglishOtherwise() {
        assertEquals("Veredictos", Messages.forLanguage("es-MX").get("report.verdicts"));
        assertEquals("Verdicts", Messages.forLanguage("de").get("report.verdicts"));
    }

    private static Properties load(Path p) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(p)) {
            props.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return props;
    }

    private static Set<String> placeholders(String s) {
        Set<String> out = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
