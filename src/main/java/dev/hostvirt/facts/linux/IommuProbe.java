package dev.hostvirt.facts.linux;

import dev.hostvirt.host.Host;
import dev.hostvirt.host.PathInfo;
import dev.hostvirt.host.Reading;
import java.util.ArrayList;
import java.util.List;

/**
 * What virt-host-validate's two IOMMU lines read: the firmware's ACPI table (DMAR or IVRS) for the
 * hardware, and a non-empty /sys/kernel/iommu_groups for the kernel; plus the command line's IOMMU
 * arguments, to name them in the fix. Only existence is read: the tables are root-only files.
 */
final class IommuProbe {
    private final Host host;

    IommuProbe(Host host) {
        this.host = host;
    }

    Iommu probe() {
        Reading<PathInfo> dir = host.path(Iommu.GROUPS);
        List<String> groups = null;
        if (dir.isAbsent()) {
            groups = List.of();
        } else if (dir instanceof Reading.Present<PathInfo> p && p.value().entries() != null) {
            groups = p.value().entries();
        }
        String table = null;
        Boolean dmar = Sources.exists(host, Iommu.TABLES + Iommu.DMAR);
        Boolean ivrs = Sources.exists(host, Iommu.TABLES + Iommu.IVRS);
        if (Boolean.TRUE.equals(dmar)) {
            table = Iommu.DMAR;
        } else if (Boolean.TRUE.equals(ivrs)) {
            table = Iommu.IVRS;
        } else if (dmar != null && ivrs != null) {
            table = "";
        }
        String cmdline = host.file("/proc/cmdline").orElse(null);
        return new Iommu(groups, table, cmdline == null ? null : iommuArgs(cmdline));
    }

    static List<String> iommuArgs(String cmdline) {
        List<String> out = new ArrayList<>();
        for (String arg : cmdline.trim().split("\\s+")) {
            if (arg.startsWith("intel_iommu=") || arg.startsWith("amd_iommu=") || arg.startsWith("iommu=")) {
                out.add(arg);
            }
        }
        return out;
    }
}
