package dev.hostvirt.facts.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.facts.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real Windows output in src/test/resources/windows/samples (copied from shared/samples/windows
 * with its source note) through the parser of its command, with the value read off the sample and its
 * .source.txt by hand. Partial, re-spaced and UTF-16 samples must give the right value or unknown.
 */
class WindowsSamplesTest {
    private static final Map<String, Consumer<String>> EXPECTED = new TreeMap<>();

    static {
        // bcdedit: launch type of {current} by structure, any language; denial = not elevated.
        expectBcd("bcdedit-enum-current-en-win10-no-hypervisorlaunchtype", LaunchType.ABSENT, false);
        expectBcd("bcdedit-enum-en-win8-no-hypervisorlaunchtype", LaunchType.ABSENT, false);
        expectBcd("bcdedit-enum-ptPT-win7", LaunchType.ABSENT, false);
        // Padding lost in the paste, but the block is complete (dashed heading): still absent.
        expectBcd("bcdedit-enum-es-win7-whitespace-collapsed", LaunchType.ABSENT, false);
        // Selected lines only, no dashed underline: the element may have been left out, so unknown.
        expectBcd("bcdedit-enum-es-win11-partial", LaunchType.UNKNOWN, false);
        // /enum firmware lists no Windows loader at all.
        expectBcd("bcdedit-enum-firmware-es-win11", LaunchType.UNKNOWN, false);
        // /v prints GUIDs, not {current}; both loaders say Auto.
        expectBcd("bcdedit-enum-v-en-win8-hypervisor-auto", LaunchType.AUTO, false);
        expectBcd("bcdedit-enum-en-access-denied", LaunchType.UNKNOWN, true);
        expectBcd("bcdedit-enum-es-access-denied", LaunchType.UNKNOWN, true);
        // A PowerShell quoting error is neither a denial nor an answer.
        expectBcd("bcdedit-set-powershell-unquoted-en-error", LaunchType.UNKNOWN, false);
        EXPECTED.put("bcdedit-copy-current-en-then-set-off", text -> {
            assertNull(BcdCopyParser.newEntryId(text), "the author redacted the GUID: no id, not a wrong one");
            assertEquals(BcdCurrent.UNKNOWN, BcdEditParser.parse(text));
        });
        EXPECTED.put("bcdedit-copy-es-message-template", text -> assertNull(BcdCopyParser.newEntryId(text)));

        // systeminfo Hyper-V block.
        expectHyperV("systeminfo-hyperv-en-all-yes", new HyperVRequirements(true, true, true, true, false));
        expectHyperV("systeminfo-hyperv-en-firmware-no", new HyperVRequirements(true, false, null, null, false));
        expectHyperV("systeminfo-hyperv-es-firmware-no", new HyperVRequirements(true, false, null, null, false));
        expectHyperV("systeminfo-hyperv-en-hypervisor-detected", new HyperVRequirements(null, null, null, null, true));
        expectHyperV("systeminfo-hyperv-es-hypervisor-detected", new HyperVRequirements(null, null, null, null, true));
        EXPECTED.put("systeminfo-full-esMX-server2012r2-partial", text -> {
            assertEquals(new HyperVRequirements(true, null, null, null, false), SysteminfoParser.hyperV(text),
                    "cut after the first answer: the other three stay unknown");
            assertEquals(9600, SysteminfoParser.build(text));
            assertEquals("Microsoft Windows Server 2012 R2 Standard", SysteminfoParser.osName(text));
            assertEquals(Edition.SERVER, Edition.ofCaption(SysteminfoParser.osName(text)));
            assertEquals("intel", SysteminfoParser.cpuVendor(text));
            assertNull(SysteminfoParser.virtualMachineVendor(text), "a Dell Precision is not a VM");
        });

        // Get-ComputerInfo / Get-WindowsOptionalFeature (.NET property names, not translated).
        EXPECTED.put("get-computerinfo-hyperv-en-firmware-off", text -> assertEquals(
                new HyperVRequirements(true, false, true, true, false), PowerShellListParser.computerInfoHyperV(text)));
        EXPECTED.put("get-computerinfo-hyperv-en-hypervisor-present-partial", text -> assertEquals(
                new HyperVRequirements(null, null, null, null, true), PowerShellListParser.computerInfoHyperV(text)));
        EXPECTED.put("get-windowsoptionalfeature-hyperv-all-en-disabled", text -> assertEquals(
                FeatureState.DISABLED, PowerShellListParser.featureState(text, "Microsoft-Hyper-V-All")));
        EXPECTED.put("get-windowsoptionalfeature-hyperv-all-en-enabled", text -> assertEquals(
                FeatureState.ENABLED, PowerShellListParser.featureState(text, "Microsoft-Hyper-V-All")));
        EXPECTED.put("dism-enable-feature-hyperv-all-en-exit3010", text -> assertEquals(
                FeatureState.UNKNOWN, PowerShellListParser.featureState(text, "Microsoft-Hyper-V-All"),
                "a Chocolatey log line is not a feature state"));

        EXPECTED.put("coreinfo-v-en-intel-hypervisor-present", text -> assertEquals(
                new CoreinfoParser.Result(true, null, null), CoreinfoParser.parse(text),
                "VMX/EPT '-' under a hypervisor mean nothing"));

        EXPECTED.put("docker-diagnose-check-en-all-pass-wsl2", text -> {
            Map<String, String> checks = DockerDiagnoseParser.checks(text);
            assertEquals("PASS", checks.get("DD0002"));
            assertEquals("SKIP", checks.get("DD0018"));
            assertEquals("FAIL", checks.get("DD0011"));
            assertEquals(15, checks.size());
            assertEquals(BcdCurrent.UNKNOWN, BcdEditParser.parse(text));
        });
        EXPECTED.put("docker-diagnose-dd0002-warn-no-hypervisorlaunchtype-en", text -> {
            assertEquals("WARN", DockerDiagnoseParser.checks(text).get("DD0002"));
            assertEquals(new BcdCurrent(LaunchType.ABSENT, false), BcdEditParser.parse(text));
        });

        EXPECTED.put("vboxmanage-version-win-7.0.6", text -> assertEquals(Version.of(7, 0, 6), VBoxManageParser.version(text)));
        EXPECTED.put("vboxmanage-version-linux-distro-build",
                text -> assertEquals(Version.of(6, 1, 38), VBoxManageParser.version(text)));

        // wsl
        expectStatus("wsl-status-en-2022-with-kernel", new WslStatus(2, true));
        expectStatus("wsl-status-en-new", new WslStatus(2, true));
        expectStatus("wsl-status-es", new WslStatus(2, true));
        expectStatus("wsl-status-es-not-installed", new WslStatus(null, false));
        expectList("wsl-list-verbose-es", List.of(new WslDistro("Ubuntu2204", "Stopped", 2, true)));
        expectList("wsl-list-verbose-en-collapsed", List.of(new WslDistro("Ubuntu-22.04", "Running", 2, true)));
        expectList("wsl-list-verbose-es-no-distros", List.of());
        expectList("wsl-list-running-es", null);
        EXPECTED.put("wsl-no-distros-en", text -> {
            assertEquals(List.of(), WslListParser.parse(text));
            assertEquals(List.of("WSL_E_DEFAULT_DISTRO_NOT_FOUND"), WslErrors.codes(text));
        });
        EXPECTED.put("wsl-register-0x80370102-en", text -> {
            assertEquals(List.of("0x80370102"), WslErrors.codes(text));
            assertNull(WslListParser.parse(text));
        });
        EXPECTED.put("wsl-version-en", text -> assertEquals(Version.of(1, 2, 5), WslVersionParser.wslVersion(text)));
        EXPECTED.put("wsl-version-es", text -> assertEquals(Version.of(2, 6, 3), WslVersionParser.wslVersion(text)));
        EXPECTED.put("wsl-l-utf16-raw-fr-error", text -> {
            String decoded = WslText.decode(goQuotedBytes(text));
            assertTrue(decoded.contains("Tous droits réservés."), decoded);
            assertNull(WslListParser.parse(decoded), "usage text is not a distribution list");
            assertEquals(WslStatus.UNKNOWN, WslStatusParser.parse(decoded));
        });
    }

