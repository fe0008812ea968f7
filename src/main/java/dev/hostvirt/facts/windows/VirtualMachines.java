package dev.hostvirt.facts.windows;

import java.util.Locale;

/**
 * Which hypervisor a Windows guest runs on, from Win32_ComputerSystem Manufacturer and Model (or the
 * same values in systeminfo). These are firmware (SMBIOS) strings, never translated.
 */
final class VirtualMachines {
    private VirtualMachines() {
    }

    /** "virtualbox", "vmware", "hyperv", "kvm", "parallels", "xen", or null for physical hardware. */
    static String vendorOf(String manufacturer, String model) {
        String ma = manufacturer == null ? "" : manufacturer.toLowerCase(Locale.ROOT).strip();
        String mo = model == null ? "" : model.toLowerCase(Locale.ROOT).strip();
        if (ma.startsWith("innotek") || mo.equals("virtualbox")) {
            return "virtualbox";
        }
        if (ma.startsWith("vmware") || mo.startsWith("vmware")) {
            return "vmware";
        }
        // Surface devices also say "Microsoft Corporation"; only the model tells a Hyper-V guest apart.
        if (mo.equals("virtual machine") && (ma.isEmpty() || ma.startsWith("microsoft"))) {
            return "hyperv";
        }
        if (ma.equals("qemu") || mo.startsWith("standard pc (") || mo.startsWith("kvm")) {
            return "kvm";
        }
        if (ma.startsWith("parallels") || mo.startsWith("parallels")) {
            return "parallels";
        }
        if (ma.equals("xen") || mo.startsWith("hvm domu")) {
            return "xen";
        }
        return null;
    }
}
