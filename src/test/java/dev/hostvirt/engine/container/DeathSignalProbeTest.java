package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** run -t puts setpriv --pdeathsig before the runtime only where that setpriv takes the option. */
class DeathSignalProbeTest {
    @Test
    void utilLinuxsSetprivTakesItAndBusyboxsDoesNot() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs util-linux's setpriv");
        assertTrue(ForegroundRuntime.works(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL", "--")));
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox (linux/test-packages.txt)");
        // busybox's setpriv: "unrecognized option '--pdeathsig'" — with it in front, every run -t failed.
        assertFalse(ForegroundRuntime.works(List.of("/bin/busybox", "setpriv", "--pdeathsig", "KILL", "--")));
        assertFalse(ForegroundRuntime.works(List.of("/nonexistent/setpriv", "--")));
    }
}