    private static void expectBcd(String name, LaunchType type, boolean denied) {
        EXPECTED.put(name, text -> assertEquals(new BcdCurrent(type, denied), BcdEditParser.parse(text)));
    }

    private static void expectHyperV(String name, HyperVRequirements r) {
        EXPECTED.put(name, text -> assertEquals(r, SysteminfoParser.hyperV(text)));
    }

    private static void expectStatus(String name, WslStatus s) {
        EXPECTED.put(name, text -> assertEquals(s, WslStatusParser.parse(text)));
    }

    private static void expectList(String name, List<WslDistro> distros) {
        EXPECTED.put(name, text -> assertEquals(distros, WslListParser.parse(text)));
    }

    static Path samples() {
        try {
            return Path.of(WindowsSamplesTest.class.getResource("/windows/samples").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> sampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(samples())) {
            return files.filter(p -> p.toString().endsWith(".txt") && !p.toString().endsWith(".source.txt"))
                    .sorted().toList();
        }
    }

    private static String nameOf(Path p) {
        String f = p.getFileName().toString();
        return f.substring(0, f.length() - ".txt".length());
    }

    @TestFactory
    Stream<DynamicTest> everySampleGivesItsValueOrUnknown() throws IOException {
        return sampleFiles().stream().map(p -> DynamicTest.dynamicTest(nameOf(p), () -> {
            Consumer<String> check = EXPECTED.get(nameOf(p));
            assertTrue(check != null, "no expectation for sample " + nameOf(p));
            check.accept(Files.readString(p, StandardCharsets.UTF_8));
        }));
    }

    @Test
    void everyExpectationHasItsSampleAndEverySampleItsSource() throws IOException {
        List<String> names = sampleFiles().stream().map(WindowsSamplesTest::nameOf).toList();
        assertEquals(new TreeMap<>(EXPECTED).keySet().stream().toList(), names.stream().sorted().toList());
        for (String n : names) {
            assertTrue(Files.exists(samples().resolve(n + ".source.txt")), n + " has no source note");
        }
        assertFalse(names.isEmpty());
    }

    @Test
    void theSameOutputAsRealUtf16BytesAndAsUtf8ReadsTheSame() {
        String table = "  NAME          STATE           VERSION\r\r\n* Ubuntu2204    Running         2\r\r\n";
        List<WslDistro> expected = List.of(new WslDistro("Ubuntu2204", "Running", 2, true));
        assertEquals(expected, WslListParser.parse(WslText.decode(table.getBytes(StandardCharsets.UTF_16LE))));
        assertEquals(expected, WslListParser.parse(WslText.decode(table.getBytes(StandardCharsets.UTF_8))));
        // UTF-16LE read by a single-byte decoder: NULs between characters.
        assertEquals(expected, WslListParser.parse(new String(table.getBytes(StandardCharsets.UTF_16LE),
                StandardCharsets.ISO_8859_1)));
    }

    /** The bytes of a Go %q string literal as logged in the tailscale issue ("\r\x00C\x00..."). */
    static byte[] goQuotedBytes(String line) {
        int start = line.indexOf('"');
        int end = line.lastIndexOf('"');
        String q = line.substring(start + 1, end > start ? end : line.length());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c != '\\' || i + 1 >= q.length()) {
                out.write(c);
                continue;
            }
            char e = q.charAt(++i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'x' -> {
                    out.write(Integer.parseInt(q.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> out.write(e);
            }
        }
        return out.toByteArray();
    }
}
