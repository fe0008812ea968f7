package dev.hostvirt.facts.linux;

import java.util.List;

/**
 * The IOMMU (Intel VT-d, AMD-Vi) that PCI passthrough (VFIO) needs; ordinary VMs run without it.
 *
 * @param groups      entries of /sys/kernel/iommu_groups: empty when the directory is empty or absent
 *                    (IOMMU off, or not built into the kernel), null when not recorded
 * @param table       the ACPI table the firmware publishes: "DMAR" (Intel), "IVRS" (AMD), "" when
 *                    neither exists (no IOMMU, or disabled in firmware), null when not recorded
 * @param cmdlineArgs the IOMMU arguments on /proc/cmdline (intel_iommu=, amd_iommu=, iommu=), null
 *                    when the command line was not recorded
 */
public record Iommu(List<String> groups, String table, List<String> cmdlineArgs) {
    public static final String DMAR = "DMAR";
    public static final String IVRS = "IVRS";
    public static final String GROUPS = "/sys/kernel/iommu_groups";
    public static final String TABLES = "/sys/firmware/acpi/tables/";

    public Iommu {
        groups = groups == null ? null : List.copyOf(groups);
        cmdlineArgs = cmdlineArgs == null ? null : List.copyOf(cmdlineArgs);
    }
}
