package dev.hostvirt.facts.linux;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The first processor block of /proc/cpuinfo: vendor, model, CPU flags (x86 "flags", ARM "Features")
 * and the "vmx flags" line Linux 5.8+ prints for Intel VT-x sub-features (ept, vpid, ...).
 */
public record CpuInfo(String vendor, String model, Set<String> flags, Set<String> vmxFlags) {

    public static CpuInfo parse(String text) {
        String vendor = null;
        String model = null;
        Set<String> flags = new LinkedHashSet<>();
        Set<String> vmxFlags = new LinkedHashSet<>();
        boolean seenFlags = false;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                if (line.isBlank() && seenFlags) {
                    break; // the first CPU is enough: the kernel shows the common flags on every one
                }
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "vendor_id", "CPU implementer" -> vendor = vendor == null ? value : vendor;
                case "model name", "Model", "cpu model" -> model = model == null ? value : model;
                case "flags", "Features", "features" -> {
                    if (!seenFlags) {
                        flags.addAll(Arrays.asList(value.split("\\s+")));
                        seenFlags = true;
                    }
                }
                case "vmx flags" -> {
                    if (vmxFlags.isEmpty()) {
                        vmxFlags.addAll(Arrays.asList(value.split("\\s+")));
                    }
                }
                default -> {
                }
            }
        }
        flags.remove("");
        vmxFlags.remove("");
        return new CpuInfo(vendor, model, Set.copyOf(flags), Set.copyOf(vmxFlags));
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** intel, amd, or the raw vendor string for others (ARM implementer codes, Hygon, ...). */
    public String vendorName() {
        if (vendor == null) {
            return null;
        }
        return switch (vendor) {
            case "GenuineIntel" -> "intel";
            case "AuthenticAMD" -> "amd";
            case "HygonGenuine" -> "hygon";
            case "0x41" -> "arm";
            default -> vendor;
        };
    }
}
