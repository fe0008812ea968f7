package dev.hostvirt.rules.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.facts.SourceSpec;
import dev.hostvirt.facts.macos.MacosSources;
import dev.hostvirt.i18n.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The macOS texts exist in English and Spanish, key for key, and every source has a purpose. */
class MacosBundlesTest {

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MacosBundlesTest.class.getResourceAsStream("/i18n/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void englishAndSpanishHaveTheSameKeysAndPlaceholders() throws IOException {
        Properties en = load("macos.properties");
        Properties es = load("macos_es.properties");
        assertEquals(en.stringPropertyNames(), es.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            for (int i = 0; i < 3; i++) {
                String ph = "{" + i + "}";
                assertEquals(en.getProperty(key).contains(ph), es.getProperty(key).contains(ph), key + " " + ph);
            }
            assertTrue(key.startsWith("macos."), key);
        }
    }

    @Test
    void everySourceHasAPurposeInBothLanguages() {
        Messages en = Messages.forLanguage("en");
        Messages es = Messages.forLanguage("es");
        for (SourceSpec s : MacosSources.all()) {
            assertTrue(en.has(s.purpose().key()) && es.has(s.purpose().key()), s.purpose().key());
            assertTrue(java.util.List.of("sysctl", "command", "path", "file").contains(s.kind()), s.kind());
        }
    }
}
