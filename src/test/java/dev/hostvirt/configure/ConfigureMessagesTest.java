package dev.hostvirt.configure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.rules.linux.VirtualBoxKvmMatrix;
import dev.hostvirt.configure.profile.ProfileReader;
import dev.hostvirt.configure.windows.WindowsPlanner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every configurator sentence the code names exists in English and in Spanish, and the docs' profiles parse. */
class ConfigureMessagesTest {

    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = ConfigureMessagesTest.class.getResourceAsStream("/i18n/" + name + ".properties")) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return p;
    }

    static Set<String> keysInCode() throws IOException {
        Set<String> keys = new TreeSet<>();
        Pattern p = Pattern.compile("\"(configure\\.[A-Za-z0-9._-]+)\"");
        for (String dir : new String[] {"src/main/java/dev/hostvirt/configure", "src/main/java/dev/hostvirt/cli"}) {
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                    Matcher m = p.matcher(Files.readString(f));
                    while (m.find()) {
                        if (!m.group(1).endsWith(".")) {
                            keys.add(m.group(1));
                        }
                    }
                }
            }
        }
        // Keys built from a prefix and a value.
        for (VirtualBoxKvmMatrix.Persist persist : VirtualBoxKvmMatrix.Persist.values()) {
            keys.add("configure.why.persist." + persist.name().toLowerCase(Locale.ROOT));
        }
        for (String f : new String[] {WindowsPlanner.HYPERV, WindowsPlanner.VMP, WindowsPlanner.WSL_FEATURE,
                WindowsPlanner.CONTAINERS, WindowsPlanner.SANDBOX}) {
            keys.add("configure.why.feature." + f);
        }
        for (Journal.Status s : Journal.Status.values()) {
            keys.add("configure.status." + s.label());
        }
        for (Reboot r : Reboot.values()) {
            keys.add("configure.reboot." + r.name().toLowerCase(Locale.ROOT));
            keys.add("configure.cli.step.reboot." + r.name().toLowerCase(Locale.ROOT));
        }
        return keys;
    }

    @Test
    void everyKeyTheCodeUsesIsInBothLanguagesAndTheBundlesMatch() throws IOException {
        Properties en = bundle("configure");
        Properties es = bundle("configure_es");
        Set<String> used = keysInCode();
        assertTrue(used.size() > 100, "found " + used.size());
        Set<String> missing = new TreeSet<>();
        for (String k : used) {
            if (!en.containsKey(k) || !es.containsKey(k)) {
                missing.add(k);
            }
        }
        assertEquals(Set.of(), missing);
        assertEquals(new TreeSet<>(en.stringPropertyNames()), new TreeSet<>(es.stringPropertyNames()));
    }

    @Test
    void theProfilesInTheDocsAreValid() throws IOException {
        String doc = Files.readString(Path.of("docs/profiles.md"));
        Matcher m = Pattern.compile("```ini\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        int n = 0;
        while (m.find()) {
            ProfileReader.parse(m.group(1), "docs example " + ++n);
        }
        assertEquals(3, n);
    }
}
