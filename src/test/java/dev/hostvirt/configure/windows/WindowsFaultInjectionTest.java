package dev.hostvirt.configure.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.configure.Actions;
import dev.hostvirt.configure.ConfigureException;
import dev.hostvirt.configure.Engine;
import dev.hostvirt.configure.FaultHook;
import dev.hostvirt.configure.Journal;
import dev.hostvirt.configure.Outcome;
import dev.hostvirt.configure.Plan;
import dev.hostvirt.configure.SimulatedCrash;
import dev.hostvirt.configure.StatusView;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * For every step boundary of each Windows switch and enable, against the simulated Windows host (in
 * English and Spanish): stop the apply there, then prove that undo from the journal alone restores
 * the exact before-state: BCD values, boot entries, features, registry values and files. The one
 * step the plan marks irreversible (wsl --install) is reported by undo instead of being reverted.
 */
class WindowsFaultInjectionTest {

    record Scenario(String name, Consumer<FakeWindows> setup, Function<FakeWindows, Plan> plan) {
    }

    static List<Scenario> scenarios() {
        return List.of(
                new Scenario("switch virtualbox", f -> { }, f -> WindowsConfiguratorTest.planner(f).switchTo("virtualbox", null, false)),
                new Scenario("switch vmware --boot-entry", f -> { },
                        f -> WindowsConfiguratorTest.planner(f).switchTo("vmware", "Sin Hyper-V", false)),
                new Scenario("switch virtualbox, memory integrity and Credential Guard turned off", f -> {
                    f.vbs = true;
                    f.credentialGuard = true;
                },
                        f -> WindowsConfiguratorTest.planner(f).switchTo("virtualbox", null, true)),
                new Scenario("switch hyperv", f -> {
                    f.entries.get(FakeWindows.CURRENT).put("hypervisorlaunchtype", "Off");
                    f.features.put(WindowsPlanner.HYPERV, "Disabled");
                }, f -> WindowsConfiguratorTest.planner(f).switchTo("hyperv", null, false)),
                new Scenario("enable wsl2 with .wslconfig", f -> {
                    f.features.put(WindowsPlanner.VMP, "Disabled");
                    writeWslConfig(f);
                }, f -> WindowsConfiguratorTest.planner(f).enable("wsl2", Map.of("memory", "4GB", "processors", "2"))),
                new Scenario("enable windows-containers", f -> f.features.put(WindowsPlanner.HYPERV, "Disabled"),
                        f -> WindowsConfiguratorTest.planner(f).enable("windows-containers", Map.of())));
    }

    static void writeWslConfig(FakeWindows f) {
        try {
            var p = f.machine.path(WindowsConfiguratorTest.PROFILE + "\\.wslconfig");
            Files.createDirectories(p.getParent());
            Files.writeString(p, "# mine\r\n[wsl2]\r\nmemory = 8GB ; half\r\nswap=0\r\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBoundaryOfEverySwitchAndEnableIsRecoverable() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String lang : List.of("en", "es")) {
            for (Scenario s : scenarios()) {
                List<int[]> seen = new ArrayList<>();
                FakeWindows probe = fake(lang, s);
                Outcome clean = new Engine(probe.machine, Actions.standard(), WindowsConfiguratorTest.CLOCK,
                        (step, p) -> seen.add(new int[] {step, p.ordinal()})).apply(s.plan().apply(probe));
                assertTrue(clean.succeeded(), s.name() + ": " + clean.failure());
                assertTrue(seen.size() >= 6, s.name());
                for (int[] b : seen) {
                    FaultHook.Point point = FaultHook.Point.values()[b[1]];
                    tests.add(DynamicTest.dynamicTest("[" + lang + "] " + s.name() + ": killed at step " + (b[0] + 1) + " " + point,
                            () -> crashThenUndo(lang, s, b[0], point)));
                }
            }
        }
        return tests.stream();
    }

    private static FakeWindows fake(String lang, Scenario s) throws IOException {
        FakeWindows f = new FakeWindows(Files.createTempDirectory("hostvirt-win"));
        f.lang = lang;
        s.setup().accept(f);
        return f;
    }

    private void crashThenUndo(String lang, Scenario s, int at, FaultHook.Point point) throws IOException {
        FakeWindows fake = fake(lang, s);
        Plan plan = s.plan().apply(fake);
        boolean wslBefore = fake.wslInstalled;
        String before = fake.state();
        FaultHook crash = (step, p) -> {
            if (step == at && p == point) {
                throw new SimulatedCrash(step + " " + p);
            }
        };
        assertThrows(SimulatedCrash.class, () -> new Engine(fake.machine, Actions.standard(), WindowsConfiguratorTest.CLOCK, crash).apply(plan));

        Engine next = new Engine(fake.machine, Actions.standard(), WindowsConfiguratorTest.CLOCK, FaultHook.NONE);
        assertEquals(1, StatusView.of(fake.machine).interrupted().size());
        assertEquals("configure.error.interrupted", assertThrows(ConfigureException.class, () -> next.apply(plan)).text().key());
        Journal stuck = next.store().interrupted().get(0);
        Outcome undone = next.undo(stuck);
        assertTrue(undone.succeeded(), String.valueOf(undone.rollbackProblems()));
        if (fake.wslInstalled != wslBefore) {
            assertTrue(undone.rollbackProblems().stream().anyMatch(t -> t.key().equals("configure.undo.irreversible")));
            fake.wslInstalled = wslBefore;
        }
        assertEquals(before, fake.state());
        assertEquals(Journal.Status.ROLLED_BACK, next.store().find(stuck.id()).status());
    }
}
