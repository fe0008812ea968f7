package dev.hostvirt.configure.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.configure.Actions;
import dev.hostvirt.configure.Engine;
import dev.hostvirt.configure.FaultHook;
import dev.hostvirt.configure.Journal;
import dev.hostvirt.configure.StatusView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real process dies mid-apply (halted like kill -9, nothing flushed afterwards), and this process
 * recovers from what the dead one left on disk: the journal must already have been durable.
 */
class RealKillTest {

    @ParameterizedTest(name = "child halted at step {0} {1}")
    @CsvSource({"0, APPLIED", "2, JOURNALED", "2, APPLIED", "3, DONE"})
    void undoRestoresTheMachineAfterTheApplyingProcessIsKilled(int step, String point) throws Exception {
        Path root = Files.createTempDirectory("hostvirt-kill");
        FakeLinux fake = new FakeLinux(root);
        Map<String, String> before = LinuxFixtures.state(fake);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                CrashingApply.class.getName(), root.toString(), String.valueOf(step), point))
                .redirectErrorStream(true).redirectOutput(root.resolve("child.log").toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child did not finish");
        assertEquals(137, child.exitValue(), Files.readString(root.resolve("child.log")));
        Files.delete(root.resolve("child.log"));

        StatusView status = StatusView.of(fake.machine);
        assertEquals(1, status.interrupted().size());
        Engine engine = new Engine(fake.machine, Actions.standard(), Clock.systemUTC(), FaultHook.NONE);
        Journal stuck = status.interrupted().get(0);
        assertTrue(engine.undo(stuck).succeeded());
        assertEquals(before, LinuxFixtures.state(fake));
    }
}
