package dev.hostvirt.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The one version type and its four readers. Each reader was written for one tool's output and
 * accepts a different shape on purpose; the cases below pin each boundary (build numbers, dates, a
 * leading 'v', a single number, a version glued to letters) so that no reader drifts towards another.
 */
class VersionTest {

    private static void assertVersion(List<Integer> parts, String text, Optional<Version> actual) {
        assertTrue(actual.isPresent(), () -> "expected " + text);
        assertEquals(parts, actual.get().parts());
        assertEquals(text, actual.get().text());
    }

    // ---- leading: Windows product versions (registry, VBoxManage, wsl) ----------------------------

    @Test
    void leadingReadsTheVersionGluedToABuildSuffix() {
        assertVersion(List.of(5, 2, 44), "5.2.44", Version.leading("5.2.44r139111"));
        assertVersion(List.of(7, 0, 6), "7.0.6", Version.leading("7.0.6r155176"));
        assertVersion(List.of(6, 1, 38), "6.1.38", Version.leading("6.1.38_Ubuntur153438"));
        assertVersion(List.of(15, 5, 7), "15.5.7", Version.leading("15.5.7 build-20800274"));
        assertVersion(List.of(7, 1, 4), "7.1.4", Version.leading("7.1.4r165100"));
        assertVersion(List.of(7, 1), "7.1", Version.leading(" \t7.1"));
        assertVersion(List.of(10, 0, 19045), "10.0.19045", Version.leading("10.0.19045.3803"));
    }

    @Test
    void leadingRefusesBuildNumbersDatesSingleNumbersAndALeadingV() {
        assertEquals(Optional.empty(), Version.leading("99999999999.1"));
        assertEquals(Optional.empty(), Version.leading("1234567.1"), "a 7-digit major is a build number");
        assertEquals(Optional.empty(), Version.leading("19045"), "a single number is no product version here");
        assertEquals(Optional.empty(), Version.leading("2024-01-05"));
        assertEquals(Optional.empty(), Version.leading("v7.0.6"));
        assertEquals(Optional.empty(), Version.leading("VirtualBox 7.0.6"), "only at the start");
        assertEquals(Optional.empty(), Version.leading(null));
        assertEquals(Optional.empty(), Version.leading(""));
    }

    @Test
    void leadingCutsAnOverlongPatchAtNineDigitsAndAMinorAtSix() {
        assertVersion(List.of(7, 0, 123456789), "7.0.123456789", Version.leading("7.0.1234567890"));
        assertVersion(List.of(7, 123456), "7.123456", Version.leading("7.1234567"));
    }

    // ---- atStart: macOS versions (sw_vers, sysctl, VBoxManage) -----------------------------------

    @Test
    void atStartReadsVirtualboxVersionsWithARevision() {
        Version v = Version.atStart("7.1.4r165100").orElseThrow();
        assertVersion(List.of(7, 1, 4), "7.1.4", Optional.of(v));
        assertTrue(v.atLeast(7, 1));
        assertFalse(Version.atStart("7.0.6_BETA4r155176").orElseThrow().atLeast(7, 1));
        assertTrue(Version.atStart("6.1.50r161033").orElseThrow().compareTo(v) < 0);
    }

    @Test
    void atStartTakesASingleNumberAndComparesItPadded() {
        assertVersion(List.of(12, 5), "12.5", Version.atStart("12.5"));
        assertVersion(List.of(26), "26", Version.atStart("26"));
        assertEquals("12.5.0", Version.atStart("12.5").orElseThrow().padded());
        assertEquals("26.0.0", Version.atStart("26").orElseThrow().padded());
        assertTrue(Version.atStart("12.5").orElseThrow().compareTo(Version.atStart("12.4.9").orElseThrow()) > 0);
        assertEquals(0, Version.atStart("26").orElseThrow().compareTo(Version.of(26, 0, 0)));
    }

    @Test
    void atStartSkipsBlanksAndOneLeadingV() {
        assertVersion(List.of(5, 2, 5), "5.2.5", Version.atStart("v5.2.5"));
        assertVersion(List.of(1, 0), "1.0", Version.atStart("V1.0"));
        assertVersion(List.of(12, 5), "12.5", Version.atStart("  12.5\n"));
        assertEquals(Optional.empty(), Version.atStart("vv1.0"));
        assertEquals(Optional.empty(), Version.atStart("v 12.5"));
        assertEquals(Optional.empty(), Version.atStart("macOS 12.5"));
    }

    @Test
    void atStartNeverCutsABuildNumberOrADateIntoAVersion() {
        assertEquals(Optional.empty(), Version.atStart("99999999999.1"));
        assertEquals(Optional.empty(), Version.atStart("1234567"));
        assertEquals(Optional.empty(), Version.atStart("20240105"));
        assertVersion(List.of(12), "12", Version.atStart("12.1234567"));
        assertVersion(List.of(12, 5, 1), "12.5.1", Version.atStart("12.5.1.2"));
        // A dash-separated date reads as its year: only version fields are handed to atStart.
        assertVersion(List.of(2024), "2024", Version.atStart("2024-01-05"));
    }

