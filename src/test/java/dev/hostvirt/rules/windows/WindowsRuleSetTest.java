package dev.hostvirt.rules.windows;

import static dev.hostvirt.rules.windows.WinHost.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.Status;
import dev.hostvirt.rules.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Windows rule on both sides, on hand-made machines that differ from a healthy one in one fact. */
class WindowsRuleSetTest {
    private static final Messages EN = Messages.forLanguage("en");
    private static final Messages ES = Messages.forLanguage("es");

    /** Evaluates the target and checks what holds for every finding: fixes say what they need, both languages render. */
    static List<Finding> evaluate(WinHost h, String target) {
        List<Finding> findings = h.rules().evaluate(target);
        for (Finding f : findings) {
            if (f.status() == Status.FAIL || f.status() == Status.WARN) {
                assertNotNull(f.fix(), f.id() + " has no fix");
                assertEquals("windows.fix", f.fix().key(), f.id());
                assertTrue(((Text) f.fix().args().get(1)).key().startsWith("windows.needs."), f.id());
            }
            for (Messages m : List.of(EN, ES)) {
                for (Text t : new Text[] {f.title(), f.detail(), f.fix()}) {
                    if (t != null) {
                        assertFalse(m.render(t).contains("windows."), "untranslated: " + m.render(t));
                    }
                }
            }
            assertFalse(f.sources().isEmpty(), f.id() + " names no source");
        }
        return findings;
    }

