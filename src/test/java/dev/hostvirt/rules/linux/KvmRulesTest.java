package dev.hostvirt.rules.linux;

import static dev.hostvirt.rules.linux.Findings.evaluate;
import static dev.hostvirt.rules.linux.Findings.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.hostvirt.facts.linux.LinuxHostBuilder;
import dev.hostvirt.host.PathInfo;
import dev.hostvirt.host.linux.LinuxValues;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.Status;
import dev.hostvirt.rules.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvmRulesTest {
    private static final String NO_VMX = LinuxHostBuilder.resource("cpuinfo/intel-core-ultra-155h.txt")
            .replace(" vmx ", " ").replaceAll("(?m)^vmx flags.*\n", "");

    @Test
    void bareMetalIntelWithUsableKvmIsReady() {
        var result = evaluate(LinuxHostBuilder.intelLaptop(), "kvm");
        assertEquals(Verdict.READY, result.verdict(), () -> result.findings().toString());
        assertEquals("kvm.device.ok", find(result, "kvm.device").detail().key().substring(6));
        assertEquals(List.of("Intel VT-x (vmx)", "ept"), find(result, "cpu.virtualization").detail().args());
    }

    @Test
    void firmwareDisabledVmxIsToldApartByTheLockedFeatureControlMsr() {
        // Locked (bit 0) with VMX-outside-SMX (bit 2) clear: what kvm-ok calls "disabled by your BIOS".
        var host = LinuxHostBuilder.intelLaptop().file("/proc/cpuinfo", NO_VMX)
                .value(LinuxValues.MSR_FEATURE_CONTROL, 0x1L);
        Finding f = find(host, "kvm", "cpu.virtualization");
        assertEquals(Status.FAIL, f.status());
        assertEquals("linux.cpu.virtualization.firmwareDisabled", f.detail().key());
        assertEquals("linux.cpu.virtualization.fix.firmware", f.fix().key());
        assertEquals("disabled", host.facts().cpu().firmware().value());
    }

    @Test
    void firmwareDisabledIsAlsoFoundInTheKernelLogWithoutMsrs() {
        var host = LinuxHostBuilder.intelLaptop().file("/proc/cpuinfo", NO_VMX)
                .command(List.of("dmesg"), 0, "[    0.000000] x86/cpu: VMX (outside TXT) disabled by BIOS\n");
        assertEquals("linux.cpu.virtualization.firmwareDisabled", find(host, "kvm", "cpu.virtualization").detail().key());
    }

    @Test
    void aCpuWithoutVmxIsOnlyCalledSoWhenRawCpuidSaysIt() {
        // CPUID.1:ECX bit 5 clear, read as root: the processor itself lacks VT-x.
        var host = LinuxHostBuilder.intelLaptop().file("/proc/cpuinfo", NO_VMX)
                .value(LinuxValues.MSR_FEATURE_CONTROL, 0x5L)
                .value(LinuxValues.CPUID_FEATURES, List.of(0x906eaL, 0x100800L, 0x7ffafbbfL & ~0x20L, 0xbfebfbffL));
        Finding f = find(host, "kvm", "cpu.virtualization");
        assertEquals("linux.cpu.virtualization.cpuLacks", f.detail().key());
        assertEquals("none", host.facts().cpu().virtualization().value());
    }

    @Test
    void withoutRootAMissingFlagIsUnknownNeverUnsupported() {
        var host = LinuxHostBuilder.intelLaptop().file("/proc/cpuinfo", NO_VMX)
                .command(List.of("dmesg"), 1, "");
        var result = evaluate(host, "kvm");
        Finding f = find(result, "cpu.virtualization");
        assertEquals(Status.SKIP, f.status());
        assertEquals("linux.cpu.virtualization.unknownNotRoot", f.detail().key());
        assertEquals("unknown", String.valueOf(host.facts().cpu().virtualization().shown()));
        // /dev/kvm still works on this host, so nothing fails: the verdict is honestly unknown.
        assertEquals(Verdict.UNKNOWN, result.verdict());
    }

    @Test
    void aGuestWithoutNestedVirtualizationIsBlockedWithTheNestedFix() {
        var host = LinuxHostBuilder.intelLaptop()
                .file("/proc/cpuinfo", NO_VMX.replace(" flags\t\t: fpu", " flags\t\t: fpu hypervisor").replace("rdrand", "rdrand hypervisor"))
                .value(LinuxValues.CPUID_HYPERVISOR, List.of(0x40000001L, 0x4b4d564bL, 0x564b4d56L, 0x4dL))
                .absentPath("/dev/kvm").absentPath("/sys/module/kvm").absentPath("/sys/module/kvm_intel");
        var result = evaluate(host, "kvm");
        assertEquals(Verdict.BLOCKED, result.verdict());
        Finding f = find(result, "cpu.virtualization");
        assertEquals("linux.cpu.virtualization.notExposed", f.detail().key());
        assertEquals(List.of("KVM"), f.detail().args());
        assertEquals("linux.cpu.virtualization.fix.nested", f.fix().key());
        assertEquals("linux.kvm.device.missingNoHardware", find(result, "kvm.device").detail().key());
    }

    @Test
    void devNullMountedOverDevKvmIsNotMistakenForKvm() {
        // virt-host-validate and kvm-ok both report KVM usable in this situation.
        var host = LinuxHostBuilder.intelLaptop()
                .path("/dev/kvm", LinuxHostBuilder.charDevice("1:3", "0666", "root", true))
                .forget(LinuxValues.KVM_API_VERSION);
        Finding f = find(host, "kvm", "kvm.device");
        assertEquals(Status.FAIL, f.status());
        assertEquals("linux.kvm.device.notKvm", f.detail().key());
        assertEquals("not-kvm", host.facts().kvm().deviceState().value());
    }

    @Test
    void aUserAddedToTheKvmGroupInThisSessionIsToldToLogInAgain() {
        var host = LinuxHostBuilder.intelLaptop()
                .path("/dev/kvm", LinuxHostBuilder.charDevice("10:232", "0660", "kvm", false))
                .file("/proc/self/status", "Uid:\t1000\t1000\t1000\t1000\nGroups:\t4 27 1000\n");
        Finding f = find(host, "kvm", "kvm.device");
        assertEquals("linux.kvm.device.relogin", f.detail().key());
        assertEquals("linux.kvm.device.fix.relogin", f.fix().key());
    }

    @Test
    void aUserOutsideTheKvmGroupGetsTheUsermodFix() {
        var host = LinuxHostBuilder.intelLaptop()
                .path("/dev/kvm", LinuxHostBuilder.charDevice("10:232", "0660", "kvm", false))
                .file("/etc/group", "kvm:x:993:\nalice:x:1000:\n")
                .file("/proc/self/status", "Uid:\t1000\t1000\t1000\t1000\nGroups:\t1000\n");
        Finding f = find(host, "kvm", "kvm.device");
        assertEquals("linux.kvm.device.noAccess", f.detail().key());
        assertEquals(List.of("kvm", "alice"), f.fix().args());
    }

    private static LinuxHostBuilder sudoAsRootForAlice(String groupFile) {
        // Root opens everything: the recorded readable/writable flags are root's, not alice's.
        return LinuxHostBuilder.intelLaptop()
                .file("/proc/self/status", "Uid:\t0\t0\t0\t0\nGroups:\t0\n")
                .value(LinuxValues.SUDO_USER, "alice")
                .file("/etc/group", groupFile);
    }

    @Test
    void underSudoRootsAccessIsNotCreditedToACallerOutsideTheKvmGroup() {
        var host = sudoAsRootForAlice("root:x:0:\nsudo:x:27:alice\nkvm:x:993:\nalice:x:1000:\n");
        Finding f = find(host, "kvm", "kvm.device");
        // 0660 root:kvm, alice not in kvm: only an unrecorded ACL could let her in.
        assertEquals(Status.SKIP, f.status());
        assertEquals("linux.kvm.device.userAccessUnknown", f.detail().key());
        assertEquals(Verdict.UNKNOWN, evaluate(host, "kvm").verdict());

        // With the owner recorded and a mask that forbids read-write, no ACL can grant it: a plain FAIL.
        host.path("/dev/kvm", new PathInfo(PathInfo.CHAR_DEVICE, "0600", true, true, "10:232", "kvm", null, null, "0"));
        Finding denied = find(host, "kvm", "kvm.device");
        assertEquals("linux.kvm.device.noAccess", denied.detail().key());
        assertEquals(List.of("alice", "kvm", "0600"), denied.detail().args());
    }

    @Test
    void underSudoACallerInTheKvmGroupPassesFromTheRecordedGroupFile() {
        var host = sudoAsRootForAlice("root:x:0:\nkvm:x:993:alice\nalice:x:1000:\n");
        Finding f = find(host, "kvm", "kvm.device");
        assertEquals(Status.PASS, f.status(), f::toString);
        assertEquals(List.of("alice", 12L), f.detail().args());
        // Without /etc/group there is nothing to decide from.
        host.forget("/etc/group");
        assertEquals(Status.SKIP, find(host, "kvm", "kvm.device").status());
    }

    @Test
    void aDeviceOpenToNoGroupGetsTheUdevRuleNotAUselessGroupChange() {
        // Seen on this build machine: /dev/kvm is crw------- root:root, so joining "root" would not help.
        var host = LinuxHostBuilder.intelLaptop()
                .path("/dev/kvm", LinuxHostBuilder.charDevice("10:232", "0600", "root", false));
        Finding f = find(host, "kvm", "kvm.device");
        assertEquals("linux.kvm.device.fix.mode", f.fix().key());
        assertEquals(List.of("alice"), f.fix().args());
    }

    @Test
    void aGuestWhoseHypervisorCannotBeNamedSaysSoInsteadOfAQuestionMark() {
        var host = LinuxHostBuilder.intelLaptop()
                .file("/proc/cpuinfo", NO_VMX.replace("rdrand", "rdrand hypervisor"))
                .forget("/sys/class/dmi/id/product_name").forget("/sys/class/dmi/id/sys_vendor")
                .forget("/sys/class/dmi/id/board_vendor").forget("/sys/class/dmi/id/bios_vendor")
                .forget("/sys/class/dmi/id/product_version");
        assertEquals("linux.cpu.virtualization.notExposedUnknown", find(host, "kvm", "cpu.virtualization").detail().key());
    }

    @Test
    void pvmKvmIsUsableOnlyForPvmGuestsAndSaysSo() {
        var host = LinuxHostBuilder.intelLaptop().vendorModule("kvm_pvm");
        Finding f = find(host, "kvm", "kvm.module");
        assertEquals(Status.WARN, f.status());
        assertEquals("linux.kvm.module.pvm", f.detail().key());
    }

    @Test
    void missingTunFailsAndMissingVhostNetWarns() {
        var host = LinuxHostBuilder.intelLaptop().absentPath("/dev/net/tun").absentPath("/dev/vhost-net");
        var result = evaluate(host, "kvm");
        assertEquals(Status.FAIL, find(result, "kvm.tun").status());
        assertEquals(Status.WARN, find(result, "kvm.vhost-net").status());
    }

    @Test
    void nestedOffWarnsWithTheModuleOption() {
        var host = LinuxHostBuilder.intelLaptop().file("/sys/module/kvm_intel/parameters/nested", "N\n");
        Finding f = find(host, "kvm", "kvm.nested");
        assertEquals(Status.WARN, f.status());
        assertNotNull(f.fix());
    }

    @Test
    void withoutAKvmGroupTheUdevFixCreatesItFirst() {
        // QA repro-6: no kvm group at all, so usermod -aG kvm would fail.
        var host = LinuxHostBuilder.intelLaptop()
                .path("/dev/kvm", LinuxHostBuilder.charDevice("10:232", "0600", "root", false))
                .file("/etc/group", "root:x:0:\nalice:x:1000:\n");
        Finding f = find(host, "kvm", "kvm.device");
        assertEquals("linux.kvm.device.fix.modeNoGroup", f.fix().key());
        assertEquals(List.of("alice"), f.fix().args());
    }

    @Test
    void vhostNetMissingFromTheKernelConfigIsNotAModprobe() {
        // QA repro-6: CONFIG_MODULES and CONFIG_VHOST_NET off; modprobe vhost_net cannot work.
        var host = LinuxHostBuilder.intelLaptop().absentPath("/dev/vhost-net")
                .file("/proc/config.gz", "# CONFIG_MODULES is not set\nCONFIG_KVM=y\n# CONFIG_VHOST_NET is not set\n");
        Finding f = find(host, "kvm", "kvm.vhost-net");
        assertEquals(Status.WARN, f.status());
        assertEquals("linux.kvm.vhost-net.notBuilt", f.detail().key());
        assertEquals("linux.kvm.vhost-net.fix.kernel", f.fix().key());
        // Built as a module: loading it is the fix.
        host.file("/proc/config.gz", "CONFIG_MODULES=y\nCONFIG_VHOST_NET=m\n");
        assertEquals("linux.kvm.vhost-net.fix.load", find(host, "kvm", "kvm.vhost-net").fix().key());
    }
}
