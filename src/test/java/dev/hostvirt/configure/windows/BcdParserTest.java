package dev.hostvirt.configure.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BcdParserTest {

    private static List<BcdParser.Block> parse(String sample) {
        return BcdParser.parse(FakeWindows.sample(sample));
    }

    @Test
    void englishVerboseEnumGivesEveryObjectWithItsGuidAndLaunchType() {
        List<BcdParser.Block> b = parse("bcdedit-enum-v-en-win8-hypervisor-auto.txt");
        assertEquals(3, b.size());
        assertEquals("{9dea862c-5cdd-4e70-acc1-f32b344d4795}", b.get(0).identifier());
        assertEquals("{94254878-b1c9-11e1-bd5c-beae0a39fe08}", b.get(1).identifier());
        assertEquals(Optional.of("Auto"), b.get(1).element("hypervisorlaunchtype"));
        assertEquals(Optional.of("No Automatic Repair"), b.get(2).element("description"));
    }

    @Test
    void aLoaderWithoutTheElementIsAbsentNotUnknown() {
        String text = FakeWindows.sample("bcdedit-enum-current-en-win10-no-hypervisorlaunchtype.txt");
        assertEquals(LaunchType.ABSENT, BcdParser.launchType(text));
    }

    @Test
    void spanishAndPortugueseHeadingsAndLabelsDoNotMatter() {
        List<BcdParser.Block> es = parse("bcdedit-enum-es-win7-whitespace-collapsed.txt");
        assertEquals(List.of("{bootmgr}", "{current}"), es.stream().map(BcdParser.Block::identifier).toList());
        List<BcdParser.Block> es11 = parse("bcdedit-enum-es-win11-partial.txt");
        assertEquals(List.of("{bootmgr}", "{current}"), es11.stream().map(BcdParser.Block::identifier).toList());
        assertEquals(Optional.of("Windows 11"), es11.get(1).element("description"));
        List<BcdParser.Block> pt = parse("bcdedit-enum-ptPT-win7.txt");
        assertEquals(Optional.of("Windows 7"), pt.get(1).element("description"));
        List<BcdParser.Block> fw = parse("bcdedit-enum-firmware-es-win11.txt");
        assertEquals(8, fw.size());
        assertEquals(Optional.of("debian"), fw.stream().filter(x -> x.identifier().startsWith("{5f6fbbbe")).findFirst()
                .flatMap(x -> x.element("description")));
    }

    @Test
    void accessDeniedInEitherLanguageIsUnknownNeverAbsent() {
        assertEquals(LaunchType.UNKNOWN, BcdParser.launchType(FakeWindows.sample("bcdedit-enum-en-access-denied.txt")));
        assertEquals(LaunchType.UNKNOWN, BcdParser.launchType(FakeWindows.sample("bcdedit-enum-es-access-denied.txt")));
        assertEquals(LaunchType.UNKNOWN, BcdParser.launchType(""));
        assertEquals(LaunchType.UNKNOWN, BcdParser.launchType(null));
    }

    @Test
    void theNewEntryGuidComesFromTheBracesNotTheSentence() {
        // The published samples hold a truncated GUID (en) and a placeholder (es): neither is a GUID.
        assertEquals(Optional.empty(), BcdParser.firstGuid(FakeWindows.sample("bcdedit-copy-current-en-then-set-off.txt")));
        assertEquals(Optional.empty(), BcdParser.firstGuid(FakeWindows.sample("bcdedit-copy-es-message-template.txt")));
        assertEquals(Optional.of("{6B1D5C2A-0F3E-11EF-9A1B-00155D012345}"),
                BcdParser.firstGuid("La entrada se copió correctamente en {6B1D5C2A-0F3E-11EF-9A1B-00155D012345}."));
        assertEquals(Optional.of("{a1b2c3d4-0000-1111-2222-333344445555}"),
                BcdParser.firstGuid("The entry was successfully copied to {a1b2c3d4-0000-1111-2222-333344445555}."));
    }

    @Test
    void collapsedWhitespaceStillFindsTheLaunchType() {
        String text = "Cargador de arranque de Windows\n-----\nIdentificador {current}\nhypervisorlaunchtypeOff\n";
        assertEquals(LaunchType.OFF, BcdParser.launchType(text));
        assertEquals(List.of(), BcdParser.parse("garbage\n{x\n---\n"));
    }
}
