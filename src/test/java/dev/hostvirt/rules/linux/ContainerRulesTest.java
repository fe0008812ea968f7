package dev.hostvirt.rules.linux;

import static dev.hostvirt.rules.linux.Findings.evaluate;
import static dev.hostvirt.rules.linux.Findings.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.facts.linux.LinuxHostBuilder;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.Status;
import dev.hostvirt.rules.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerRulesTest {

    @Test
    void cgroupV2WithRuncIsReady() {
        var result = evaluate(LinuxHostBuilder.intelLaptop(), "containers");
        assertEquals(Verdict.READY, result.verdict(), () -> result.findings().toString());
        assertEquals(List.of("runc 1.1.12"), find(result, "containers.runtime").detail().args());
    }

    @Test
    void hybridCgroupsAreDeprecatedButWorkWithRunc() {
        var host = LinuxHostBuilder.intelLaptop().cgroupFromThisMachine("hugetlb");
        var result = evaluate(host, "containers");
        assertEquals(Verdict.DEGRADED, result.verdict());
        assertEquals("linux.containers.cgroup-mode.hybrid", find(result, "containers.cgroup-mode").detail().key());
        Finding crun = find(result, "containers.runtime.crun");
        assertEquals(Status.SKIP, crun.status());
        assertEquals("linux.containers.runtime.crun.refuses", crun.detail().key());
        assertEquals(List.of("hugetlb", ""), crun.detail().args());
    }

    @Test
    void crunAloneOnAHybridHostWithV2ControllersIsBlocked() {
        var host = LinuxHostBuilder.intelLaptop().cgroupFromThisMachine("hugetlb")
                .noCommand("runc", "--version")
                .command(List.of("crun", "--version"), 0, "crun version 1.8.1\ncommit: f8a096be\nspec: 1.0.0\n+SYSTEMD +SELINUX\n");
        var result = evaluate(host, "containers");
        assertEquals(Verdict.BLOCKED, result.verdict());
        assertEquals("linux.containers.runtime.crunOnly", find(result, "containers.runtime").detail().key());
    }

    @Test
    void crunWorksOnHybridWhenTheV2SideHasNoControllers() {
        var host = LinuxHostBuilder.intelLaptop().cgroupFromThisMachine("")
                .noCommand("runc", "--version")
                .command(List.of("crun", "--version"), 0, "crun version 1.8.1\n");
        assertEquals("linux.containers.runtime.crun", find(host, "containers", "containers.runtime").detail().key());
    }

    @Test
    void noRuntimeIsBlockedWithTheInstallCommand() {
        var host = LinuxHostBuilder.intelLaptop().noCommand("runc", "--version");
        Finding f = find(host, "containers", "containers.runtime");
        assertEquals(Status.FAIL, f.status());
        assertEquals("linux.containers.runtime.fix.installRunc", f.fix().key());
    }

    @Test
    void aKernelWithoutPidNamespacesCannotRunContainers() {
        String config = LinuxHostBuilder.resource("config/firecracker-6.18.config").replace("CONFIG_PID_NS=y", "# CONFIG_PID_NS is not set");
        var host = LinuxHostBuilder.intelLaptop().file("/proc/config.gz", config);
        Finding f = find(host, "containers", "containers.kernel-config");
        assertEquals(Status.FAIL, f.status());
        assertEquals(List.of("PID_NS"), f.detail().args());
    }

    @Test
    void withoutAKernelConfigTheRunningKernelIsJudged() {
        var host = LinuxHostBuilder.intelLaptop().absent("/proc/config.gz").absent("/boot/config-6.8.0-45-generic");
        var result = evaluate(host, "containers");
        assertEquals("linux.containers.kernel-config.runtime", find(result, "containers.kernel-config").detail().key());
        assertEquals(Status.SKIP, find(result, "containers.bridge-network").status());
        assertEquals(Verdict.READY, result.verdict());
    }

    @Test
    void missingIpvsIsOptionalNotAFailureAsInCheckConfig() {
        // check-config.sh exits 1 on this host for NETFILTER_XT_MATCH_IPVS alone; only swarm needs it.
        var result = evaluate(LinuxHostBuilder.intelLaptop(), "containers");
        Finding optional = find(result, "containers.optional-features");
        assertEquals(Status.PASS, optional.status());
        assertTrue(String.valueOf(optional.detail().args()).contains("NETFILTER_XT_MATCH_IPVS"));
    }

    @Test
    void appArmorWithoutItsParserWarns() {
        var host = LinuxHostBuilder.intelLaptop().absentPath("/usr/sbin/apparmor_parser")
                .absentPath("/usr/local/sbin/apparmor_parser").absentPath("/usr/local/bin/apparmor_parser")
                .absentPath("/usr/bin/apparmor_parser").absentPath("/sbin/apparmor_parser").absentPath("/bin/apparmor_parser");
        assertEquals(Status.WARN, find(host, "containers", "containers.lsm").status());
    }

    @Test
    void lowKeyQuotaWarns() {
        var host = LinuxHostBuilder.intelLaptop().file("/proc/sys/kernel/keys/root_maxkeys", "200\n");
        assertEquals(Status.WARN, find(host, "containers", "containers.keys").status());
    }
}
