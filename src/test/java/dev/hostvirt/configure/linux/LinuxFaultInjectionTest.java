package dev.hostvirt.configure.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.configure.Actions;
import dev.hostvirt.configure.ConfigureException;
import dev.hostvirt.configure.Engine;
import dev.hostvirt.configure.FaultHook;
import dev.hostvirt.configure.Journal;
import dev.hostvirt.configure.Plan;
import dev.hostvirt.configure.SimulatedCrash;
import dev.hostvirt.configure.StatusView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * For every step boundary of each Linux switch and enable: stop the process there (as kill -9 would),
 * then prove that status finds the interrupted change set, that apply refuses to start another, and
 * that undo (from the journal alone, in a fresh engine) restores the exact before-state.
 */
class LinuxFaultInjectionTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T21:00:00Z"), ZoneOffset.UTC);

    record Scenario(String name, Function<FakeLinux, Plan> plan) {
    }

    static List<Scenario> scenarios() {
        return List.of(
                new Scenario("switch virtualbox", f -> planner(f).switchTo("virtualbox", null)),
                new Scenario("switch kvm --add-to-kvm-group alice", f -> {
                    new Engine(f.machine, Actions.standard(), CLOCK, FaultHook.NONE).apply(planner(f).switchTo("virtualbox", null));
                    return planner(f).switchTo("kvm", "alice");
                }),
                new Scenario("enable containers", f -> planner(f).enable("containers", null)),
                new Scenario("enable rootless", f -> planner(f).enable("rootless", "alice")),
                new Scenario("enable cgroupv2 (update-grub)", f -> {
                    f.write("/usr/sbin/update-grub", "");
                    f.write("/etc/default/grub", "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX=\"quiet\"\n");
                    f.updateGrub();
                    return planner(f).enable("cgroupv2", null);
                }),
                new Scenario("enable cgroupv2 (grubby)", f -> {
                    f.write("/usr/sbin/grubby", "");
                    f.write("/boot/fake-grubby-args", "ro systemd.unified_cgroup_hierarchy=0\n");
                    return planner(f).enable("cgroupv2", null);
                }));
    }

    static LinuxPlanner planner(FakeLinux f) {
        return new LinuxPlanner(new FactsLinuxState(f.host()));
    }

    @TestFactory
    Stream<DynamicTest> everyBoundaryOfEverySwitchAndEnableIsRecoverable() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenario s : scenarios()) {
            // The boundaries a clean apply passes (a step found already done passes none).
            List<int[]> seen = new ArrayList<>();
            FakeLinux probe = new FakeLinux(Files.createTempDirectory("probe"));
            Plan plan = s.plan().apply(probe);
            new Engine(probe.machine, Actions.standard(), CLOCK, (step, p) -> seen.add(new int[] {step, p.ordinal()})).apply(plan);
            assertTrue(seen.size() >= 3, s.name() + " passes too few boundaries: " + seen.size());
            for (int[] b : seen) {
                FaultHook.Point point = FaultHook.Point.values()[b[1]];
                tests.add(DynamicTest.dynamicTest(s.name() + ": killed at step " + (b[0] + 1) + " " + point,
                        () -> crashThenUndo(s, b[0], point)));
            }
        }
        return tests.stream();
    }

    private void crashThenUndo(Scenario s, int at, FaultHook.Point point) throws IOException {
        Path root = Files.createTempDirectory("hostvirt-fault");
        FakeLinux fake = new FakeLinux(root);
        Plan plan = s.plan().apply(fake);
        Map<String, String> before = LinuxFixtures.state(fake);
        FaultHook crash = (step, p) -> {
            if (step == at && p == point) {
                throw new SimulatedCrash("step " + step + " " + p);
            }
        };
        assertThrows(SimulatedCrash.class, () -> new Engine(fake.machine, Actions.standard(), CLOCK, crash).apply(plan));

        // A new process: only the journal on disk knows what happened.
        Engine next = new Engine(fake.machine, Actions.standard(), CLOCK, FaultHook.NONE);
        StatusView status = StatusView.of(fake.machine);
        assertEquals(1, status.interrupted().size());
        ConfigureException refused = assertThrows(ConfigureException.class, () -> next.apply(plan));
        assertEquals("configure.error.interrupted", refused.text().key());

        Journal stuck = next.store().interrupted().get(0);
        assertTrue(next.undo(stuck).succeeded());
        assertEquals(before, LinuxFixtures.state(fake));
        assertEquals(Journal.Status.ROLLED_BACK, next.store().find(stuck.id()).status());
        assertTrue(StatusView.of(fake.machine).interrupted().isEmpty());
    }

    @TestFactory
    Stream<DynamicTest> aCrashDuringTheRollBackIsFinishedByTheNextUndo() {
        List<DynamicTest> tests = new ArrayList<>();
        // Steps 4 (vboxdrv, failed), 3 (drop-in) and 1 (kvm_intel) are reverted; step 2 (kvm) was found done.
        for (int r : new int[] {3, 2, 0}) {
            tests.add(DynamicTest.dynamicTest("killed while reverting step " + (r + 1), () -> {
                FakeLinux fake = new FakeLinux(Files.createTempDirectory("hostvirt-rb"));
                Map<String, String> before = LinuxFixtures.state(fake);
                fake.failOn("modprobe", "vboxdrv");
                FaultHook crash = (step, p) -> {
                    if (step == r && p == FaultHook.Point.REVERTED) {
                        throw new SimulatedCrash("revert " + step);
                    }
                };
                Plan plan = planner(fake).switchTo("virtualbox", null);
                assertThrows(SimulatedCrash.class, () -> new Engine(fake.machine, Actions.standard(), CLOCK, crash).apply(plan));
                Engine next = new Engine(fake.machine, Actions.standard(), CLOCK, FaultHook.NONE);
                Journal stuck = next.store().interrupted().get(0);
                assertEquals(Journal.Status.ROLLING_BACK, stuck.status());
                assertTrue(next.undo(stuck).succeeded());
                assertEquals(before, LinuxFixtures.state(fake));
            }));
        }
        return tests.stream();
    }
}