    @Test
    void atStartGarbageIsEmpty() {
        assertEquals(Optional.empty(), Version.atStart(null));
        assertEquals(Optional.empty(), Version.atStart("VBoxManage: command not found"));
        assertEquals(Optional.empty(), Version.atStart(""));
    }

    @Test
    void atLeastWithMajorAndMinorIgnoresThePatchLikeTheMacosRulesNeed() {
        assertTrue(Version.atStart("7.0.6").orElseThrow().atLeast(7, 0));
        assertTrue(Version.atStart("7").orElseThrow().atLeast(7, 0));
        assertFalse(Version.atStart("6.99.99").orElseThrow().atLeast(7, 0));
        assertTrue(Version.atStart("8.0").orElseThrow().atLeast(7, 1));
        assertFalse(Version.atStart("7.0.999999").orElseThrow().atLeast(7, 1));
    }

    // ---- findBounded: macOS engines' "X version 1.2.3" lines -------------------------------------

    @Test
    void findBoundedFindsTheVersionInsideCommandOutput() {
        assertVersion(List.of(5, 2, 5), "5.2.5", Version.findBounded("podman version 5.2.5\n"));
        assertVersion(List.of(27, 3, 1), "27.3.1", Version.findBounded("Docker version 27.3.1, build ce12230"));
        assertVersion(List.of(0, 8, 1), "0.8.1", Version.findBounded("colima version 0.8.1\ngit commit: 96598cc5"));
        assertVersion(List.of(1, 0, 3), "1.0.3", Version.findBounded("limactl version 1.0.3"));
        assertVersion(List.of(7, 1, 4), "7.1.4", Version.findBounded("7.1.4r165100"));
        assertEquals("1.0.0", Version.findBounded("limactl version 1.0").orElseThrow().padded());
    }

    @Test
    void findBoundedSkipsVersionsGluedToAWordOrADotBeforeThem() {
        assertEquals(Optional.empty(), Version.findBounded("no digits here"));
        assertEquals(Optional.empty(), Version.findBounded("podman v5.2.5"), "a leading v is a word character");
        assertEquals(Optional.empty(), Version.findBounded("build1.2.3"));
        assertEquals(Optional.empty(), Version.findBounded("1234567.1"), "a build number is not cut down");
        assertEquals(Optional.empty(), Version.findBounded("version 5"), "a single number is not a version here");
        assertEquals(Optional.empty(), Version.findBounded("2024-01-05"));
        assertVersion(List.of(5, 2, 5), "5.2.5", Version.findBounded("2024-01-05 podman version 5.2.5"));
        assertEquals(Optional.empty(), Version.findBounded(null));
    }

    // ---- find: Linux tools, no boundaries at all ---------------------------------------------------

    @Test
    void findTakesAnyDottedRunUpToFourParts() {
        assertVersion(List.of(1, 1, 5), "1.1.5", Version.find("v1.1.5"));
        assertVersion(List.of(7, 0, 14), "7.0.14", Version.find("7.0.14_Debianr161095"));
        assertVersion(List.of(10, 0, 19045, 3803), "10.0.19045.3803", Version.find("10.0.19045.3803"));
        assertVersion(List.of(1234567, 1), "1234567.1", Version.find("1234567.1"));
        assertEquals(Optional.empty(), Version.find("version 5"));
        assertEquals(Optional.empty(), Version.find("99999999999.1"), "a part past an int is no version");
    }

    // ---- display and comparison -------------------------------------------------------------------

    @Test
    void paddedIsTheThreeNumericPartsTheWindowsAndMacosReportsShow() {
        assertEquals("7.0.0", Version.of(7, 0).padded());
        assertEquals("7.0", Version.of(7, 0).toString());
        assertEquals("7.10.0", Version.leading("7.010").orElseThrow().padded());
        assertEquals("7.010", Version.leading("7.010").orElseThrow().toString());
        assertEquals("10.0.19045", Version.find("10.0.19045.3803").orElseThrow().padded());
    }

    @Test
    void missingPartsCompareAsZero() {
        Version sixOh = Version.leading("6.0").orElseThrow();
        assertEquals(0, sixOh.compareTo(Version.of(6, 0, 0)));
        assertTrue(sixOh.atLeast(Version.of(6, 0, 0)));
        assertTrue(Version.leading("15.5.7 build-1").orElseThrow().atLeast(Version.of(15, 5, 5)));
        assertFalse(Version.leading("15.5").orElseThrow().atLeast(Version.of(15, 5, 5)));
        assertTrue(Version.find("6.12").orElseThrow().below(6, 12, 1));
    }
}
