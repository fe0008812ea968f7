package dev.hostvirt.rules.linux;

import static dev.hostvirt.rules.linux.Findings.evaluate;
import static dev.hostvirt.rules.linux.Findings.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.facts.linux.LinuxHostBuilder;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.Status;
import dev.hostvirt.rules.TargetResult;
import dev.hostvirt.rules.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A snapshot that records nothing (or only pasted text) must never turn "not recorded" into "missing". */
class NotCapturedTest {
    private static final List<String> TARGETS = List.of("kvm", "virtualbox", "vmware", "containers",
            "rootless-containers", "lxc");

    @Test
    void anEmptySnapshotJudgesNothingItDidNotRecord() {
        for (String target : TARGETS) {
            TargetResult r = evaluate(new LinuxHostBuilder(), target);
            for (Finding f : r.findings()) {
                assertEquals(Status.SKIP, f.status(), () -> target + ": " + f);
                assertFalse(String.valueOf(f.detail().args()).contains("?"), f::toString);
                assertFalse(f.sources().toString().contains("null"), f::toString);
            }
            assertEquals(Verdict.UNKNOWN, r.verdict(), target);
        }
        assertEquals("linux.cpu.virtualization.notCaptured",
                find(new LinuxHostBuilder(), "kvm", "cpu.virtualization").detail().key());
    }

    private static LinuxHostBuilder pasted() {
        return new LinuxHostBuilder()
                .file("/proc/cpuinfo", LinuxHostBuilder.resource("cpuinfo/intel-core-ultra-155h.txt"))
                .file("/proc/modules", "kvm_intel 401408 0 - Live 0x0000000000000000\n"
                        + "kvm 1146880 1 kvm_intel, Live 0x0000000000000000\n")
                .file("/proc/version", "Linux version 6.12.9-amd64 (debian-kernel@lists.debian.org) (gcc-14) #1 SMP\n")
                .virtualbox("7.1.4r165100");
    }

    @Test
    void pastedProcModulesAndProcVersionAreRead() {
        var host = pasted();
        assertEquals("6.12.9-amd64", host.facts().kernelRelease());
        assertEquals(Status.PASS, find(host, "kvm", "kvm.module").status());
        assertEquals(List.of("kvm_intel"), find(host, "kvm", "kvm.module").detail().args());
        // The parameter exists on 6.12 (default Y): not recorded is not "this kernel has none".
        Finding conflict = find(host, "virtualbox", "virtualbox.kvm-conflict");
        assertEquals("linux.virtualbox.kvm-conflict.atLoadNotCaptured", conflict.detail().key());
        host.file("/sys/module/kvm/parameters/enable_virt_at_load", "Y\n");
        assertEquals("linux.virtualbox.kvm-conflict.heldAtLoad",
                find(host, "virtualbox", "virtualbox.kvm-conflict").detail().key());
        Finding driver = find(host, "virtualbox", "virtualbox.driver");
        assertTrue(driver.sources().stream().noneMatch(s -> s.contains("null")), driver::toString);
    }
}
