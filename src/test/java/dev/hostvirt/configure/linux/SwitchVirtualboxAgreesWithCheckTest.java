package dev.hostvirt.configure.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.configure.Actions;
import dev.hostvirt.configure.ConfigureException;
import dev.hostvirt.configure.Engine;
import dev.hostvirt.configure.FaultHook;
import dev.hostvirt.configure.Outcome;
import dev.hostvirt.configure.Plan;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.RuleSets;
import dev.hostvirt.rules.Status;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The configurator and the detector must agree on the KVM / VirtualBox matrix: on every branch (kernel
 * before 6.12, 6.12.x, 6.13+; VirtualBox 7.2.8, 7.2.10, not installed; enable_virt_at_load Y or N from a
 * distribution's modprobe.d file; Intel or AMD), `switch virtualbox --apply` followed by a reboot must
 * leave a machine on which `check --for virtualbox` passes virtualbox.kvm-conflict. Right after the
 * apply too, before the reboot.
 */
class SwitchVirtualboxAgreesWithCheckTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T22:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    static Stream<Arguments> branches() {
        List<Arguments> all = new ArrayList<>();
        for (String kernel : List.of("6.8.0-45-generic", "6.12.9-amd64", "6.18.2-arch1-1", "7.1.1-arch1-1")) {
            for (String vbox : new String[] {"7.2.8r170000", "7.2.10r171000", "7.2.14r173000", null}) {
                for (String atLoad : List.of("Y", "N")) {
                    for (String vendor : List.of("kvm_intel", "kvm_amd")) {
                        all.add(Arguments.of(kernel, vbox, atLoad, vendor));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "kernel {0}, VirtualBox {1}, enable_virt_at_load={2}, {3}")
    @MethodSource("branches")
    void afterSwitchVirtualboxAndARebootCheckPassesTheKvmConflict(String kernel, String vbox, String atLoad, String vendor) {
        FakeLinux fake = new FakeLinux(root);
        boolean hasParam = !kernel.startsWith("6.8.");
        fake.write("/proc/sys/kernel/osrelease", kernel + "\n");
        if (vendor.equals("kvm_amd")) {
            fake.write("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu svm\n");
        }
        fake.vboxVersion = vbox;
        if (atLoad.equals("N")) {
            // What Debian's virtualbox-dkms package ships (Debian bug #1082157).
            fake.write("/etc/modprobe.d/virtualbox-dkms.conf", "options kvm enable_virt_at_load=0\n");
        }
        fake.boot(vendor, hasParam);
        String before = fake.read("/sys/module/kvm/parameters/enable_virt_at_load");
        assertEquals(hasParam ? atLoad + "\n" : null, before);

        Plan plan = new LinuxPlanner(new FactsLinuxState(fake.host())).switchTo("virtualbox", null);
        Outcome out = new Engine(fake.machine, Actions.standard(), CLOCK, FaultHook.NONE).apply(plan);
        assertTrue(out.succeeded(), () -> String.valueOf(out.failure()));
        assertPasses(fake, "right after the apply");

        fake.boot(vendor, hasParam);
        assertPasses(fake, "after the reboot, with " + fake.read("/etc/modprobe.d/hostvirt-kvm.conf"));
    }

    /**
     * KVM built into the kernel: neither unloaded nor blacklisted, enable_virt_at_load only on the
     * kernel command line (through update-grub here); N is an earlier kvm.enable_virt_at_load=0 there.
     */
    @ParameterizedTest(name = "built-in KVM, kernel {0}, VirtualBox {1}, enable_virt_at_load={2}, {3}")
    @MethodSource("branches")
    void builtInKvmAgreesToo(String kernel, String vbox, String atLoad, String vendor) {
        FakeLinux fake = new FakeLinux(root);
        boolean hasParam = !kernel.startsWith("6.8.");
        fake.write("/proc/sys/kernel/osrelease", kernel + "\n");
        fake.write("/lib/modules/" + kernel + "/modules.builtin", "kernel/arch/x86/kvm/kvm.ko\nkernel/arch/x86/kvm/"
                + vendor.replace('_', '-') + ".ko\n");
        if (vendor.equals("kvm_amd")) {
            fake.write("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu svm\n");
        }
        fake.vboxVersion = vbox;
        fake.write("/usr/sbin/update-grub", "");
        fake.write("/etc/default/grub", "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX=\"console=ttyS0"
                + (atLoad.equals("N") ? " kvm.enable_virt_at_load=0" : "") + "\"\n");
        fake.updateGrub();
        fake.boot(vendor, hasParam, true);
        assertEquals(hasParam ? atLoad + "\n" : null, fake.read("/sys/module/kvm/parameters/enable_virt_at_load"));

        LinuxPlanner planner = new LinuxPlanner(new FactsLinuxState(fake.host()));
        if (vbox == null && !kernel.startsWith("6.12.")) {
            // Off 6.12 no setting suits every VirtualBox, and built-in KVM cannot be kept away: refused.
            ConfigureException e = assertThrows(ConfigureException.class, () -> planner.switchTo("virtualbox", null));
            assertEquals("configure.linux.kvm-builtin-vbox-unknown", e.text().key());
            return;
        }
        if (vendor.equals("kvm_intel") && kernel.startsWith("7.1.") && "7.2.10r171000".equals(vbox)) {
            // check warns of the 7.2.10-7.2.13 panic (no setting avoids it with kvm_intel built in): refused.
            ConfigureException e = assertThrows(ConfigureException.class, () -> planner.switchTo("virtualbox", null));
            assertEquals("configure.linux.kvm-builtin-panic", e.text().key());
            return;
        }
        Outcome out = new Engine(fake.machine, Actions.standard(), CLOCK, FaultHook.NONE).apply(planner.switchTo("virtualbox", null));
        assertTrue(out.succeeded(), () -> String.valueOf(out.failure()));
        fake.boot(vendor, hasParam, true);
        assertPasses(fake, "after the reboot, with " + fake.read("/proc/cmdline"));
    }

    @org.junit.jupiter.api.Test
    void aKernelCommandLineValueThatWouldOverrideTheDropInIsChangedToo() {
        FakeLinux fake = new FakeLinux(root);
        fake.write("/usr/sbin/update-grub", "");
        fake.write("/etc/default/grub", "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX=\"quiet kvm.enable_virt_at_load=1\"\n");
        fake.updateGrub();
        fake.boot("kvm_intel", true);
        assertEquals("Y\n", fake.read("/sys/module/kvm/parameters/enable_virt_at_load"));
        Plan plan = new LinuxPlanner(new FactsLinuxState(fake.host())).switchTo("virtualbox", null);
        assertTrue(plan.steps().stream().anyMatch(st -> st.kind().equals(BootArgs.GRUB_DEFAULT)), () -> plan.steps().toString());
        assertTrue(new Engine(fake.machine, Actions.standard(), CLOCK, FaultHook.NONE).apply(plan).succeeded());
        fake.boot("kvm_intel", true);
        assertEquals("N\n", fake.read("/sys/module/kvm/parameters/enable_virt_at_load"));
        assertPasses(fake, "after the reboot");
    }

    private static void assertPasses(FakeLinux fake, String when) {
        Finding f = RuleSets.forHost(fake.host()).evaluate("virtualbox").stream()
                .filter(x -> x.id().equals("virtualbox.kvm-conflict")).findFirst().orElseThrow();
        assertEquals(Status.PASS, f.status(), () -> when + ": " + f.detail());
    }
}
