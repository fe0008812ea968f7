package dev.hostvirt.rules.linux;

import static dev.hostvirt.rules.linux.Findings.evaluate;
import static dev.hostvirt.rules.linux.Findings.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.facts.linux.LinuxHostBuilder;
import dev.hostvirt.facts.linux.LinuxSources;
import dev.hostvirt.host.PathInfo;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.Status;
import dev.hostvirt.rules.TargetResult;
import dev.hostvirt.rules.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kvm.iommu: virt-host-validate's two IOMMU lines, never able to block KVM. */
class IommuRulesTest {
    private static final PathInfo TABLE = new PathInfo(PathInfo.FILE, "0400", false, false, null, null, null, null);
    private static final String TABLES = "/sys/firmware/acpi/tables/";

    private static LinuxHostBuilder intel(PathInfo groups) {
        return LinuxHostBuilder.intelLaptop().path(TABLES + "DMAR", TABLE).absentPath(TABLES + "IVRS")
                .path("/sys/kernel/iommu_groups", groups);
    }

    @Test
    void iommuGroupsMeanTheKernelEnabledIt() {
        TargetResult r = evaluate(intel(LinuxHostBuilder.dir("0", "1", "12")), "kvm");
        Finding f = find(r, "kvm.iommu");
        assertEquals(Status.PASS, f.status());
        assertEquals(List.of(3), f.detail().args());
        assertFalse(f.required());
        assertEquals(Verdict.READY, r.verdict(), () -> r.findings().toString());
    }

    @Test
    void aDmarTableWithoutGroupsWarnsWithTheGrubStepsButNeverBlocks() {
        TargetResult r = evaluate(intel(LinuxHostBuilder.dir()), "kvm");
        Finding f = find(r, "kvm.iommu");
        assertEquals(Status.WARN, f.status());
        assertEquals("linux.kvm.iommu.offInKernel", f.detail().key());
        assertEquals("linux.kvm.iommu.fix.intel", f.fix().key());
        assertEquals(Text.of("linux.kvm.iommu.noArgs"), f.detail().args().get(2));
        assertEquals(Verdict.DEGRADED, r.verdict());
        String fix = Messages.forLanguage("en").render(f.fix());
        assertTrue(fix.contains("intel_iommu=on") && fix.contains("GRUB_CMDLINE_LINUX_DEFAULT")
                && fix.contains("/etc/default/grub") && fix.contains("sudo update-grub") && fix.contains("reboot"), fix);
    }

    @Test
    void anAmdHostNamesTheCommandLineArgumentThatTurnedItOff() {
        var host = LinuxHostBuilder.intelLaptop().absentPath(TABLES + "DMAR").path(TABLES + "IVRS", TABLE)
                .absentPath("/sys/kernel/iommu_groups")
                .file("/proc/cmdline", "BOOT_IMAGE=/vmlinuz root=UUID=1 ro amd_iommu=off quiet\n");
        Finding f = find(host, "kvm", "kvm.iommu");
        assertEquals(Status.WARN, f.status());
        assertEquals("linux.kvm.iommu.fix.amd", f.fix().key());
        assertEquals(List.of("IVRS", "AMD-Vi", "amd_iommu=off"), f.detail().args());
    }

    @Test
    void noAcpiTableIsAnOptionalSkipThatPointsAtTheFirmware() {
        var host = LinuxHostBuilder.intelLaptop().absentPath(TABLES + "DMAR").absentPath(TABLES + "IVRS")
                .path("/sys/kernel/iommu_groups", LinuxHostBuilder.dir());
        TargetResult r = evaluate(host, "kvm");
        Finding f = find(r, "kvm.iommu");
        assertEquals(Status.SKIP, f.status());
        assertEquals("linux.kvm.iommu.noHardware", f.detail().key());
        assertEquals("linux.kvm.iommu.fix.firmware", f.fix().key());
        assertFalse(f.required());
        assertEquals(Verdict.READY, r.verdict());
    }

    @Test
    void sourcesNotRecordedAreNotCapturedAndLeaveTheVerdictAlone() {
        TargetResult r = evaluate(LinuxHostBuilder.intelLaptop(), "kvm");
        Finding f = find(r, "kvm.iommu");
        assertEquals("linux.kvm.iommu.notCaptured", f.detail().key());
        assertFalse(f.required());
        assertEquals(Verdict.READY, r.verdict());
        // Groups recorded empty, tables not: whether the hardware has one is still unknown.
        var tablesMissing = LinuxHostBuilder.intelLaptop().path("/sys/kernel/iommu_groups", LinuxHostBuilder.dir());
        assertEquals("linux.kvm.iommu.notCaptured", find(tablesMissing, "kvm", "kvm.iommu").detail().key());
    }

    @Test
    void everyVariantIsTranslatedAndEverySourceIsListed() {
        for (String lang : List.of("en", "es")) {
            Messages m = Messages.forLanguage(lang);
            for (String k : List.of("title", "on", "offInKernel", "fix.intel", "fix.amd", "noHardware", "fix.firmware",
                    "notCaptured", "noArgs")) {
                assertTrue(m.has("linux.kvm.iommu." + k), lang + " " + k);
            }
        }
        var specs = LinuxSources.all();
        for (String p : List.of("/sys/kernel/iommu_groups", TABLES + "DMAR", TABLES + "IVRS")) {
            assertTrue(LinuxSources.covers(specs, "path", p), p);
        }
        assertTrue(LinuxSources.covers(specs, "file", "/proc/cmdline"));
    }
}
