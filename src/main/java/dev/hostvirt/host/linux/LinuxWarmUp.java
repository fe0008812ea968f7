package dev.hostvirt.host.linux;

import dev.hostvirt.host.LiveHost;
import dev.hostvirt.host.PathInfo;

/**
 * Starts the slowest Linux reads in the background as soon as a live host exists: loading JNA for
 * KVM_GET_API_VERSION costs more than everything else a check does, and the runtimes' version
 * commands are forks. On a second core they finish while picocli and the other probes run.
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
            host.command("runc", "--version");
            host.command("crun", "--version");
        });
    }
}
