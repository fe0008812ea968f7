package dev.hostvirt.facts.linux;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.Software;
import dev.hostvirt.facts.Version;
import java.util.List;
import java.util.Map;

/**
 * What containers need from this kernel and what is installed to run them.
 *
 * @param configSource   the kernel config read (/proc/config.gz, /boot/config-R), null when none
 * @param missingCore    core options missing (or, with no config, namespaces/cgroups not found)
 * @param missingBridge  bridge-network options missing (empty when no config is readable)
 * @param missingOptional optional options missing
 * @param seccomp        the kernel filters system calls (null: unknown)
 * @param overlay        overlayfs available (null: unknown)
 * @param runtimes       runc, crun: version (null value: not installed)
 * @param engines        podman, docker, containerd: version (null value: not installed)
 */
public record Containers(Fact<Version> kernel, String configSource, List<String> missingCore,
        List<String> missingBridge, List<String> missingOptional, List<String> namespaces,
        Fact<CgroupLayout> cgroup, Boolean seccomp, Boolean overlay, Boolean btrfs, Boolean apparmor,
        Boolean apparmorParser, String selinux, Long rootMaxKeys, Map<String, Software> runtimes,
        Map<String, Software> engines, List<String> missingLxc, Boolean fuseConnections, String lxcStart,
        java.util.Set<String> notCaptured) {

    public Containers {
        missingCore = List.copyOf(missingCore);
        missingBridge = List.copyOf(missingBridge);
        missingOptional = List.copyOf(missingOptional);
        namespaces = List.copyOf(namespaces);
        missingLxc = List.copyOf(missingLxc);
        notCaptured = java.util.Set.copyOf(notCaptured);
    }

    /** The program's presence was not captured (its null or absent value above means unknown). */
    public boolean unknown(String program) {
        return notCaptured.contains(program);
    }
}
