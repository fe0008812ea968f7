package dev.hostvirt.rules.linux;

import static dev.hostvirt.rules.linux.Findings.find;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hostvirt.facts.linux.LinuxHostBuilder;
import dev.hostvirt.host.linux.LinuxValues;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.Status;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every branch of the KVM / VirtualBox conflict matrix (linux-anchors.md §5), one hand-made host each. */
class KvmConflictTest {

    private static LinuxHostBuilder host(String kernel, String vendor, String atLoad, String vbox) {
        LinuxHostBuilder b = LinuxHostBuilder.intelLaptop().kernel(kernel).vendorModule(vendor.equals("-") ? "none" : vendor);
        if (atLoad.equals("-")) {
            b.absent("/sys/module/kvm/parameters/enable_virt_at_load");
        } else {
            b.file("/sys/module/kvm/parameters/enable_virt_at_load", atLoad + "\n");
        }
        if (!vbox.equals("-")) {
            b.virtualbox(vbox);
        }
        return b;
    }

    @ParameterizedTest(name = "kernel {0}, {1} loaded, enable_virt_at_load={2}, VirtualBox {3} -> {4} {5}")
    @CsvSource({
        "6.8.0-45-generic, kvm_intel, -, 7.0.14r161095, PASS, onDemand",
        "6.11.0-1, kvm_amd, -, 7.1.4r165100, PASS, onDemand",
        "6.12.9, -, Y, 7.0.14r161095, PASS, noVendorModule",
        "6.12.9, kvm_intel, Y, 7.0.14r161095, FAIL, heldAtLoad",
        "6.14.2, kvm_amd, Y, 7.2.8r170000, FAIL, heldAtLoad",
        "6.14.2, kvm_amd, N, 7.2.8r170000, PASS, overrideOk",
        "6.14.2, kvm_amd, N, 7.2.10r171000, FAIL, overrideBreaksNew",
        "6.12.9, kvm_amd, N, 7.2.10r171000, PASS, overrideOk",
        "6.12.9, kvm_intel, Y, 7.2.10r171000, FAIL, heldAtLoad",
        "7.0.3, kvm_intel, Y, 7.2.12r172000, WARN, panicRisk",
        "7.1.1, kvm_amd, Y, 7.2.12r172000, PASS, newMethod",
        "7.1.1, kvm_intel, Y, 7.2.14r173000, PASS, newMethod",
        "6.18.2, kvm_intel, Y, -, WARN, notInstalledAtLoad",
        "6.18.2, kvm_intel, N, -, WARN, notInstalledOverride",
        "6.12.9, kvm_amd, N, -, PASS, override612",
    })
    void matrix(String kernel, String vendor, String atLoad, String vbox, Status status, String detail) {
        Finding f = find(host(kernel, vendor, atLoad, vbox), "virtualbox", "virtualbox.kvm-conflict");
        assertEquals(status, f.status(), () -> f.detail().toString());
        assertEquals("linux.virtualbox.kvm-conflict." + detail, f.detail().key());
    }

    @Test
    void theAmdErrorIsNamedForKvmAmd() {
        Finding f = find(host("6.14.2", "kvm_amd", "Y", "7.1.4r165100"), "virtualbox", "virtualbox.kvm-conflict");
        assertEquals("VERR_SVM_IN_USE", f.detail().args().get(3));
        f = find(host("6.14.2", "kvm_intel", "Y", "7.1.4r165100"), "virtualbox", "virtualbox.kvm-conflict");
        assertEquals("VERR_VMX_IN_VMX_ROOT_MODE", f.detail().args().get(3));
    }

    @Test
    void theOverrideThatBreaksNewVirtualBoxIsNamedWithItsFile() {
        LinuxHostBuilder b = host("6.14.2", "kvm_amd", "N", "7.2.10r171000")
                .path("/etc/modprobe.d", LinuxHostBuilder.dir("virtualbox-dkms.conf"))
                .file("/etc/modprobe.d/virtualbox-dkms.conf", "# from the package\noptions kvm enable_virt_at_load=0\n");
        Finding f = find(b, "virtualbox", "virtualbox.kvm-conflict");
        assertEquals("/etc/modprobe.d/virtualbox-dkms.conf: options kvm enable_virt_at_load=0", f.fix().args().get(0));
    }

    @Test
    void theKernelCommandLineOverrideCountsWhenKvmIsBuiltIn() {
        LinuxHostBuilder b = host("6.14.2", "kvm_intel", "-", "7.1.4r165100")
                .forget("/sys/module/kvm/parameters/enable_virt_at_load")
                .absent("/sys/module/kvm/parameters/enable_virt_at_load")
                .file("/proc/cmdline", "BOOT_IMAGE=/vmlinuz ro kvm.enable_virt_at_load=0\n");
        assertEquals("linux.virtualbox.kvm-conflict.overrideOk",
                find(b, "virtualbox", "virtualbox.kvm-conflict").detail().key());
    }

    @Test
    void aRunningKvmVmBlocksVirtualBoxWhateverTheVersions() {
        LinuxHostBuilder b = host("6.8.0-45-generic", "kvm_intel", "-", "7.2.14r173000")
                .value(LinuxValues.KVM_VM_PROCESSES, List.of(4242L));
        Finding f = find(b, "virtualbox", "virtualbox.kvm-vms");
        assertEquals(Status.FAIL, f.status());
        assertEquals(List.of("[4242]"), f.detail().args());
    }

    @Test
    void vmwareNextToKvmThatHoldsVtxAtLoadIsAPossibleConflict() {
        LinuxHostBuilder b = host("6.14.2", "kvm_intel", "Y", "-");
        assertEquals(Status.WARN, find(b, "vmware", "vmware.kvm-conflict").status());
        b = host("6.8.0-45-generic", "kvm_intel", "-", "-");
        assertEquals(Status.PASS, find(b, "vmware", "vmware.kvm-conflict").status());
    }

    @Test
    void aVirtualBoxDriverNotBuiltForTheRunningKernelNamesVboxconfig() {
        LinuxHostBuilder b = host("6.8.0-45-generic", "kvm_intel", "-", "7.0.14r161095")
                .path("/sys/firmware/efi", LinuxHostBuilder.dir())
                .absent("/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c")
                .path("/lib/modules/6.8.0-45-generic/updates/dkms", LinuxHostBuilder.dir("zfs.ko.zst"));
        for (String dir : List.of("misc", "updates", "extra", "kernel/misc")) {
            b.absentPath("/lib/modules/6.8.0-45-generic/" + dir);
        }
        Finding f = find(b, "virtualbox", "virtualbox.driver");
        assertEquals(Status.FAIL, f.status());
        assertEquals("linux.virtualbox.driver.fix.vboxconfig", f.fix().key());
        // Built but refused by Secure Boot is a different fix.
        b.path("/lib/modules/6.8.0-45-generic/updates/dkms", LinuxHostBuilder.dir("vboxdrv.ko.zst", "zfs.ko.zst"))
                .file("/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c", "\u0006\u0000\u0000\u0000\u0001");
        f = find(b, "virtualbox", "virtualbox.driver");
        assertEquals("linux.virtualbox.driver.fix.secureBoot", f.fix().key());
    }
}
