package dev.hostvirt.configure.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.configure.Actions;
import dev.hostvirt.configure.ConfigureException;
import dev.hostvirt.configure.Engine;
import dev.hostvirt.configure.FaultHook;
import dev.hostvirt.configure.Journal;
import dev.hostvirt.configure.Outcome;
import dev.hostvirt.configure.Plan;
import dev.hostvirt.configure.Reboot;
import dev.hostvirt.configure.Step;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.LiveHost;
import dev.hostvirt.host.LocalFiles;
import dev.hostvirt.host.NativeSources;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxConfiguratorTest {
    @TempDir
    Path root;

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T21:00:00Z"), ZoneOffset.UTC);

    private Plan plan(FakeLinux fake, String target, String user) {
        return new LinuxPlanner(new FactsLinuxState(fake.host())).switchTo(target, user);
    }

    private Engine engine(FakeLinux fake) {
        return new Engine(fake.machine, Actions.standard(), CLOCK, FaultHook.NONE);
    }

    @Test
    void virtualboxOnKernel612ReloadsKvmWithEnableVirtAtLoadOffAndLoadsVboxdrv() {
        FakeLinux fake = new FakeLinux(root);
        Plan plan = plan(fake, "virtualbox", null);
        assertEquals(List.of("linux.module", "linux.module", "file", "linux.module", "linux.module"),
                plan.steps().stream().map(Step::kind).toList());
        assertEquals(List.of(List.of("modprobe", "-r", "kvm_intel")), plan.steps().get(0).commands());
        assertEquals(List.of(List.of("modprobe", "-r", "kvm")), plan.steps().get(1).commands());
        assertEquals("/etc/modprobe.d/hostvirt-kvm.conf", plan.steps().get(2).file().path());
        assertTrue(plan.steps().get(2).file().content().endsWith("options kvm enable_virt_at_load=0\n"));
        assertTrue(plan.steps().get(2).file().content().contains("# Linux 6.12.9, VirtualBox 7.1.4: "), plan.steps().get(2).file().content());
        // Loaded again after the drop-in, kvm takes enable_virt_at_load=0: KVM stays usable now.
        assertEquals(List.of(List.of("modprobe", "kvm_intel")), plan.steps().get(3).commands());
        assertEquals(List.of(List.of("modprobe", "vboxdrv")), plan.steps().get(4).commands());
        assertEquals(List.of("configure.note.linux-kvm-on-demand"), plan.notes().stream().map(t -> t.key()).toList());

        Outcome out = engine(fake).apply(plan);
        assertTrue(out.succeeded(), () -> String.valueOf(out.failure()));
        // modprobe -r kvm_intel also removes kvm when nothing else uses it, so the kvm step verifies as done.
        assertEquals(4, out.changed());
        assertEquals(1, out.skipped());
        assertEquals(java.util.Set.of("vboxdrv", "kvm_intel", "kvm", "ext4"), java.util.Set.copyOf(fake.modules()));
        assertEquals("N\n", fake.read("/sys/module/kvm/parameters/enable_virt_at_load"));
        assertTrue(fake.read("/etc/modprobe.d/hostvirt-kvm.conf").contains("enable_virt_at_load=0"));
        assertEquals("keep me\n", fake.read("/etc/modprobe.d/README"));
    }

    @Test
    void kvmPvmKeepsKvmLoadedSoTheVendorModuleIsNotReloadedAndTheNoteSaysUntilTheNextBoot() {
        FakeLinux fake = new FakeLinux(root);
        fake.modules("kvm_intel", "kvm_pvm", "kvm", "ext4");
        fake.write("/sys/module/kvm/parameters/enable_virt_at_load", "Y\n");
        Plan plan = plan(fake, "virtualbox", null);
        assertTrue(plan.steps().stream().noneMatch(st -> st.commands().contains(List.of("modprobe", "-r", "kvm"))),
                "kvm is in use by kvm_pvm: " + plan.steps());
        assertTrue(plan.steps().stream().noneMatch(st -> st.commands().contains(List.of("modprobe", "kvm_intel"))));
        assertEquals(List.of("configure.note.linux-kvm-next-boot"), plan.notes().stream().map(t -> t.key()).toList());
        assertEquals(List.of("kvm_intel"), plan.notes().get(0).args());
        Outcome out = engine(fake).apply(plan);
        assertTrue(out.succeeded(), () -> String.valueOf(out.failure()));
        assertEquals(List.of("vboxdrv", "kvm_pvm", "kvm", "ext4"), fake.modules());
    }

    @Test
    void aKernelCommandLineThatSaysYKeepsTheVendorModuleUnloadedUntilTheReboot() {
        FakeLinux fake = new FakeLinux(root);
        debianGrub(fake);
        fake.write("/proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro kvm.enable_virt_at_load=1\n");
        Plan plan = plan(fake, "virtualbox", null);
        assertTrue(plan.steps().stream().noneMatch(st -> st.commands().contains(List.of("modprobe", "kvm_intel"))), plan.steps().toString());
        assertEquals("configure.note.linux-kvm-next-boot", plan.notes().get(plan.notes().size() - 1).key());
    }

    @Test
    void aBlacklistSaysKvmIsOffAndAnUnknownVirtualboxIsNamedSoInTheDropIn() {
        FakeLinux fake = new FakeLinux(root);
        fake.write("/proc/sys/kernel/osrelease", "6.18.2-arch1-1\n");
        fake.vboxVersion = null;
        Plan plan = plan(fake, "virtualbox", null);
        String content = plan.steps().stream().filter(st -> st.file() != null).findFirst().orElseThrow().file().content();
        assertTrue(content.contains("# Linux 6.18.2, VirtualBox (version unknown): "), content);
        assertFalse(content.contains("?"), content);
        assertTrue(plan.notes().stream().anyMatch(t -> t.key().equals("configure.note.linux-kvm-stops")));
        assertTrue(plan.steps().stream().noneMatch(st -> st.commands().contains(List.of("modprobe", "kvm_intel"))));
        fake.delete("/usr/bin/VBoxManage");
        content = plan(fake, "virtualbox", null).steps().stream().filter(st -> st.file() != null).findFirst().orElseThrow().file().content();
        assertTrue(content.contains("VirtualBox (not installed): "), content);
    }

    @Test
    void switchKvmWithoutVtxOrAmdVIsRefusedBeforeAnythingChanges() {
        FakeLinux fake = new FakeLinux(root);
        fake.write("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2\n");
        fake.modules("vboxdrv", "ext4");
        ConfigureException e = assertThrows(ConfigureException.class, () -> plan(fake, "kvm", null));
        assertEquals("configure.linux.no-hardware-virt", e.text().key());
        assertEquals(List.of("kvm_amd", "AMD-V (svm)"), e.text().args());
        assertEquals(1, e.exitCode());
        assertTrue(fake.calls.stream().noneMatch(c -> c.get(0).equals("modprobe")));

        // PVM is KVM without VT-x: the switch goes ahead and says what it can run.
        fake.modules("vboxdrv", "kvm_pvm", "kvm", "ext4");
        Plan p = plan(fake, "kvm", null);
        assertEquals(List.of(List.of(List.of("modprobe", "-r", "vboxdrv"))), p.steps().stream().map(Step::commands).toList());
        assertTrue(p.notes().stream().anyMatch(t -> t.key().equals("configure.note.kvm-pvm")));

        // With svm shown, kvm_amd is loaded.
        fake.write("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu svm\n");
        fake.modules("vboxdrv", "ext4");
        Outcome out = engine(fake).apply(plan(fake, "kvm", null));
        assertTrue(out.succeeded(), () -> String.valueOf(out.failure()));
        assertTrue(fake.modules().containsAll(List.of("kvm_amd", "kvm")));
    }

    @Test
    void applyingTheSameSwitchTwiceChangesNothingTheSecondTime() {
        FakeLinux fake = new FakeLinux(root);
        engine(fake).apply(plan(fake, "virtualbox", null));
        Map<String, String> after = LinuxFixtures.state(fake);
        int calls = fake.calls.size();
        Plan again = plan(fake, "virtualbox", null);
        assertTrue(again.empty(), "second plan: " + again.steps());
        Outcome out = engine(fake).apply(again);
        assertEquals(0, out.changed());
        assertEquals(after, LinuxFixtures.state(fake));
        // Only read-only calls (VBoxManage --version) ran the second time.
        assertTrue(fake.calls.subList(calls, fake.calls.size()).stream().noneMatch(c -> c.get(0).equals("modprobe")));
    }

    @Test
    void newVirtualboxOnKernel618BlacklistsTheVendorModulesInstead() {
        FakeLinux fake = new FakeLinux(root);
        fake.write("/proc/sys/kernel/osrelease", "6.18.2-arch1-1\n");
        fake.vboxVersion = "7.2.10r170000";
        Plan plan = plan(fake, "virtualbox", null);
        String content = plan.steps().get(2).file().content();
        assertTrue(content.contains("blacklist kvm_intel\nblacklist kvm_amd\n"));
        assertFalse(content.contains("enable_virt_at_load"));
    }

    @Test
    void oldKernelLeavesAnIdleKvmLoaded() {
        FakeLinux fake = new FakeLinux(root);
        fake.write("/proc/sys/kernel/osrelease", "6.1.0-27-amd64\n");
        Plan plan = plan(fake, "virtualbox", null);
        // Before 6.12 KVM takes VT-x only while one of its VMs runs (VirtualBoxKvmMatrix).
        assertEquals(List.of(List.of(List.of("modprobe", "vboxdrv"))), plan.steps().stream().map(Step::commands).toList());
        assertEquals("configure.note.linux-kvm-on-demand", plan.notes().get(0).key());
    }

    @Test
    void stepsAreVerifiedByFreshReadsNotByTheMemoizedHostThePlanCameFrom() {
        FakeLinux fake = new FakeLinux(root);
        // A live-style host: it remembers every answer, as LiveHost does for one run of hostvirt.
        LiveHost memoized = new LiveHost(new HostPlatform(HostPlatform.LINUX, "amd64"), new LocalFiles(root),
                fake.machine.runner(), NativeSources.none());
        Plan plan = new LinuxPlanner(new FactsLinuxState(memoized)).switchTo("virtualbox", null);
        Outcome out = engine(fake).apply(plan);
        assertTrue(out.succeeded(), () -> String.valueOf(out.failure()));
        assertTrue(fake.modules().contains("vboxdrv"));
        // The planning host still answers the before-state; a verification through it would have failed.
        assertFalse(memoized.path("/sys/module/vboxdrv").isPresent());
        assertTrue(fake.machine.readBack(HostPlatform.LINUX).path("/sys/module/vboxdrv").isPresent());
        assertEquals("Y\n", memoized.file("/sys/module/kvm/parameters/enable_virt_at_load").orElse(""));
        assertEquals("N\n", fake.machine.readBack(HostPlatform.LINUX).file("/sys/module/kvm/parameters/enable_virt_at_load").orElse(""));
        // A new run (a new host) sees the change: nothing left to do.
        assertTrue(plan(fake, "virtualbox", null).empty());
    }

    @Test
    void refusesWhileAKvmVmRuns() {
        FakeLinux fake = new FakeLinux(root);
        fake.write("/sys/module/kvm_intel/refcnt", "2\n");
        fake.kvmVmPids.add(4242L);
        ConfigureException e = assertThrows(ConfigureException.class, () -> plan(fake, "virtualbox", null));
        assertEquals("configure.linux.kvm-vm-running", e.text().key());
        assertEquals(1, e.exitCode());
    }

    @Test
    void aFailedStepRollsBackTheStepsDoneAndReportsBoth() {
        FakeLinux fake = new FakeLinux(root);
        Map<String, String> before = LinuxFixtures.state(fake);
        fake.failOn("modprobe", "vboxdrv");
        Outcome out = engine(fake).apply(plan(fake, "virtualbox", null));
        assertFalse(out.succeeded());
        assertEquals("configure.error.command-failed", out.failure().key());
        assertTrue(out.rollbackProblems().isEmpty());
        assertEquals(before, LinuxFixtures.state(fake));
        Journal j = engine(fake).store().list().get(0);
        assertEquals(Journal.Status.ROLLED_BACK, j.status());
        assertTrue(fake.calls.contains(List.of("modprobe", "kvm_intel")), "kvm_intel reloaded: " + fake.calls);
    }

    @Test
    void switchKvmRemovesOnlyWhatHostvirtWrote() {
        FakeLinux fake = new FakeLinux(root);
        engine(fake).apply(plan(fake, "virtualbox", null));
        Plan back = plan(fake, "kvm", null);
        // kvm_intel was loaded again by the switch: only vboxdrv goes.
        assertEquals(List.of("file", "linux.module"), back.steps().stream().map(Step::kind).toList());
        assertTrue(back.steps().get(0).file().removes());
        engine(fake).apply(back);
        assertNull(fake.read("/etc/modprobe.d/hostvirt-kvm.conf"));
        assertEquals("keep me\n", fake.read("/etc/modprobe.d/README"));
        assertTrue(fake.modules().containsAll(List.of("kvm_intel", "kvm")));
        assertFalse(fake.modules().contains("vboxdrv"));
    }

    @Test
    void aSameNamedFileWithoutOurMarkerIsLeftAlone() {
        FakeLinux fake = new FakeLinux(root);
        fake.write("/etc/modprobe.d/hostvirt-kvm.conf", "options kvm ignore_msrs=1\n");
        fake.modules("ext4");
        Plan back = plan(fake, "kvm", null);
        assertTrue(back.steps().stream().noneMatch(s -> s.file() != null));
        assertTrue(back.notes().stream().anyMatch(t -> t.key().equals("configure.note.dropin-not-ours")));
    }

    @Test
    void addToKvmGroupRunsUsermodAndSaysARelogInIsNeeded() {
        FakeLinux fake = new FakeLinux(root);
        Plan p = plan(fake, "kvm", "alice");
        Step group = p.steps().get(p.steps().size() - 1);
        assertEquals(List.of(List.of("usermod", "-aG", "kvm", "alice")), group.commands());
        assertEquals(Reboot.RELOGIN, group.reboot());
        assertTrue(p.notes().stream().anyMatch(t -> t.key().equals("configure.note.relogin")));
        engine(fake).apply(p);
        assertTrue(fake.read("/etc/group").contains("kvm:x:993:alice"));
        assertTrue(plan(fake, "kvm", "alice").empty());
    }

    @Test
    void hostileUserNamesAreRejectedBeforeAnyArgvIsBuilt() {
        FakeLinux fake = new FakeLinux(root);
        for (String bad : List.of("-oProxy", "alice;rm", "al ice", "alice\nroot", "a".repeat(10_000), "'alice'", "alice|x", "{x}")) {
            ConfigureException e = assertThrows(ConfigureException.class, () -> plan(fake, "kvm", bad));
            assertEquals("configure.error.bad-user", e.text().key());
            assertEquals(2, e.exitCode());
        }
        ConfigureException missing = assertThrows(ConfigureException.class, () -> plan(fake, "kvm", "mallory"));
        assertEquals("configure.error.no-such-user", missing.text().key());
    }

    @Test
    void enableContainersInstallsPodmanWithTheDetectedManagerOnce() {
        FakeLinux fake = new FakeLinux(root);
        LinuxPlanner planner = new LinuxPlanner(new FactsLinuxState(fake.host()));
        Plan p = planner.enable("containers", null);
        assertEquals(List.of(List.of("apt-get", "install", "-y", "podman")), p.steps().get(0).commands());
        engine(fake).apply(p);
        assertTrue(new LinuxPlanner(new FactsLinuxState(fake.host())).enable("containers", null).empty());
    }

    @Test
    void enableRootlessAddsNonOverlappingRangesAndTheUsernsSysctls() {
        FakeLinux fake = new FakeLinux(root);
        Plan p = new LinuxPlanner(new FactsLinuxState(fake.host())).enable("rootless", "alice");
        Outcome out = engine(fake).apply(p);
        assertTrue(out.succeeded(), String.valueOf(out.failure()));
        assertEquals("bob:100000:65536\nalice:165536:65536\n", fake.read("/etc/subuid"));
        assertEquals("bob:100000:65536\nalice:165536:65536\n", fake.read("/etc/subgid"));
        assertEquals(LinuxPlanner.SYSCTL_MARKER + "\nuser.max_user_namespaces = 28633\nkernel.unprivileged_userns_clone = 1\n",
                fake.read(LinuxPlanner.SYSCTL_DROP_IN));
        assertEquals("28633\n", fake.read("/proc/sys/user/max_user_namespaces"));
        assertTrue(fake.calls.contains(List.of("apt-get", "install", "-y", "uidmap")));
        assertTrue(new LinuxPlanner(new FactsLinuxState(fake.host())).enable("rootless", "alice").empty());
    }

    @Test
    void undoOfAnAppliedChangeSetRestoresTheExactBeforeState() {
        FakeLinux fake = new FakeLinux(root);
        Map<String, String> before = LinuxFixtures.state(fake);
        Outcome out = engine(fake).apply(new LinuxPlanner(new FactsLinuxState(fake.host())).enable("rootless", "alice"));
        Journal j = engine(fake).store().find(out.changeSet());
        Outcome undone = engine(fake).undo(j);
        assertTrue(undone.succeeded());
        assertEquals(before, LinuxFixtures.state(fake));
        assertEquals(Journal.Status.UNDONE, engine(fake).store().find(out.changeSet()).status());
    }

    @Test
    void needsRootToApply() {
        FakeLinux fake = new FakeLinux(root);
        fake.write("/proc/self/status", "Uid:\t1000\t1000\t1000\t1000\n");
        ConfigureException e = assertThrows(ConfigureException.class,
                () -> new LinuxPlanner(new FactsLinuxState(fake.host())).requireRoot());
        assertEquals("configure.linux.need-root", e.text().key());
    }

    private static void debianGrub(FakeLinux fake) {
        fake.write("/usr/sbin/update-grub", "");
        fake.write("/etc/default/grub", "# If you change this file, run 'update-grub'\nGRUB_DEFAULT=0\n"
                + "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"console=ttyS0 systemd.unified_cgroup_hierarchy=0\"\n");
        fake.updateGrub();
    }

    @Test
    void cgroupV2GoesThroughUpdateGrubAndUndoRegeneratesTheOldConfig() {
        FakeLinux fake = new FakeLinux(root);
        debianGrub(fake);
        Map<String, String> before = LinuxFixtures.state(fake);
        Plan p = new LinuxPlanner(new FactsLinuxState(fake.host())).enable("cgroupv2", null);
        assertEquals(1, p.steps().size());
        assertEquals(Reboot.REBOOT, p.reboot());
        Outcome out = engine(fake).apply(p);
        assertTrue(out.succeeded(), String.valueOf(out.failure()));
        assertTrue(fake.read("/etc/default/grub").contains("GRUB_CMDLINE_LINUX=\"console=ttyS0 systemd.unified_cgroup_hierarchy=1\"\n"));
        assertTrue(fake.read("/etc/default/grub").startsWith("# If you change this file"));
        assertTrue(fake.read("/boot/grub/grub.cfg").contains("systemd.unified_cgroup_hierarchy=1"));
        assertTrue(new LinuxPlanner(new FactsLinuxState(fake.host())).enable("cgroupv2", null).empty());
        assertTrue(engine(fake).undo(engine(fake).store().find(out.changeSet())).succeeded());
        assertEquals(before, LinuxFixtures.state(fake));
    }

    @Test
    void cgroupV2GoesThroughGrubbyWhereItExists() {
        FakeLinux fake = new FakeLinux(root);
        fake.write("/usr/sbin/grubby", "");
        fake.write("/boot/fake-grubby-args", "ro rhgb quiet\n");
        Map<String, String> before = LinuxFixtures.state(fake);
        Plan p = new LinuxPlanner(new FactsLinuxState(fake.host())).enable("cgroupv2", null);
        assertEquals(List.of(List.of("grubby", "--update-kernel=ALL", "--args=systemd.unified_cgroup_hierarchy=1")), p.steps().get(0).commands());
        Outcome out = engine(fake).apply(p);
        assertEquals("ro rhgb quiet systemd.unified_cgroup_hierarchy=1\n", fake.read("/boot/fake-grubby-args"));
        assertTrue(engine(fake).undo(engine(fake).store().find(out.changeSet())).succeeded());
        assertEquals(before, LinuxFixtures.state(fake));
    }

    @Test
    void cgroupV2IsOnlyPlannedWhenAskedAndNotWhenAlreadyThere() {
        FakeLinux fake = new FakeLinux(root);
        debianGrub(fake);
        LinuxPlanner planner = new LinuxPlanner(new FactsLinuxState(fake.host()));
        assertTrue(planner.enable("rootless", "alice").steps().stream().noneMatch(s -> s.kind().startsWith("linux.grub")));
        assertTrue(planner.enable("containers", null).steps().stream().noneMatch(s -> s.kind().startsWith("linux.grub")));
        fake.write("/sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");
        // The detector's reading: the cgroup2 file system mounted at /sys/fs/cgroup (proc_pid_mountinfo(5)).
        fake.write("/proc/self/mountinfo", "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9"
                + " - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n");
        Plan p = new LinuxPlanner(new FactsLinuxState(fake.host())).enable("cgroupv2", null);
        assertTrue(p.empty());
        assertEquals("configure.note.cgroupv2-already", p.notes().get(0).key());
        FakeLinux bare = new FakeLinux(root.resolve("bare"));
        ConfigureException e = assertThrows(ConfigureException.class,
                () -> new LinuxPlanner(new FactsLinuxState(bare.host())).enable("cgroupv2", null));
        assertEquals("configure.linux.no-bootloader-tool", e.text().key());
    }

    @Test
    void theRuntimeComesFromWhicheverPackageManagerTheDistributionHas() {
        for (String[] pm : new String[][] {{"dnf", "dnf install -y podman"}, {"zypper", "zypper --non-interactive install podman"},
                {"pacman", "pacman -S --noconfirm --needed podman"}}) {
            FakeLinux fake = new FakeLinux(root.resolve(pm[0]));
            fake.delete("/usr/bin/apt-get");
            fake.write("/usr/bin/" + pm[0], "");
            Plan p = new LinuxPlanner(new FactsLinuxState(fake.host())).enable("containers", null);
            assertEquals(List.of(List.of(pm[1].split(" "))), p.steps().get(0).commands());
        }
        FakeLinux none = new FakeLinux(root.resolve("none"));
        none.delete("/usr/bin/apt-get");
        assertEquals("configure.linux.no-package-manager", assertThrows(ConfigureException.class,
                () -> new LinuxPlanner(new FactsLinuxState(none.host())).enable("containers", null)).text().key());
    }

    @Test
    void builtInKvmIsSwitchedThroughTheKernelCommandLine() {
        FakeLinux fake = new FakeLinux(root);
        debianGrub(fake);
        fake.write("/lib/modules/6.12.9-amd64/modules.builtin", "kernel/arch/x86/kvm/kvm.ko\nkernel/arch/x86/kvm/kvm-intel.ko\n");
        fake.modules("ext4");
        Map<String, String> before = LinuxFixtures.state(fake);
        Plan p = plan(fake, "virtualbox", null);
        assertEquals(List.of(BootArgs.GRUB_DEFAULT, "linux.module"), p.steps().stream().map(Step::kind).toList());
        assertEquals("configure.note.kvm-builtin", p.notes().get(0).key());
        assertEquals(Reboot.REBOOT, p.reboot());
        Outcome out = engine(fake).apply(p);
        assertTrue(out.succeeded(), String.valueOf(out.failure()));
        assertTrue(fake.read("/etc/default/grub").contains("systemd.unified_cgroup_hierarchy=0 kvm.enable_virt_at_load=0\""));
        assertTrue(fake.calls.stream().noneMatch(c -> c.equals(List.of("modprobe", "-r", "kvm_intel"))));
        assertTrue(plan(fake, "virtualbox", null).empty());
        assertTrue(engine(fake).undo(engine(fake).store().find(out.changeSet())).succeeded());
        assertEquals(before, LinuxFixtures.state(fake));

        fake.write("/proc/sys/kernel/osrelease", "6.18.2-arch1-1\n");
        fake.write("/lib/modules/6.18.2-arch1-1/modules.builtin", "kernel/arch/x86/kvm/kvm.ko\n");
        fake.vboxVersion = "7.2.10r170000";
        assertEquals(List.of("linux.module"), plan(fake, "virtualbox", null).steps().stream().map(Step::kind).toList());
        fake.vboxVersion = null;
        assertEquals("configure.linux.kvm-builtin-vbox-unknown",
                assertThrows(ConfigureException.class, () -> plan(fake, "virtualbox", null)).text().key());
    }

    @Test
    void kvmBuiltInWithoutModuleSupportIsToldByTheKernelConfig() {
        // QA repro-6: no /lib/modules (CONFIG_MODULES off), CONFIG_KVM=y: a modprobe.d blacklist would do nothing.
        FakeLinux fake = new FakeLinux(root);
        debianGrub(fake);
        fake.write("/boot/config-6.12.9-amd64", "# CONFIG_MODULES is not set\nCONFIG_KVM=y\nCONFIG_KVM_INTEL=y\n");
        fake.modules("ext4");
        Plan p = plan(fake, "virtualbox", null);
        assertEquals("configure.note.kvm-builtin", p.notes().get(0).key());
        assertTrue(p.steps().stream().noneMatch(s -> s.file() != null && s.file().path().startsWith("/etc/modprobe.d/")),
                p.steps()::toString);
        // A vendor module built as a module can still be blacklisted: the ordinary plan.
        fake.write("/boot/config-6.12.9-amd64", "CONFIG_MODULES=y\nCONFIG_KVM=y\nCONFIG_KVM_INTEL=m\n");
        assertTrue(plan(fake, "virtualbox", null).notes().stream().noneMatch(n -> n.key().equals("configure.note.kvm-builtin")));
    }

    @Test
    void switchingToVirtualboxWithoutVtxSaysSoAndPlansNothing() {
        FakeLinux fake = new FakeLinux(root);
        fake.write("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse2 hypervisor\n");
        assertEquals("configure.linux.vbox-no-hardware-virt",
                assertThrows(ConfigureException.class, () -> plan(fake, "virtualbox", null)).text().key());
        // QA repro-6's cloud VM: kvm_pvm runs without VT-x, but VirtualBox still cannot.
        fake.modules("kvm", "kvm_pvm");
        assertEquals("configure.linux.vbox-no-hardware-virt",
                assertThrows(ConfigureException.class, () -> plan(fake, "virtualbox", null)).text().key());
    }
}
