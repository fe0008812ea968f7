package dev.hostvirt.facts.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The listing view of the detector's bcdedit parser, which `switch --boot-entry` and the BCD steps read
 * back through: the configurator's recorded samples (test resources configure/windows, with sources).
 */
class BcdEditParserEntriesTest {
    private static String sample(String name) {
        try (InputStream in = BcdEditParserEntriesTest.class.getResourceAsStream("/configure/windows/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing sample " + name, e);
        }
    }

    private static List<BcdEntry> entries(String sample) {
        return BcdEditParser.entries(sample(sample));
    }

    @Test
    void englishVerboseEnumGivesEveryObjectWithItsGuidAndLaunchType() {
        List<BcdEntry> b = entries("bcdedit-enum-v-en-win8-hypervisor-auto.txt");
        assertEquals(3, b.size());
        assertEquals("{9dea862c-5cdd-4e70-acc1-f32b344d4795}", b.get(0).identifier());
        assertEquals("{94254878-b1c9-11e1-bd5c-beae0a39fe08}", b.get(1).identifier());
        assertEquals(Optional.of("Auto"), b.get(1).element("hypervisorlaunchtype"));
        assertEquals(LaunchType.AUTO, b.get(1).launchType());
        assertEquals(Optional.of("No Automatic Repair"), b.get(2).element("description"));
    }

    @Test
    void aLoaderWithoutTheElementIsAbsentNotUnknown() {
        String text = sample("bcdedit-enum-current-en-win10-no-hypervisorlaunchtype.txt");
        assertEquals(LaunchType.ABSENT, BcdEditParser.parse(text).launchType());
        assertEquals(LaunchType.ABSENT, BcdEditParser.entries(text).get(0).launchType());
    }

    @Test
    void spanishAndPortugueseHeadingsAndLabelsDoNotMatter() {
        List<BcdEntry> es = entries("bcdedit-enum-es-win7-whitespace-collapsed.txt");
        assertEquals(List.of("{bootmgr}", "{current}"), es.stream().map(BcdEntry::identifier).toList());
        // A re-typed paste without the dashed underlines holds no complete entry: nothing is concluded
        // from it (its {current} has no hypervisorlaunchtype line, which is unknown, not absent).
        String partial = sample("bcdedit-enum-es-win11-partial.txt");
        assertEquals(List.of(), BcdEditParser.entries(partial));
        assertEquals(LaunchType.UNKNOWN, BcdEditParser.parse(partial).launchType());
        List<BcdEntry> pt = entries("bcdedit-enum-ptPT-win7.txt");
        assertEquals(Optional.of("Windows 7"), pt.get(1).element("description"));
        List<BcdEntry> fw = entries("bcdedit-enum-firmware-es-win11.txt");
        assertEquals(8, fw.size());
        assertEquals(Optional.of("debian"), fw.stream().filter(x -> x.identifier().startsWith("{5f6fbbbe")).findFirst()
                .flatMap(x -> x.element("description")));
    }

    @Test
    void accessDeniedInEitherLanguageIsUnknownNeverAbsent() {
        assertEquals(List.of(), entries("bcdedit-enum-en-access-denied.txt"));
        assertEquals(LaunchType.UNKNOWN, BcdEditParser.parse(sample("bcdedit-enum-en-access-denied.txt")).launchType());
        assertEquals(LaunchType.UNKNOWN, BcdEditParser.parse(sample("bcdedit-enum-es-access-denied.txt")).launchType());
        assertEquals(List.of(), BcdEditParser.entries(""));
        assertEquals(List.of(), BcdEditParser.entries(null));
    }

    @Test
    void theNewEntryGuidComesFromTheBracesNotTheSentence() {
        // The published samples hold a truncated GUID (en) and a placeholder (es): neither is a GUID.
        assertNull(BcdCopyParser.newEntryId(sample("bcdedit-copy-current-en-then-set-off.txt")));
        assertNull(BcdCopyParser.newEntryId(sample("bcdedit-copy-es-message-template.txt")));
        assertEquals("{6B1D5C2A-0F3E-11EF-9A1B-00155D012345}",
                BcdCopyParser.newEntryId("La entrada se copió correctamente en {6B1D5C2A-0F3E-11EF-9A1B-00155D012345}."));
    }

    @Test
    void collapsedWhitespaceStillFindsTheLaunchType() {
        String text = "Cargador de arranque de Windows\n-----\nIdentificador {current}\nhypervisorlaunchtypeOff\n";
        assertEquals(LaunchType.OFF, BcdEditParser.entries(text).get(0).launchType());
        assertEquals(LaunchType.OFF, BcdEditParser.parse(text).launchType());
        assertEquals(List.of(), BcdEditParser.entries("garbage\n{x\n---\n"));
    }
}
