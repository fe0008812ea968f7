package dev.hostvirt.host.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.host.linux.LinuxValues;
import dev.hostvirt.host.LocalFiles;
import dev.hostvirt.host.PathInfo;
import dev.hostvirt.host.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The native Linux values on this machine, where it has the devices (skipped, with why, elsewhere). */
class LinuxNativeSourcesTest {
    private final LinuxNativeSources natives = new LinuxNativeSources(LocalFiles.system());

    @Test
    void aRealKvmDeviceAnswersApiVersionTwelve() {
        PathInfo kvm = LocalFiles.system().path("/dev/kvm").orElse(null);
        assumeTrue(kvm != null && kvm.isCharDevice() && kvm.readable() && kvm.writable(), "no usable /dev/kvm here");
        assertEquals(Reading.present(12L), natives.value(LinuxValues.KVM_API_VERSION));
    }

    @Test
    void devNullAnswersNoKvmVersion() {
        // What a /dev/null bind-mounted over /dev/kvm would answer.
        assertTrue(KvmIoctl.apiVersion("/dev/null").isUnknown());
    }

    @Test
    void cpuidLeavesAreFourRegistersWhenTheDriverIsThere() {
        assumeTrue(Files.isReadable(Path.of("/dev/cpu/0/cpuid")), "needs root and the cpuid driver");
        Object leaf = natives.value(LinuxValues.CPUID_FEATURES).orElse(null);
        assertTrue(leaf instanceof List<?> l && l.size() == 4, String.valueOf(leaf));
    }

    @Test
    void onlyPidOnesContainerVariableIsRead() {
        Reading<Object> r = natives.value(LinuxValues.PID1_CONTAINER);
        assertTrue(r.isAbsent() || r.isUnknown() || !String.valueOf(r.orElse("")).contains("="), r.toString());
    }

    @Test
    void unknownNamesAreUnknown() {
        assertTrue(natives.value("linux.nothing").isUnknown());
    }
}
