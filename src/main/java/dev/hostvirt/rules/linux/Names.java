package dev.hostvirt.rules.linux;

/** How hypervisor and container identifiers from systemd's tables are shown to people. */
final class Names {
    private Names() {
    }

    static String hypervisor(String id) {
        return switch (id) {
            case "kvm" -> "KVM";
            case "qemu" -> "QEMU (TCG emulation)";
            case "microsoft" -> "Microsoft Hyper-V";
            case "vmware" -> "VMware";
            case "oracle" -> "Oracle VirtualBox";
            case "xen" -> "Xen";
            case "bhyve" -> "bhyve";
            case "parallels" -> "Parallels";
            case "amazon" -> "Amazon EC2 (Nitro/KVM)";
            case "google" -> "Google Compute Engine (KVM)";
            case "apple" -> "Apple Virtualization";
            case "acrn" -> "ACRN";
            case "qnx" -> "QNX hypervisor";
            case "bochs" -> "Bochs";
            case "?" -> "?";
            default -> id;
        };
    }
}
