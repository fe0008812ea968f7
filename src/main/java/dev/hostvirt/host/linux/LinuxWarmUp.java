package dev.hostvirt.host.linux;

import dev.hostvirt.host.LiveHost;
import dev.hostvirt.host.PathInfo;

/**
 * Starts the slowest Linux reads in the background as soon as a live host exists: loading JNA for
 * KVM_GET_API_VERSION, the scan of every process's open files for KVM VMs, and the runtimes' version
 * commands, which are forks. On a second core they finish while picocli and the other probes run.
 * Only what a check would ask anyway is asked, with the same arguments.
 */
public final class LinuxWarmUp {
    private LinuxWarmUp() {
    }

    public static void start(LiveHost host) {
        host.warmUp(() -> {
            PathInfo kvm = host.path("/dev/kvm").orElse(null);
            if (kvm != null && kvm.isCharDevice() && kvm.readable() && kvm.writable()) {
                host.value(LinuxValues.KVM_API_VERSION);
            }
        });
        host.warmUp(() -> {
            // The /proc/*/fd scan for running KVM VMs, asked whenever KVM is loaded: ~300 readlinks here.
            if (host.path("/sys/module/kvm").isPresent()) {
                host.value(LinuxValues.KVM_VM_PROCESSES);
            }
            host.command("runc", "--version");
            host.command("crun", "--version");
        });
    }
}