    static Finding find(WinHost h, String target, String id) {
        return evaluate(h, target).stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + target));
    }

    static boolean has(WinHost h, String target, String id) {
        return evaluate(h, target).stream().anyMatch(f -> f.id().equals(id));
    }

    static Verdict verdict(WinHost h, String target) {
        return Verdict.of(evaluate(h, target));
    }

    static String en(Text t) {
        return EN.render(t);
    }

    @Test
    void healthyMachineIsReadyForHyperVWslDockerSandboxAndContainers() {
        WinHost h = new WinHost();
        for (String t : List.of("hyperv", "wsl2", "docker-desktop", "windows-containers", "sandbox", "containers")) {
            assertEquals(Verdict.READY, verdict(h, t), t + ": " + evaluate(h, t));
        }
        assertEquals(Verdict.DEGRADED, verdict(h, "virtualbox"), "VirtualBox 7 on the hypervisor is slower");
        assertEquals(WindowsTargets.ALL, h.rules().targets());
    }

    // ---- firmware, CPU, SLAT, nested -----------------------------------------------------------

    @Test
    void firmwareOffFailsEveryTargetWithAFirmwareFix() {
        WinHost h = new WinHost().noHypervisor().wmi(CPU, "VirtualizationFirmwareEnabled", false);
        for (String t : WindowsTargets.ALL) {
            Finding f = find(h, t, "windows.firmware");
            assertEquals(Status.FAIL, f.status(), t);
            assertEquals(Verdict.BLOCKED, verdict(h, t), t);
        }
        Finding f = find(h, "hyperv", "windows.firmware");
        assertTrue(en(f.fix()).contains("UEFI/BIOS") && en(f.fix()).contains("software cannot"), en(f.fix()));
    }

    @Test
    void firmwareIsTrustedOnlyWhenNoHypervisorRuns() {
        // Under a running hypervisor VirtualizationFirmwareEnabled reads false: that is not "off".
        assertEquals(Status.PASS, find(new WinHost(), "hyperv", "windows.firmware").status());
        assertEquals(Status.PASS, find(new WinHost().noHypervisor(), "hyperv", "windows.firmware").status());
    }

    @Test
    void processorFeature21OverridesAMissingWmiAnswer() {
        WinHost h = new WinHost().noHypervisor().noWmi(CPU).value("windows.processorFeature.21", false);
        assertEquals(Status.FAIL, find(h, "wsl2", "windows.firmware").status());
        h = new WinHost().noHypervisor().noWmi(CPU).value("windows.processorFeature.21", true);
        assertEquals(Status.PASS, find(h, "wsl2", "windows.firmware").status());
    }

    @Test
    void cpuWithoutVtxFailsAndCannotBeFixedInSoftware() {
        WinHost h = new WinHost().noHypervisor().wmi(CPU, "VMMonitorModeExtensions", false);
        Finding f = find(h, "virtualbox", "windows.cpu");
        assertEquals(Status.FAIL, f.status());
        assertEquals("windows.needs.hardware", ((Text) f.fix().args().get(1)).key());
        assertEquals(Status.PASS, find(new WinHost().noHypervisor(), "virtualbox", "windows.cpu").status());
    }

    @Test
    void thirtyTwoBitWindowsCannotRunTheWindowsHypervisorTargets() {
        WinHost h = new WinHost().wmi(OS, "OSArchitecture", "32 bits");
        Finding f = find(h, "wsl2", "windows.os64");
        assertEquals(Status.FAIL, f.status());
        assertEquals("windows.needs.reinstall", ((Text) f.fix().args().get(1)).key());
        assertFalse(has(h, "virtualbox", "windows.os64"));
        assertEquals(Status.PASS, find(new WinHost().wmi(OS, "OSArchitecture", "64 bits"), "wsl2", "windows.os64").status());
        assertEquals("arm64", new WinHost().wmi(OS, "OSArchitecture", "ARM 64-bit Processor").facts().arch().value());
    }

    /** A 32-bit Windows 10 Home as Win32_OptionalFeature lists it: none of the virtualization features exist. */
    static WinHost thirtyTwoBitHome() {
        WinHost h = new WinHost().noHypervisor().sku(101).wmi(OS, "OSArchitecture", "32 bits").wmi(CPU, "Architecture", 0L)
                .registry(LXSS, null).command(List.of("wsl", "--status"), null, null).command(List.of("wsl", "--version"), null, null)
                .value("windows.wsl.distributions", List.of());
        for (String f : List.of("Microsoft-Hyper-V-All", "Microsoft-Hyper-V-Hypervisor", "Containers",
                "Containers-DisposableClientVM", "VirtualMachinePlatform", "HypervisorPlatform", "Microsoft-Windows-Subsystem-Linux")) {
            h.feature(f, 0);
        }
        return h;
    }

    @Test
    void thirtyTwoBitWindowsIsBlockedWithTheReinstallFixAloneNeverAnEditionOrWslOne() {
        for (WinHost h : List.of(thirtyTwoBitHome(), thirtyTwoBitHome().sku(48))) {
            for (String t : List.of("hyperv", "wsl2", "docker-desktop", "windows-containers", "sandbox", "containers")) {
                List<Finding> findings = evaluate(h, t);
                assertEquals(Verdict.BLOCKED, Verdict.of(findings), t);
                assertEquals(Status.FAIL, find(h, t, "windows.os64").status(), t);
                for (Finding f : findings) {
                    if (f.fix() != null) {
                        String fix = en(f.fix());
                        assertFalse(fix.contains("Pro, Enterprise") || fix.contains("wsl --install") || fix.contains("dism"),
                                t + " " + f.id() + ": " + fix);
                        assertFalse(((Text) f.fix().args().get(1)).key().equals("windows.needs.upgrade"), t + " " + f.id());
                    }
                }
                assertFalse(has(h, t, "windows.edition") || has(h, t, "windows.wsl.installed"), t);
            }
        }
    }

    @Test
    void thirtyTwoBitFixSaysTheProcessorIs64BitWhenItHasSlatAndWhereToLookOtherwise() {
        // Every processor with EPT or RVI (SLAT) implements x86-64; VT-x alone does not tell (Core Duo had it).
        Finding capable = find(thirtyTwoBitHome(), "wsl2", "windows.os64");
        assertTrue(en(capable.fix()).contains("processor is 64-bit"), en(capable.fix()));
        assertEquals("windows.needs.reinstall", ((Text) capable.fix().args().get(1)).key());
        Finding unsure = find(thirtyTwoBitHome().wmi(CPU, "SecondLevelAddressTranslationExtensions", false), "wsl2", "windows.os64");
        assertTrue(en(unsure.fix()).contains("x64-based processor"), en(unsure.fix()));
        assertTrue(ES.render(unsure.fix()).contains("procesador basado en x64"), ES.render(unsure.fix()));
        Finding rt = find(thirtyTwoBitHome().wmi(OS, "OSArchitecture", "ARM 32-bit Processor"), "wsl2", "windows.os64");
        assertEquals("windows.needs.hardware", ((Text) rt.fix().args().get(1)).key());
    }

    @Test
    void windowsArchitectureComesFromSysteminfoTextInAnyLanguageAndNeverFromA32BitJvm() {
        // systeminfo's "System Type" value stays English on Spanish Windows ("Tipo de sistema: x64-based PC").
        WinHost pasted = new WinHost().noWmi(OS).noWmi(CPU).arch("amd64")
                .command(List.of("systeminfo"), 0, "Nombre del SO:   Microsoft Windows 10 Home\r\nTipo de sistema:   X86-based PC\r\n");
        assertEquals("x86", pasted.facts().arch().value());
        assertEquals(Status.FAIL, find(pasted, "wsl2", "windows.os64").status());
        // A 32-bit JVM says x86 on 64-bit Windows too (WOW64): that alone proves nothing about Windows.
        WinHost wow64 = new WinHost().noWmi(OS).noWmi(CPU).arch("x86");
        assertEquals(Status.SKIP, find(wow64, "wsl2", "windows.os64").status());
        assertEquals("amd64", new WinHost().noWmi(OS).noWmi(CPU).facts().arch().value());
    }

    @Test
    void slatIsRequiredForHyperVButNotAskedForVirtualBox() {
        WinHost h = new WinHost().noHypervisor().wmi(CPU, "SecondLevelAddressTranslationExtensions", false);
        assertEquals(Status.FAIL, find(h, "hyperv", "windows.slat").status());
        assertFalse(has(h, "virtualbox", "windows.slat"));
        assertEquals(Status.PASS, find(new WinHost().noHypervisor(), "hyperv", "windows.slat").status());
    }

    @Test
    void guestWithoutNestedVirtualizationFailsWithOuterHostFix() {
        WinHost h = new WinHost().wmi(CS, "Manufacturer", "innotek GmbH").wmi(CS, "Model", "VirtualBox");
        Finding f = find(h, "wsl2", "windows.nested");
        assertEquals(Status.FAIL, f.status());
        assertTrue(en(f.fix()).contains("--nested-hw-virt on"), en(f.fix()));
        assertFalse(has(h, "wsl2", "windows.firmware"), "no firmware advice inside a VM");
        assertEquals(Verdict.BLOCKED, verdict(h, "hyperv"));
    }

    @Test
    void guestWithNestedVirtualizationPasses() {
        WinHost h = new WinHost().wmi(CS, "Manufacturer", "VMware, Inc.").wmi(CS, "Model", "VMware7,1")
                .wmi(CPU, "VMMonitorModeExtensions", true);
        assertEquals(Status.PASS, find(h, "hyperv", "windows.nested").status());
        assertEquals(Status.PASS, find(h, "virtualbox", "windows.virtualbox.hypervisor").status(),
                "VT-x visible in the guest: no Windows hypervisor holds it");
        WinHost hyperVGuest = new WinHost().wmi(CS, "Manufacturer", "Microsoft Corporation").wmi(CS, "Model", "Virtual Machine");
        Finding f = find(hyperVGuest, "hyperv", "windows.nested");
        assertEquals(Status.FAIL, f.status());
        assertTrue(en(f.fix()).contains("ExposeVirtualizationExtensions"), en(f.fix()));
    }

    @Test
    void guestRunningVbsHasNestedVirtualizationEvenThoughCpuidHidesVtx() {
        WinHost h = new WinHost().wmi(CS, "Manufacturer", "QEMU").wmi(CS, "Model", "Standard PC (Q35 + ICH9, 2009)")
                .hvciRunning();
        assertEquals(Status.PASS, find(h, "wsl2", "windows.nested").status());
        WinHost noVbs = new WinHost().wmi(CS, "Manufacturer", "QEMU").wmi(CS, "Model", "Standard PC (Q35 + ICH9, 2009)");
        assertTrue(en(find(noVbs, "wsl2", "windows.nested").fix()).contains("nested=1"));
    }

    @Test
    void surfaceIsHardwareNotAHyperVGuest() {
        WinHost h = new WinHost().wmi(CS, "Manufacturer", "Microsoft Corporation").wmi(CS, "Model", "Surface Pro 9");
        assertFalse(has(h, "hyperv", "windows.nested"));
        assertEquals(Verdict.READY, verdict(h, "hyperv"));
    }

    // ---- edition and builds ----------------------------------------------------------------------

    @Test
    void homeCannotRunHyperVContainersOrSandboxButCanRunWsl2AndVirtualBox() {
        WinHost h = new WinHost().sku(101);
        for (String t : List.of("hyperv", "windows-containers", "sandbox")) {
            Finding f = find(h, t, "windows.edition");
            assertEquals(Status.FAIL, f.status(), t);
            assertTrue(en(f.fix()).contains("WSL2"), en(f.fix()));
            assertTrue(en(f.detail()).startsWith("Edition Home cannot run"), "the edition's name, not a code word: " + en(f.detail()));
        }
        for (String t : List.of("wsl2", "virtualbox", "containers", "docker-desktop")) {
            assertFalse(has(h, t, "windows.edition"), t);
        }
        assertEquals(Status.PASS, find(new WinHost(), "hyperv", "windows.edition").status());
    }

    @Test
    void serverRunsHyperVAndContainersButNotSandbox() {
        WinHost h = new WinHost().sku(7).wmi(OS, "ProductType", 3L);
        assertEquals(Status.PASS, find(h, "hyperv", "windows.edition").status());
        assertEquals(Status.PASS, find(h, "windows-containers", "windows.edition").status());
        assertEquals(Status.FAIL, find(h, "sandbox", "windows.edition").status());
        assertFalse(evaluate(h, "windows-containers").stream().anyMatch(f -> f.id().equals("windows.feature.hyperv")),
                "Server runs process-isolated containers without the Hyper-V feature");
    }

    @Test
    void windowsContainersNeed1607() {
        assertEquals(Status.FAIL, find(new WinHost().build(10586, 0), "windows-containers", "windows.build.containers").status());
        assertEquals(Status.PASS, find(new WinHost().build(14393, 0), "windows-containers", "windows.build.containers").status());
    }

    @Test
    void sandboxNeeds1903() {
        assertEquals(Status.FAIL, find(new WinHost().build(17763, 0), "sandbox", "windows.build.sandbox").status());
        assertEquals(Status.PASS, find(new WinHost().build(18362, 0), "sandbox", "windows.build.sandbox").status());
    }

    @Test
    void wsl2NeedsBuild18362Revision1049OnX64And19041OnArm() {
        assertEquals(Status.FAIL, find(new WinHost().build(18362, 1048), "wsl2", "windows.build.wsl").status());
        assertEquals(Status.PASS, find(new WinHost().build(18363, 1049), "wsl2", "windows.build.wsl").status());
        assertEquals(Status.FAIL, find(new WinHost().build(17763, 0), "wsl2", "windows.build.wsl").status());
        assertEquals(Status.SKIP, find(new WinHost().build(18362, 0).noRegistry(CURRENT_VERSION), "wsl2",
                "windows.build.wsl").status());
        assertEquals(Status.FAIL, find(new WinHost().arch("arm64").wmi(CPU, "Architecture", 12L).build(18363, 1500),
                "wsl2", "windows.build.wsl").status());
        assertEquals(Status.PASS, find(new WinHost().arch("arm64").wmi(CPU, "Architecture", 12L).build(19041, 0),
                "wsl2", "windows.build.wsl").status());
    }

    @Test
    void dockerDesktopNeedsWindows10_22H2OrWindows11_23H2() {
        assertEquals(Status.FAIL, find(new WinHost().build(19044, 0), "docker-desktop", "windows.build.docker").status());
        assertEquals(Status.PASS, find(new WinHost().build(19045, 0), "docker-desktop", "windows.build.docker").status());
        assertEquals(Status.FAIL, find(new WinHost().build(22621, 0), "docker-desktop", "windows.build.docker").status());
        assertEquals(Status.PASS, find(new WinHost().build(26100, 0), "docker-desktop", "windows.build.docker").status());
    }

    // ---- features and services ----------------------------------------------------------------

    @Test
    void disabledFeatureFailsWithDismAndRebootFix() {
        Finding f = find(new WinHost().feature("VirtualMachinePlatform", 2), "wsl2", "windows.feature.vmp");
        assertEquals(Status.FAIL, f.status());
        assertTrue(en(f.fix()).contains("/FeatureName:VirtualMachinePlatform") && en(f.fix()).contains("reboot"));
        assertEquals(Status.PASS, find(new WinHost(), "wsl2", "windows.feature.vmp").status());
    }

    @Test
    void featureMissingFromTheClassIsAbsentNotUnknown() {
        Finding f = find(new WinHost().feature("Containers-DisposableClientVM", 0), "sandbox", "windows.feature.sandbox");
        assertEquals(Status.FAIL, f.status());
        assertTrue(en(f.detail()).contains("not available"));
        assertEquals(Status.SKIP, find(new WinHost().noWmi(FEATURES), "sandbox", "windows.feature.sandbox").status());
    }

    @Test
    void stoppedVmmsWarnsRunningPasses() {
        Finding f = find(new WinHost().value("windows.service.vmms", "stopped"), "hyperv", "windows.service.vmms");
        assertEquals(Status.WARN, f.status());
        assertTrue(en(f.fix()).contains("Start-Service vmms"));
        assertEquals("vmms está en estado detenido.", ES.render(f.detail()), "the state in the reader's words (it said 'stopped')");
        assertEquals(Status.PASS, find(new WinHost(), "hyperv", "windows.service.vmms").status());
    }

    @Test
    void haxmInstalledWarnsOnHyperV() {
        Finding f = find(new WinHost().value("windows.service.intelhaxm", "running"), "hyperv", "windows.haxm");
        assertEquals(Status.WARN, f.status());
        assertTrue(en(f.detail()).contains("Intel HAXM"));
        assertFalse(has(new WinHost(), "hyperv", "windows.haxm"));
    }

    // ---- hypervisorlaunchtype ---------------------------------------------------------------------

    @Test
    void launchTypeOffBlocksHypervisorTargetsWithAutoFix() {
        WinHost h = new WinHost().noHypervisor().launchType("hex:0000000000000000");
        for (String t : List.of("hyperv", "wsl2", "docker-desktop", "sandbox", "windows-containers", "containers")) {
            Finding f = find(h, t, "windows.launchtype");
            assertEquals(Status.FAIL, f.status(), t);
            assertTrue(en(f.fix()).contains("hypervisorlaunchtype auto") && en(f.fix()).contains("reboot"), en(f.fix()));
        }
        assertEquals(Status.PASS, find(new WinHost(), "hyperv", "windows.launchtype").status());
    }

    @Test
    void launchTypeAbsentWarnsOnlyWhenAHypervisorFeatureIsInstalled() {
        WinHost installed = new WinHost().launchType(null);
        assertEquals(Status.WARN, find(installed, "hyperv", "windows.launchtype").status());
        WinHost bare = new WinHost().noHypervisor().launchType(null).feature("Microsoft-Hyper-V-All", 2)
                .feature("Microsoft-Hyper-V-Hypervisor", 2).feature("VirtualMachinePlatform", 2);
        assertEquals(Status.PASS, find(bare, "wsl2", "windows.launchtype").status());
    }

    @Test
    void unreadableLaunchTypeUnelevatedSaysRunElevated() {
        WinHost h = new WinHost().noHypervisor().noRegistry(BOOTMGR).value("process.elevated", false)
                .command(List.of("bcdedit", "/enum", "{current}"), 1,
                        "Die Startkonfigurationsdaten konnten nicht geöffnet werden.\r\nZugriff verweigert\r\n");
        Finding f = find(h, "wsl2", "windows.launchtype");
        assertEquals(Status.SKIP, f.status());
        assertTrue(en(f.detail()).contains("Run as administrator"), en(f.detail()));
        assertEquals(Verdict.UNKNOWN, verdict(h, "wsl2"));
    }

    @Test
    void administratorNotElevatedIsToldApartFromAStandardUser() {
        WinHost admin = new WinHost().noHypervisor().noRegistry(BOOTMGR).value("process.elevated", false)
                .value("process.elevationType", "limited")
                .command(List.of("bcdedit", "/enum", "{current}"), 1, "Acceso denegado.\r\n");
        assertTrue(en(find(admin, "wsl2", "windows.launchtype").detail()).contains("you are an administrator"));
        WinHost user = new WinHost().noHypervisor().noRegistry(BOOTMGR).value("process.elevated", false)
                .value("process.elevationType", "default")
                .command(List.of("bcdedit", "/enum", "{current}"), 1, "Access is denied.\r\n");
        assertTrue(en(find(user, "wsl2", "windows.launchtype").detail()).contains("not an administrator"));
    }

    @Test
    void unknownFactsUnelevatedSuggestAnElevatedPrompt() {
        WinHost h = new WinHost().noWmi(FEATURES).value("process.elevated", false);
        assertTrue(en(find(h, "sandbox", "windows.feature.sandbox").detail()).contains("not elevated"));
        assertTrue(en(find(new WinHost().noWmi(FEATURES), "sandbox", "windows.feature.sandbox").detail())
                .contains("not captured"));
    }

    @Test
    void anHkcuValueThatIsNotThereNeverAsksForElevation() {
        // HKCU is the user's own hive: an unelevated prompt reads it, so absent is an answer, not a refusal.
        for (WinHost h : List.of(new WinHost().registry(LXSS, null), new WinHost().registry(LXSS, map("DefaultDistribution", "{x}")))) {
            Finding f = find(h.value("process.elevated", false), "wsl2", "windows.wsl.default");
            assertEquals(Status.SKIP, f.status());
            assertFalse(en(f.detail()).contains("elevated") || en(f.detail()).contains("administrator"), en(f.detail()));
            assertFalse(ES.render(f.detail()).contains("elevado"), ES.render(f.detail()));
            assertTrue(en(f.detail()).contains("needs no elevation"), en(f.detail()));
        }
        // An HKLM read that failed unelevated still gets the advice.
        WinHost hklm = new WinHost().noWmi(OS).noRegistry(CURRENT_VERSION).value("process.elevated", false);
        assertTrue(en(find(hklm, "wsl2", "windows.build.wsl").detail()).contains("not elevated"));
    }

    @Test
    void unreadableLaunchTypeWithTheHypervisorRunningPasses() {
        WinHost h = new WinHost().noRegistry(BOOTMGR).value("process.elevated", false);
        assertEquals(Status.PASS, find(h, "wsl2", "windows.launchtype").status());
    }

    @Test
    void bcdeditTextIsTheFallbackWhenTheRegistryIsNotCaptured() {
        WinHost h = new WinHost().noHypervisor().noRegistry(BOOTMGR).command(List.of("bcdedit", "/enum", "{current}"), 0,
                "\r\nCargador de arranque de Windows\r\n-------------------------------\r\nIdentificador           {current}\r\n"
                        + "path                    \\WINDOWS\\system32\\winload.efi\r\nhypervisorlaunchtype    Off\r\n");
        assertEquals(Status.FAIL, find(h, "hyperv", "windows.launchtype").status());
    }

    @Test
    void registryWinsOverBcdeditText() {
        WinHost h = new WinHost().command(List.of("bcdedit", "/enum", "{current}"), 0,
                "Windows Boot Loader\r\n-------------------\r\nidentifier {current}\r\nhypervisorlaunchtype Off\r\n");
        assertEquals(Status.PASS, find(h, "hyperv", "windows.launchtype").status());
    }

    @Test
    void withASecondBootEntryBcdeditCurrentDecidesNotTheDefault() {
        String other = "{22222222-3333-4444-5555-666666666666}";
        String order = "HKLM\\BCD00000000\\Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Elements\\24000001";
        String otherLaunch = "HKLM\\BCD00000000\\Objects\\" + other + "\\Elements\\250000f0";
        // Booted into the "no Hyper-V" copy: the default entry still says Auto.
        WinHost booted = new WinHost().noHypervisor().registry(order, map("Element", List.of(ENTRY, other)))
                .registry(otherLaunch, map("Element", "hex:0000000000000000"))
                .command(List.of("bcdedit", "/enum", "{current}"), 0, "Windows Boot Loader\r\n-------------------\r\n"
                        + "identifier              {current}\r\npath                    \\Windows\\system32\\winload.efi\r\n"
                        + "hypervisorlaunchtype    Off\r\n");
        assertEquals(Status.FAIL, find(booted, "hyperv", "windows.launchtype").status());
        assertFalse(has(booted, "hyperv", "windows.reboot"), "no 'reboot to start the hypervisor' advice");
        WinHost ambiguous = new WinHost().noHypervisor().registry(order, map("Element", List.of(ENTRY, other)))
                .registry(otherLaunch, map("Element", "hex:0000000000000000"));
        assertEquals(Status.SKIP, find(ambiguous, "hyperv", "windows.launchtype").status());
        WinHost agree = new WinHost().noHypervisor().registry(order, map("Element", List.of(ENTRY, other)))
                .registry(otherLaunch, map("Element", "hex:0100000000000000"));
        assertEquals(Status.PASS, find(agree, "hyperv", "windows.launchtype").status());
        WinHost single = new WinHost().noHypervisor().registry(order, map("Element", List.of(ENTRY)))
                .launchType("hex:0000000000000000");
        assertEquals(Status.FAIL, find(single, "hyperv", "windows.launchtype").status());
    }

    // ---- reboot pending ------------------------------------------------------------------------------

    @Test
    void rebootPendingWarnsAndIsOptional() {
        Finding f = find(new WinHost().registry(CBS, map()), "hyperv", "windows.reboot");
        assertEquals(Status.WARN, f.status());
        assertFalse(f.required());
        assertFalse(has(new WinHost(), "hyperv", "windows.reboot"));
    }

    @Test
    void autoButNotRunningMeansTheChangeWaitsForAReboot() {
        WinHost h = new WinHost().noHypervisor();
        assertTrue(en(find(h, "hyperv", "windows.reboot").detail()).contains("after a reboot"));
        WinHost offButRunning = new WinHost().launchType("hex:0000000000000000");
        assertTrue(en(find(offButRunning, "virtualbox", "windows.reboot").detail()).contains("still running"));
    }

    // ---- VirtualBox, VMware ---------------------------------------------------------------------------

    @Test
    void virtualBoxBefore6IsBlockedByARunningHypervisor() {
        WinHost h = new WinHost().registry(VBOX, map("Version", "5.2.44"));
        Finding f = find(h, "virtualbox", "windows.virtualbox.hypervisor");
        assertEquals(Status.FAIL, f.status());
        assertTrue(en(f.detail()).contains("VERR_VMX_NO_VMX"));
        assertTrue(en(f.fix()).contains("hypervisorlaunchtype off") && en(f.fix()).contains("bcdedit /copy \"{current}\""));
        assertTrue(en(f.fix()).contains("WSL2"), "names what stops working: " + en(f.fix()));
        assertEquals(Status.PASS, find(new WinHost().noHypervisor().registry(VBOX, map("Version", "5.2.44")),
                "virtualbox", "windows.virtualbox.hypervisor").status());
    }

    @Test
    void virtualBoxBefore6WithMemoryIntegritySaysOffAloneWillNotFreeVtx() {
        WinHost h = new WinHost().registry(VBOX, map("Version", "5.2.44")).hvciRunning();
        Finding f = find(h, "virtualbox", "windows.virtualbox.hypervisor");
        assertEquals(Status.FAIL, f.status());
        assertTrue(en(f.fix()).contains("will NOT free VT-x") && en(f.fix()).contains("memory integrity"), en(f.fix()));
    }

    @Test
    void virtualBox6OnTheHypervisorIsDegradedAndNeedsHypervisorPlatform() {
        WinHost h = new WinHost().registry(VBOX, map("Version", "6.1.50"));
        assertEquals(Status.WARN, find(h, "virtualbox", "windows.virtualbox.hypervisor").status());
        assertEquals(Status.PASS, find(h, "virtualbox", "windows.virtualbox.whp").status());
        WinHost noWhp = new WinHost().feature("HypervisorPlatform", 2);
        Finding f = find(noWhp, "virtualbox", "windows.virtualbox.whp");
        assertEquals(Status.FAIL, f.status());
        assertTrue(en(f.fix()).contains("/FeatureName:HypervisorPlatform"));
    }

    @Test
    void pinnedFindingNamesWhatKeepsTheHypervisorUp() {
        Finding pinned = find(new WinHost().hvciRunning(), "virtualbox", "windows.hypervisor.pinned");
        assertEquals(Status.WARN, pinned.status());
        assertTrue(en(pinned.detail()).contains("memory integrity (HVCI)"));
        Finding cg = find(new WinHost().wmi(DG, "SecurityServicesRunning", List.of(1L, 2L)), "virtualbox",
                "windows.hypervisor.pinned");
        assertTrue(en(cg.detail()).contains("Credential Guard") && en(cg.detail()).contains("memory integrity"), en(cg.detail()));
        assertEquals(Status.PASS, find(new WinHost(), "virtualbox", "windows.hypervisor.pinned").status());
    }

    @Test
    void registryConfiguredMemoryIntegrityCountsWhenWmiIsMissing() {
        WinHost h = new WinHost().noWmi(DG)
                .registry("HKLM\\SYSTEM\\CurrentControlSet\\Control\\DeviceGuard\\Scenarios\\HypervisorEnforcedCodeIntegrity",
                        map("Enabled", 1L));
        assertEquals(Status.WARN, find(h, "virtualbox", "windows.hypervisor.pinned").status());
    }

    @Test
    void vmwareBefore1555IsBlockedLaterIsDegraded() {
        WinHost old = new WinHost().registry(VMWARE, map("ProductVersion", "15.5.1"));
        assertEquals(Status.FAIL, find(old, "vmware", "windows.vmware.hypervisor").status());
        WinHost current = new WinHost().registry(VMWARE, map("ProductVersion", "17.5.2"));
        assertEquals(Status.WARN, find(current, "vmware", "windows.vmware.hypervisor").status());
        assertEquals(Verdict.DEGRADED, verdict(current, "vmware"));
        assertEquals(Status.PASS, find(old.noHypervisor(), "vmware", "windows.vmware.hypervisor").status());
    }

    @Test
    void vmwareOnWhpNeedsWindows19041Revision264() {
        WinHost h = new WinHost().registry(VMWARE, map("ProductVersion", "16.2.0"));
        assertEquals(Status.FAIL, find(h.build(19041, 263), "vmware", "windows.vmware.hypervisor").status());
        assertEquals(Status.WARN, find(new WinHost().registry(VMWARE, map("ProductVersion", "16.2.0")).build(19041, 264),
                "vmware", "windows.vmware.hypervisor").status());
        assertEquals(Status.FAIL, find(new WinHost().build(18363, 1500), "vmware", "windows.vmware.hypervisor").status());
    }

    // ---- WSL and Docker Desktop -------------------------------------------------------------------

    @Test
    void wslNotInstalledFailsWithInstallFix() {
        WinHost h = new WinHost().feature("Microsoft-Windows-Subsystem-Linux", 2).registry(LXSS, null)
                .command(List.of("wsl", "--status"), 50, "El Subsistema de Windows para Linux no está instalado.\r\n")
                .command(List.of("wsl", "--version"), 1, "");
        Finding f = find(h, "wsl2", "windows.wsl.installed");
        assertEquals(Status.FAIL, f.status());
        assertTrue(en(f.fix()).contains("wsl --install --no-distribution"));
        assertEquals(Status.PASS, find(new WinHost(), "wsl2", "windows.wsl.installed").status());
        WinHost old = new WinHost().build(18363, 1500).feature("Microsoft-Windows-Subsystem-Linux", 2).registry(LXSS, null)
                .command(List.of("wsl", "--status"), 50, "The Windows Subsystem for Linux is not installed.\r\n")
                .command(List.of("wsl", "--version"), 1, "");
        assertTrue(en(find(old, "wsl2", "windows.wsl.installed").fix()).contains("/FeatureName:Microsoft-Windows-Subsystem-Linux"));
    }

    @Test
    void wslDefaultVersion1Warns() {
        Finding f = find(new WinHost().registry(LXSS, map("DefaultVersion", 1L)), "wsl2", "windows.wsl.default");
        assertEquals(Status.WARN, f.status());
        assertEquals("windows.needs.none", ((Text) f.fix().args().get(1)).key());
        assertEquals(Status.PASS, find(new WinHost(), "wsl2", "windows.wsl.default").status());
    }

    @Test
    void dockerBackendWslHyperVOldWslOrNone() {
        assertTrue(en(find(new WinHost(), "docker-desktop", "windows.docker.backend").detail()).contains("WSL 2 backend"));
        WinHost oldWsl = new WinHost().feature("Microsoft-Hyper-V-All", 2)
                .command(List.of("wsl", "--version"), 0, "WSL version: 1.2.5.0\r\n");
        Finding f = find(oldWsl, "docker-desktop", "windows.docker.backend");
        assertEquals(Status.FAIL, f.status());
        assertTrue(en(f.fix()).contains("wsl --update"));
        WinHost hyperVOnly = new WinHost().feature("VirtualMachinePlatform", 2);
        assertTrue(en(find(hyperVOnly, "docker-desktop", "windows.docker.backend").detail()).contains("Hyper-V backend"));
        WinHost none = new WinHost().feature("VirtualMachinePlatform", 2).feature("Containers", 2);
        assertEquals(Status.FAIL, find(none, "docker-desktop", "windows.docker.backend").status());
    }

    @Test
    void summaryNamesWindowsBuildAndArch() {
        var s = new WinHost().rules().summary();
        assertEquals("Microsoft Windows 11 Pro", s.get("name"));
        assertEquals("22631.4460", s.get("build"));
        assertEquals("amd64", s.get("arch"));
    }
}
