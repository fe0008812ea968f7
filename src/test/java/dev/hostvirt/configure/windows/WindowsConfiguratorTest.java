package dev.hostvirt.configure.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.configure.Actions;
import dev.hostvirt.configure.ConfigureException;
import dev.hostvirt.configure.Engine;
import dev.hostvirt.configure.FaultHook;
import dev.hostvirt.configure.JournalStore;
import dev.hostvirt.configure.Outcome;
import dev.hostvirt.configure.Plan;
import dev.hostvirt.configure.Reboot;
import dev.hostvirt.configure.Step;
import dev.hostvirt.facts.windows.LaunchType;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.LiveHost;
import dev.hostvirt.host.LocalFiles;
import dev.hostvirt.i18n.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WindowsConfiguratorTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T21:00:00Z"), ZoneOffset.UTC);
    static final String PROFILE = "C:\\Users\\alice";

    @TempDir
    Path root;

    static WindowsPlanner planner(FakeWindows fake) {
        return new WindowsPlanner(new FactsWindowsState(fake.host()), fake.machine.stateDir(), CLOCK.instant(), WslConfigFile.inProfile(PROFILE),
                WindowsPlanner.originalLaunchType(new JournalStore(fake.machine).list()));
    }

    static Engine engine(FakeWindows fake) {
        return new Engine(fake.machine, Actions.standard(), CLOCK, FaultHook.NONE);
    }

    @Test
    void stepsAreVerifiedByFreshReadsNotByTheMemoizedHostThePlanCameFrom() {
        FakeWindows fake = new FakeWindows(root);
        // A live-style host: it remembers every answer (bcdedit's too), as LiveHost does for one run.
        LiveHost memoized = new LiveHost(new HostPlatform(HostPlatform.WINDOWS, "amd64"), new LocalFiles(root),
                fake.machine.runner(), fake.natives());
        WindowsPlanner p = new WindowsPlanner(new FactsWindowsState(memoized), fake.machine.stateDir(), CLOCK.instant(),
                WslConfigFile.inProfile(PROFILE), Optional.empty());
        Outcome out = engine(fake).apply(p.switchTo("virtualbox", null, false));
        assertTrue(out.succeeded(), () -> String.valueOf(out.failure()));
        assertEquals("Off", fake.entries.get(FakeWindows.CURRENT).get("hypervisorlaunchtype"));
        // The planning host still answers Auto; a verification through it would have failed.
        assertEquals(LaunchType.AUTO, new FactsWindowsState(memoized).launchType());
        assertEquals(LaunchType.OFF, new FactsWindowsState(fake.host()).launchType());
        assertTrue(planner(fake).switchTo("virtualbox", null, false).empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "es"})
    void switchToVirtualboxBacksUpTheStoreThenTurnsTheHypervisorOffOnCurrent(String lang) {
        FakeWindows fake = new FakeWindows(root);
        fake.lang = lang;
        Plan plan = planner(fake).switchTo("virtualbox", null, false);
        assertEquals(List.of(WindowsActions.BCD_EXPORT, WindowsActions.BCD_VALUE), plan.steps().stream().map(Step::kind).toList());
        assertEquals(List.of("bcdedit.exe", "/export", "C:\\ProgramData\\hostvirt\\bcd-backup-20261127-210000.bcd"),
                plan.steps().get(0).commands().get(0));
        assertEquals(List.of("bcdedit.exe", "/set", "{current}", "hypervisorlaunchtype", "Off"), plan.steps().get(1).commands().get(0));
        assertTrue(plan.notes().stream().anyMatch(t -> t.key().equals("configure.note.stops-working")));
        assertEquals(Reboot.REBOOT, plan.reboot());

        Outcome out = engine(fake).apply(plan);
        assertTrue(out.succeeded(), String.valueOf(out.failure()));
        assertEquals("Off", fake.entries.get(FakeWindows.CURRENT).get("hypervisorlaunchtype"));
        assertTrue(Files.isRegularFile(root.resolve("C/ProgramData/hostvirt/bcd-backup-20261127-210000.bcd")));
        assertEquals(Reboot.REBOOT, out.reboot());
        // Idempotent: the second switch finds Off and plans nothing.
        Plan again = planner(fake).switchTo("virtualbox", null, false);
        assertTrue(again.empty());
        assertEquals("configure.note.already-off", again.notes().get(0).key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "es"})
    void aBootEntryCopyGetsTheHypervisorOffAndCurrentIsLeftAlone(String lang) {
        FakeWindows fake = new FakeWindows(root);
        fake.lang = lang;
        String name = "VirtualBox & VMware | sin Hyper-V {1}";
        Plan plan = planner(fake).switchTo("vmware", name, false);
        assertEquals(List.of(WindowsActions.BCD_EXPORT, WindowsActions.BCD_COPY), plan.steps().stream().map(Step::kind).toList());
        assertTrue(engine(fake).apply(plan).succeeded());
        assertEquals("Auto", fake.entries.get(FakeWindows.CURRENT).get("hypervisorlaunchtype"));
        assertEquals(2, fake.entries.size());
        Map.Entry<String, Map<String, String>> copy = fake.entries.entrySet().stream()
                .filter(e -> !e.getKey().equals(FakeWindows.CURRENT)).findFirst().orElseThrow();
        assertEquals(name, copy.getValue().get("description"));
        assertEquals("Off", copy.getValue().get("hypervisorlaunchtype"));
        // The name went to bcdedit as one argv element; the GUID came from the translated sentence.
        assertTrue(fake.calls.contains(List.of("bcdedit.exe", "/copy", "{current}", "/d", name)));
        assertTrue(fake.calls.stream().anyMatch(c -> c.size() == 5 && c.get(1).equals("/set")
                && c.get(2).equalsIgnoreCase(copy.getKey()) && c.get(4).equals("Off")), fake.calls.toString());
        // Undo deletes exactly the copy.
        JournalStore store = new JournalStore(fake.machine);
        assertTrue(engine(fake).undo(store.list().get(0)).succeeded());
        assertEquals(List.of(FakeWindows.CURRENT), List.copyOf(fake.entries.keySet()));
    }

    @Test
    void hostileBootEntryNamesAreRejectedWithOneLine() {
        FakeWindows fake = new FakeWindows(root);
        for (String bad : List.of("say \"hi\"", "line\nbreak", "x".repeat(10_240), "back\\slash", "/d", "-x", "", "tab\there",
                "no $env:USERNAME", "tick`n", "\u201ccurly\u201d")) {
            ConfigureException e = assertThrows(ConfigureException.class, () -> planner(fake).switchTo("virtualbox", bad, false));
            assertEquals("configure.error.bad-boot-entry", e.text().key());
            assertEquals(2, e.exitCode());
            String line = Messages.forLanguage("en").render(e.text());
            assertFalse(line.contains("\n"), line);
            assertTrue(line.length() < 300, "10 kB name is not echoed whole");
        }
        assertTrue(fake.calls.isEmpty() || fake.calls.stream().noneMatch(c -> c.contains("/copy")));
    }

    @Test
    void runningMemoryIntegrityRefusesUnlessTheUserAsksToLowerSecurity() {
        FakeWindows fake = new FakeWindows(root);
        fake.vbs = true;
        ConfigureException e = assertThrows(ConfigureException.class, () -> planner(fake).switchTo("virtualbox", null, false));
        assertEquals("configure.windows.vbs-running", e.text().key());
        assertEquals(1, e.exitCode());
        // Memory integrity alone runs: only its switch is turned off, with its own reason (QA repro-10).
        Plan hvciOnly = planner(fake).switchTo("virtualbox", null, true);
        assertEquals(List.of(WindowsActions.BCD_EXPORT, WindowsActions.REG_DWORD, WindowsActions.BCD_VALUE),
                hvciOnly.steps().stream().map(Step::kind).toList());
        assertEquals("Enabled", hvciOnly.steps().get(1).params().get("name"));
        assertEquals("configure.why.hvci-off", hvciOnly.steps().get(1).why().key());
        // Credential Guard running too, and VBS switched on in its own right (Group Policy): all three.
        fake.credentialGuard = true;
        fake.registry.put(WindowsPlanner.DEVICE_GUARD_KEY + "\\EnableVirtualizationBasedSecurity", 1);
        Plan plan = planner(fake).switchTo("virtualbox", null, true);
        assertEquals(List.of(WindowsActions.BCD_EXPORT, WindowsActions.REG_DWORD, WindowsActions.REG_DWORD,
                WindowsActions.REG_DWORD, WindowsActions.BCD_VALUE), plan.steps().stream().map(Step::kind).toList());
        assertEquals(List.of("configure.why.hvci-off", "configure.why.vbs-off", "configure.why.credential-guard-off"),
                plan.steps().subList(1, 4).stream().map(st -> st.why().key()).toList());
        assertEquals(List.of("reg.exe", "add", WindowsPlanner.LSA_KEY, "/v", "LsaCfgFlags", "/t", "REG_DWORD", "/d", "0", "/f"),
                plan.steps().get(3).commands().get(0));
        fake.registry.remove(WindowsPlanner.DEVICE_GUARD_KEY + "\\EnableVirtualizationBasedSecurity");
        fake.registry.put(WindowsPlanner.LSA_KEY + "\\LsaCfgFlags", 1);
        assertTrue(plan.notes().stream().anyMatch(t -> t.key().equals("configure.note.lowers-security")));
        assertTrue(engine(fake).apply(plan).succeeded());
        assertEquals(0, fake.registry.get(WindowsPlanner.HVCI_KEY + "\\Enabled"));
        assertTrue(engine(fake).undo(new JournalStore(fake.machine).list().get(0)).succeeded());
        assertNull(fake.registry.get(WindowsPlanner.HVCI_KEY + "\\Enabled"));
        assertNull(fake.registry.get(WindowsPlanner.DEVICE_GUARD_KEY + "\\EnableVirtualizationBasedSecurity"));
        assertEquals(1, fake.registry.get(WindowsPlanner.LSA_KEY + "\\LsaCfgFlags"), "a value that existed is put back, not deleted");
    }

    @Test
    void backToHypervDeletesTheValueWhenItWasAbsentBeforeHostvirt() {
        FakeWindows fake = new FakeWindows(root);
        fake.entries.get(FakeWindows.CURRENT).remove("hypervisorlaunchtype");
        String before = fake.state();
        assertTrue(engine(fake).apply(planner(fake).switchTo("virtualbox", null, false)).succeeded());
        Plan back = planner(fake).switchTo("hyperv", null, false);
        assertEquals(List.of(List.of("bcdedit.exe", "/deletevalue", "{current}", "hypervisorlaunchtype")),
                back.steps().get(1).commands());
        assertTrue(engine(fake).apply(back).succeeded());
        assertFalse(fake.entries.get(FakeWindows.CURRENT).containsKey("hypervisorlaunchtype"));
        assertEquals(before.lines().findFirst(), fake.state().lines().findFirst());
    }

    @Test
    void backToHypervSetsAutoAndEnablesTheMissingFeature() {
        FakeWindows fake = new FakeWindows(root);
        fake.entries.get(FakeWindows.CURRENT).put("hypervisorlaunchtype", "Off");
        fake.features.put(WindowsPlanner.HYPERV, "Disabled");
        Plan back = planner(fake).switchTo("hyperv", null, false);
        assertEquals(List.of(WindowsActions.BCD_EXPORT, WindowsActions.BCD_VALUE, WindowsActions.FEATURE),
                back.steps().stream().map(Step::kind).toList());
        assertEquals(List.of("dism.exe", "/Online", "/English", "/NoRestart", "/Enable-Feature", "/FeatureName:Microsoft-Hyper-V-All", "/All"),
                back.steps().get(2).commands().get(0));
        Outcome out = engine(fake).apply(back);
        assertTrue(out.succeeded(), String.valueOf(out.failure()));
        assertEquals("Auto", fake.entries.get(FakeWindows.CURRENT).get("hypervisorlaunchtype"));
        assertEquals("Enable Pending", fake.features.get(WindowsPlanner.HYPERV));
        assertEquals(Reboot.REBOOT, out.reboot());
    }

    @Test
    void enableWsl2EnablesFeaturesInstallsWslAndIsIdempotent() {
        FakeWindows fake = new FakeWindows(root);
        Plan plan = planner(fake).enable("wsl2", Map.of("memory", "4GB"));
        assertEquals(List.of(WindowsActions.FEATURE, WindowsActions.WSL_INSTALL, WindowsActions.WSL_VERSION, "file"),
                plan.steps().stream().map(Step::kind).toList());
        assertEquals(List.of("wsl.exe", "--install", "--no-distribution"), plan.steps().get(1).commands().get(0));
        assertFalse(plan.steps().get(1).reversible());
        Outcome out = engine(fake).apply(plan);
        assertTrue(out.succeeded(), String.valueOf(out.failure()));
        assertEquals("Enable Pending", fake.features.get(WindowsPlanner.WSL_FEATURE));
        assertTrue(fake.wslInstalled);
        assertEquals(2, fake.registry.get(FakeWindows.lxss()));
        assertTrue(planner(fake).enable("wsl2", Map.of("memory", "4GB")).empty());
    }

    @Test
    void enablingWsl2AfterSwitchToVirtualboxLaunchesTheHypervisorAgain() {
        FakeWindows fake = new FakeWindows(root);
        assertTrue(engine(fake).apply(planner(fake).switchTo("virtualbox", null, false)).succeeded());
        assertEquals("Off", fake.entries.get(FakeWindows.CURRENT).get("hypervisorlaunchtype"));
        // WSL 2 runs on the hypervisor: enabling its features alone left it failing after the reboot.
        Plan plan = planner(fake).enable("wsl2", Map.of());
        assertEquals(List.of(WindowsActions.BCD_EXPORT, WindowsActions.BCD_VALUE), plan.steps().stream().limit(2).map(Step::kind).toList());
        assertEquals(List.of("bcdedit.exe", "/set", "{current}", "hypervisorlaunchtype", "Auto"), plan.steps().get(1).commands().get(0));
        assertTrue(engine(fake).apply(plan).succeeded());
        assertEquals("Auto", fake.entries.get(FakeWindows.CURRENT).get("hypervisorlaunchtype"));
        assertTrue(planner(fake).enable("wsl2", Map.of()).steps().stream().noneMatch(st -> st.kind().equals(WindowsActions.BCD_VALUE)),
                "launched: nothing more to do there");
    }

    @Test
    void enablingHypervWithItsFeatureOnButTheLaunchTypeOffLaunchesTheHypervisor() {
        FakeWindows fake = new FakeWindows(root);
        fake.entries.get(FakeWindows.CURRENT).put("hypervisorlaunchtype", "Off");
        fake.features.put(WindowsPlanner.CONTAINERS, "Enabled");
        fake.features.put(WindowsPlanner.SANDBOX, "Enabled");
        for (String target : List.of("hyperv", "windows-containers", "sandbox")) {
            // `check --for hyperv` is blocked by Off, yet the plan said "nothing to change".
            Plan plan = planner(fake).enable(target, Map.of());
            assertEquals(List.of(WindowsActions.BCD_EXPORT, WindowsActions.BCD_VALUE), plan.steps().stream().map(Step::kind).toList(), target);
            assertEquals(List.of("bcdedit.exe", "/set", "{current}", "hypervisorlaunchtype", "Auto"), plan.steps().get(1).commands().get(0));
            assertEquals(Reboot.REBOOT, plan.steps().get(1).reboot(), target);
        }
        Outcome out = engine(fake).apply(planner(fake).enable("hyperv", Map.of()));
        assertTrue(out.succeeded(), String.valueOf(out.failure()));
        assertEquals("Auto", fake.entries.get(FakeWindows.CURRENT).get("hypervisorlaunchtype"));
        assertTrue(planner(fake).enable("hyperv", Map.of()).empty());
    }

    @Test
    void homeEditionsSkipWhatTheyCannotHaveWithAReason() {
        FakeWindows fake = new FakeWindows(root);
        fake.sku = 101;
        for (String target : List.of("hyperv", "windows-containers", "sandbox")) {
            // Refused (1), not "nothing to change" (0): `enable sandbox --apply && echo ok` said ok on Home.
            ConfigureException e = assertThrows(ConfigureException.class, () -> planner(fake).enable(target, Map.of()), target);
            assertEquals(1, e.exitCode(), target);
            assertEquals("configure.windows.edition-lacks", e.text().key(), target);
        }
        fake.sku = 48;
        fake.missingFeatures.add(WindowsPlanner.SANDBOX);
        Plan sandbox = planner(fake).enable("sandbox", Map.of());
        assertTrue(sandbox.empty());
        assertEquals("configure.note.feature-absent", sandbox.notes().get(0).key());
    }

    @Test
    void thirtyTwoBitWindowsIsRefusedBeforeAnyPlanWhateverTheEdition() {
        FakeWindows fake = new FakeWindows(root);
        fake.osArchitecture = "32 bits";
        for (int sku : new int[] {101, 48}) {
            fake.sku = sku;
            for (String target : List.of("wsl2", "containers", "hyperv", "sandbox", "windows-containers")) {
                ConfigureException e = assertThrows(ConfigureException.class, () -> planner(fake).enable(target, Map.of()), target);
                assertEquals(1, e.exitCode(), target);
                assertEquals("configure.windows.needs-64bit", e.text().key(), target);
                for (Messages m : List.of(Messages.forLanguage("en"), Messages.forLanguage("es"))) {
                    String line = m.render(e.text());
                    assertEquals(1, line.lines().count(), line);
                    assertTrue(line.contains(target) && line.contains("64"), line);
                }
            }
        }
        assertThrows(ConfigureException.class, () -> planner(fake).switchTo("hyperv", null, false));
        assertTrue(fake.calls.stream().noneMatch(c -> c.contains("/Enable-Feature") || c.contains("--install")));
    }

    @Test
    void vmIdleTimeoutIsWrittenAndWindows10IsToldItIgnoresIt() throws Exception {
        FakeWindows fake = new FakeWindows(root);
        fake.wslInstalled = true;
        Plan plan = planner(fake).enable("wsl2", Map.of("vmIdleTimeout", "-1"));
        assertTrue(plan.notes().stream().noneMatch(n -> n.key().equals("configure.note.wslconfig-windows11")), plan.notes().toString());
        assertTrue(engine(fake).apply(plan).succeeded());
        assertEquals("[wsl2]\nvmIdleTimeout=-1\n", Files.readString(fake.machine.path(PROFILE + "\\.wslconfig")));
        fake.build = 19045;
        Plan win10 = planner(fake).enable("wsl2", Map.of("vmIdleTimeout", "60000"));
        assertTrue(win10.notes().stream().anyMatch(n -> n.key().equals("configure.note.wslconfig-windows11")), win10.notes().toString());
    }

    @Test
    void tooOldABuildIsRefused() {
        FakeWindows fake = new FakeWindows(root);
        fake.build = 17763;
        ConfigureException e = assertThrows(ConfigureException.class, () -> planner(fake).enable("wsl2", Map.of()));
        assertEquals("configure.windows.build-too-old", e.text().key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "es"})
    void accessDeniedFailsTheFirstStepAndChangesNothing(String lang) {
        FakeWindows fake = new FakeWindows(root);
        fake.lang = lang;
        fake.elevated = false;
        ConfigureException e = assertThrows(ConfigureException.class, () -> planner(fake).requireElevated());
        assertEquals("configure.windows.need-elevation", e.text().key());
        String before = fake.state();
        Outcome out = engine(fake).apply(planner(fake).switchTo("virtualbox", null, false));
        assertFalse(out.succeeded());
        assertEquals("configure.error.command-failed", out.failure().key());
        String said = String.valueOf(out.failure().args().get(2));
        assertTrue(said.contains(lang.equals("es") ? "Acceso denegado." : "Access is denied."), said);
        assertEquals(before, fake.state());
    }

    @Test
    void dismExit3010IsSuccessWithARebootAndAFailedDismRollsBack() {
        FakeWindows fake = new FakeWindows(root);
        fake.features.put(WindowsPlanner.CONTAINERS, "Disabled");
        fake.features.put(WindowsPlanner.HYPERV, "Disabled");
        String before = fake.state();
        fake.failOn(WindowsActions.enableArgv(WindowsPlanner.HYPERV).toArray(String[]::new));
        Outcome out = engine(fake).apply(planner(fake).enable("windows-containers", Map.of()));
        assertFalse(out.succeeded());
        assertEquals(before, fake.state(), "Containers was enabled, then disabled again by the roll-back");
        assertTrue(fake.calls.contains(WindowsActions.disableArgv(WindowsPlanner.CONTAINERS)));
    }

    @Test
    void originalLaunchTypeIsReadFromTheOldestAppliedChange() {
        FakeWindows fake = new FakeWindows(root);
        assertEquals(Optional.empty(), WindowsPlanner.originalLaunchType(new JournalStore(fake.machine).list()));
        engine(fake).apply(planner(fake).switchTo("virtualbox", null, false));
        assertEquals(Optional.of("Auto"), WindowsPlanner.originalLaunchType(new JournalStore(fake.machine).list()));
    }

    @Test
    void withoutWmiTheRegistryAndDismGiveTheSamePlans() {
        FakeWindows withWmi = new FakeWindows(root.resolve("a"));
        FakeWindows without = new FakeWindows(root.resolve("b"));
        without.wmi = false;
        for (FakeWindows f : List.of(withWmi, without)) {
            f.features.put(WindowsPlanner.HYPERV, "Disabled");
            f.missingFeatures.add(WindowsPlanner.SANDBOX);
        }
        for (String target : List.of("wsl2", "hyperv", "windows-containers", "sandbox")) {
            Plan a = planner(withWmi).enable(target, Map.of());
            Plan b = planner(without).enable(target, Map.of());
            assertEquals(a.steps().stream().map(Step::commands).toList(), b.steps().stream().map(Step::commands).toList(), target);
            assertEquals(a.notes(), b.notes(), target);
        }
        without.edition = "CoreSingleLanguage";
        assertEquals("configure.windows.edition-lacks",
                assertThrows(ConfigureException.class, () -> planner(without).enable("hyperv", Map.of())).text().key());
        without.build = 17763;
        assertThrows(ConfigureException.class, () -> planner(without).enable("wsl2", Map.of()));
    }

    @Test
    void withoutWmiMemoryIntegrityConfiguredInTheRegistryStillRefuses() {
        FakeWindows fake = new FakeWindows(root);
        fake.wmi = false;
        assertTrue(planner(fake).switchTo("virtualbox", null, false).steps().size() == 2);
        fake.registry.put(WindowsPlanner.HVCI_KEY + "\\Enabled", 1);
        ConfigureException e = assertThrows(ConfigureException.class, () -> planner(fake).switchTo("virtualbox", null, false));
        assertEquals("configure.windows.vbs-running", e.text().key());
    }

    @Test
    void aFailedRestoreLeavesTheChangeSetOpenUntilUndoSucceeds() {
        FakeWindows fake = new FakeWindows(root);
        String before = fake.state();
        Outcome out = engine(fake).apply(planner(fake).switchTo("virtualbox", null, false));
        fake.failOn("bcdedit.exe", "/set", "{current}", "hypervisorlaunchtype", "Auto");
        JournalStore store = new JournalStore(fake.machine);
        Outcome first = engine(fake).undo(store.find(out.changeSet()));
        assertFalse(first.succeeded());
        assertEquals("configure.error.command-failed", first.rollbackProblems().get(0).key());
        assertEquals(dev.hostvirt.configure.Journal.Status.UNDOING, store.find(out.changeSet()).status());
        assertEquals(1, dev.hostvirt.configure.StatusView.of(fake.machine).interrupted().size());
        fake.clearFailures();
        assertTrue(engine(fake).undo(store.find(out.changeSet())).succeeded());
        assertEquals(before, fake.state());
        assertEquals(dev.hostvirt.configure.Journal.Status.UNDONE, store.find(out.changeSet()).status());
    }
}
