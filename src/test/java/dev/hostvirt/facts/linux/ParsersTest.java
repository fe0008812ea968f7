package dev.hostvirt.facts.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.facts.Version;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Linux text parsers on real outputs (see src/test/resources/linux/SOURCE.md). */
class ParsersTest {

    @Test
    void cpuinfoOfAnAmdGuestHasTheHypervisorFlagAndNoSvm() {
        CpuInfo c = CpuInfo.parse(LinuxHostBuilder.resource("cpuinfo/amd-epyc-firecracker-kvm.txt"));
        assertEquals("amd", c.vendorName());
        assertEquals("AMD EPYC", c.model());
        assertTrue(c.has("hypervisor"));
        assertFalse(c.has("svm"));
        assertTrue(c.vmxFlags().isEmpty());
    }

    @Test
    void cpuinfoOfAnOlderIntelShowsEptAmongTheFlags() {
        CpuInfo c = CpuInfo.parse(LinuxHostBuilder.resource("cpuinfo/intel-xeon-e5620.txt"));
        assertEquals("intel", c.vendorName());
        assertEquals("Intel(R) Xeon(R) CPU           E5620  @ 2.40GHz", c.model());
        assertTrue(c.has("vmx") && c.has("ept") && !c.has("hypervisor"));
    }

    @Test
    void cpuinfoOfANewIntelHasTheVmxFlagsLine() {
        CpuInfo c = CpuInfo.parse(LinuxHostBuilder.resource("cpuinfo/intel-core-ultra-155h.txt"));
        assertTrue(c.vmxFlags().containsAll(Set.of("ept", "vpid", "unrestricted_guest", "shadow_vmcs")));
    }

    @Test
    void oddCpuinfoNeverThrows() {
        CpuInfo c = CpuInfo.parse("garbage\n:::\nflags :\n\n");
        assertEquals(null, c.vendorName());
        assertTrue(c.flags().isEmpty());
    }

    @Test
    void kernelConfigIsReadOnceIntoStates() {
        KernelConfig k = KernelConfig.parse(LinuxHostBuilder.resource("config/firecracker-6.18.config"));
        assertEquals(KernelConfig.State.BUILTIN, k.state("NAMESPACES"));
        assertEquals(KernelConfig.State.MISSING, k.state("KVM_INTEL"), "'# CONFIG_KVM_INTEL is not set'");
        assertEquals(KernelConfig.State.MISSING, k.state("NETFILTER_XT_MATCH_IPVS"));
        assertTrue(k.size() > 1000);
        assertEquals(KernelConfig.State.MODULE, KernelConfig.parse("CONFIG_VETH=m\n").state("VETH"));
    }

    @Test
    void thisMachinesMountsAreHybridWithHugetlbOnTheV2Side() {
        MountInfo m = MountInfo.parse(LinuxHostBuilder.resource("mountinfo/hybrid-firecracker.txt"));
        CgroupLayout l = CgroupLayout.detect(m, "hugetlb\n").orElseThrow();
        assertEquals(CgroupLayout.HYBRID, l.mode());
        assertEquals(Set.of("hugetlb"), l.v2Controllers());
        assertTrue(l.v1Controllers().containsAll(Set.of("cpu", "memory", "pids", "devices", "freezer", "blkio")));
    }

    @Test
    void cgroupModesFromMountinfo() {
        String v2 = "35 22 0:30 / /sys/fs/cgroup rw,nosuid shared:9 - cgroup2 cgroup2 rw,nsdelegate\n";
        assertEquals(CgroupLayout.V2, CgroupLayout.detect(MountInfo.parse(v2), "cpu memory").orElseThrow().mode());
        String v1 = "25 22 0:23 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n"
                + "26 25 0:24 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
        CgroupLayout l = CgroupLayout.detect(MountInfo.parse(v1), "").orElseThrow();
        assertEquals(CgroupLayout.V1, l.mode());
        assertEquals(Set.of("memory"), l.v1Controllers());
        assertTrue(CgroupLayout.detect(MountInfo.parse("1 2 0:1 / / rw - ext4 /dev/sda1 rw\n"), "").isEmpty());
    }

    @Test
    void mountinfoUnescapesOctalSpaces() {
        MountInfo m = MountInfo.parse("40 1 0:5 / /mnt/my\\040disk rw - ext4 /dev/sdb1 rw\n");
        assertEquals("/mnt/my disk", m.mounts().get(0).mountPoint());
    }

    @Test
    void modprobeDirectivesWithContinuationsAndDashes() {
        List<ModprobeConfig.Directive> d = ModprobeConfig.parse(
                "# comment\noptions kvm \\\n  enable_virt_at_load=0\nblacklist kvm-intel\ninstall kvm_amd /bin/false\nalias x y\n",
                "/etc/modprobe.d/x.conf");
        assertEquals(3, d.size());
        assertEquals("enable_virt_at_load=0", d.get(0).argument().trim());
        assertEquals("kvm_intel", d.get(1).module());
        assertEquals("install", d.get(2).kind());
    }

    @Test
    void osReleaseValuesMayBeQuoted() {
        OsRelease o = OsRelease.parse("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID='12'\n");
        assertEquals("Debian GNU/Linux 12 (bookworm)", o.prettyName());
        assertEquals("12", o.versionId());
    }

    @Test
    void versionsAreFoundInToolOutputsAndCompared() {
        assertEquals("7.0.14", Version.find("7.0.14_Debianr161095").orElseThrow().text());
        assertEquals("1.1.5", Version.find("runc version 1.1.5+ds1\ncommit: v1.1.5").orElseThrow().text());
        assertEquals("6.18.44", Version.find("6.18.44-fc-v669").orElseThrow().text());
        assertTrue(Version.find("7.2.10r171000").orElseThrow().atLeast(7, 2, 10));
        assertTrue(Version.find("6.12").orElseThrow().below(6, 12, 1));
        assertTrue(Version.find("no version here").isEmpty());
    }

    @Test
    void subordinateIdsMatchByNameOrUid() {
        List<SubIds.Range> r = SubIds.parse("alice:100000:65536\n1000:300000:10\nbroken\nbob:x:1\n");
        assertEquals(65546, SubIds.countFor(r, "alice", 1000));
        assertEquals(0, SubIds.countFor(r, "carol", 1001));
    }

    @Test
    void procStatusGivesUidsAndGroups() {
        String status = "Name:\tjava\nUid:\t1000\t0\t0\t0\nGroups:\t4 27 993 \n";
        assertEquals(0L, Identity.uids(status).orElseThrow()[1]);
        assertEquals(Set.of(4L, 27L, 993L), Identity.groups(status));
    }

    @Test
    void hypervisorSignaturesFollowSystemdsTable() {
        // This machine's CPUID leaf 0x40000000, read through /dev/cpu/0/cpuid.
        assertEquals("KVMKVMKVM", EnvironmentProbe.signature(List.of(0x40000001L, 0x4b4d564bL, 0x564b4d56L, 0x4dL)));
        assertEquals("kvm", EnvironmentProbe.cpuidVendor("KVMKVMKVM"));
        assertEquals("microsoft", EnvironmentProbe.cpuidVendor("Microsoft Hv"));
        assertEquals("oracle", EnvironmentProbe.dmiVendor("innotek GmbH"));
        assertEquals(null, EnvironmentProbe.dmiVendor("LENOVO"));
    }
}
