package dev.hostvirt.facts.linux;

import dev.hostvirt.facts.Software;
import java.util.List;

/**
 * VirtualBox and VMware on a Linux host, and everything that decides whether they can take VT-x
 * from KVM: loaded modules, overrides in modprobe.d and on the kernel command line, running KVM VMs.
 *
 * @param virtualbox         VBoxManage --version
 * @param vboxModules        vboxdrv, vboxnetflt, vboxnetadp present in /sys/module
 * @param vboxModuleBuilt    a vboxdrv module file exists for the running kernel (null: unknown)
 * @param secureBoot         true/false, null when not EFI or unknown
 * @param overrides          modprobe.d directives about kvm* modules, with their files
 * @param cmdlineVirtAtLoad  kvm.enable_virt_at_load= on the kernel command line, or null
 * @param kvmVmPids          processes holding a KVM VM, null when unknown
 * @param vboxModulesKnown   whether vboxdrv's presence was captured (else vboxModules says nothing)
 */
public record OtherHypervisors(Software virtualbox, List<String> vboxModules, Boolean vboxDevice,
        Boolean vboxModuleBuilt, Boolean secureBoot, Software vmware, List<String> vmwareModules,
        List<ModprobeConfig.Directive> overrides, String cmdlineVirtAtLoad, List<String> cmdlineBlacklist,
        List<Long> kvmVmPids, boolean vboxModulesKnown, boolean vmwareModulesKnown) {

    public OtherHypervisors {
        vboxModules = List.copyOf(vboxModules);
        vmwareModules = List.copyOf(vmwareModules);
        overrides = List.copyOf(overrides);
        cmdlineBlacklist = List.copyOf(cmdlineBlacklist);
        kvmVmPids = kvmVmPids == null ? null : List.copyOf(kvmVmPids);
    }
}
