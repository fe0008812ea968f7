package dev.hostvirt.configure.linux;

import dev.hostvirt.configure.Actions;
import dev.hostvirt.configure.Engine;
import dev.hostvirt.configure.FaultHook;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The child process of {@link RealKillTest}: applies `switch virtualbox` to a fake root and halts the
 * JVM at one boundary, as kill -9 would (Runtime.halt runs no finally block, no shutdown hook).
 */
public final class CrashingApply {
    private CrashingApply() {
    }

    public static void main(String[] args) {
        FakeLinux fake = new FakeLinux(Path.of(args[0]), false);
        int at = Integer.parseInt(args[1]);
        FaultHook.Point point = FaultHook.Point.valueOf(args[2]);
        new Engine(fake.machine, Actions.standard(), Clock.systemUTC(), (step, p) -> {
            if (step == at && p == point) {
                Runtime.getRuntime().halt(137);
            }
        }).apply(new LinuxPlanner(new FactsLinuxState(fake.host())).switchTo("virtualbox", null));
        System.exit(0);
    }
}
