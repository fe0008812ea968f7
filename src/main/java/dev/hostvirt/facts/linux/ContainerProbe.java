package dev.hostvirt.facts.linux;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.Software;
import dev.hostvirt.facts.Version;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.PathInfo;
import dev.hostvirt.host.Reading;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the kernel config once (falling back to runtime evidence when none is readable), the cgroup
 * layout, the security modules, and the installed runtimes and engines. The runtimes' version commands
 * run in parallel: forking is the slowest thing a check does.
 */
final class ContainerProbe {
    static final List<String> RUNTIMES = List.of("runc", "crun");
    static final List<String> ENGINES = List.of("podman", "docker", "containerd");
    static final List<String> NAMESPACES = List.of("cgroup", "ipc", "mnt", "net", "pid", "user", "uts");

    private final Host host;
    private final java.util.Optional<KernelConfigFile> kernelConfig;
    private final Fact<Version> kernel;
    private final Fact<CgroupLayout> cgroup;

    ContainerProbe(Host host, java.util.Optional<KernelConfigFile> kernelConfig, Fact<Version> kernel, Fact<CgroupLayout> cgroup) {
        this.host = host;
        this.kernelConfig = kernelConfig;
        this.kernel = kernel;
        this.cgroup = cgroup;
    }

    Containers probe() {
        Map<String, CompletableFuture<Software>> versions = new LinkedHashMap<>();
        for (String program : RUNTIMES) {
            List<String> argv = List.of(program, "--version");
            versions.put(program, CompletableFuture.supplyAsync(
                    () -> Software.fromCommand(program, host.command(argv), Sources.command(argv))));
        }
        String configSource = kernelConfig.map(KernelConfigFile::path).orElse(null);
        KernelConfig config = kernelConfig.map(KernelConfigFile::config).orElse(null);
        List<String> namespaces = new ArrayList<>();
        Reading<PathInfo> ns = host.path("/proc/self/ns");
        if (ns instanceof Reading.Present<PathInfo> p && p.value().entries() != null) {
            for (String n : NAMESPACES) {
                if (p.value().entries().contains(n)) {
                    namespaces.add(n);
                }
            }
        }
        String filesystems = host.file("/proc/filesystems").orElse(null);
        Boolean overlay = filesystems == null ? null : filesystems.contains("\toverlay\n") || filesystems.endsWith("\toverlay");
        Boolean btrfs = filesystems == null ? null : filesystems.contains("\tbtrfs");
        String status = host.file("/proc/self/status").orElse(null);
        Boolean seccomp = status == null ? null : status.contains("\nSeccomp:");

        List<String> missingCore = new ArrayList<>();
        List<String> missingBridge = new ArrayList<>();
        List<String> missingOptional = new ArrayList<>();
        List<String> missingLxc = new ArrayList<>();
        if (config != null) {
            for (String o : KernelOptions.LXC) {
                if (!config.enabled(o)) {
                    missingLxc.add(o);
                }
            }
            List<String> core = new ArrayList<>(KernelOptions.CORE);
            Version k = kernel.value();
            if (k != null) {
                core.addAll(KernelOptions.versionGated(k.part(0), k.part(1)));
            }
            for (String o : core) {
                if (!config.enabled(o)) {
                    missingCore.add(o);
                }
            }
            for (String o : KernelOptions.BRIDGE_NETWORK) {
                if (!config.enabled(o)) {
                    missingBridge.add(o);
                }
            }
            for (String o : KernelOptions.OPTIONAL) {
                if (!config.enabled(o)) {
                    missingOptional.add(o);
                }
            }
            if (!config.enabled("OVERLAY_FS") && !Boolean.TRUE.equals(overlay)) {
                overlay = false;
            } else if (config.enabled("OVERLAY_FS")) {
                overlay = true;
            }
            seccomp = config.enabled("SECCOMP") && config.enabled("SECCOMP_FILTER");
        } else {
            // No config to read: judge by what the running kernel shows.
            if (!namespaces.isEmpty()) {
                for (String n : List.of("ipc", "mnt", "net", "pid", "uts")) {
                    if (!namespaces.contains(n)) {
                        missingCore.add(n.toUpperCase() + "_NS");
                    }
                }
            }
            if (cgroup.value() == null && cgroup.known()) {
                missingCore.add("CGROUPS");
            }
        }
        Boolean apparmor = null;
        String aa = Sources.text(host, "/sys/module/apparmor/parameters/enabled");
        if (aa != null) {
            apparmor = aa.startsWith("Y");
        } else if (host.path("/sys/module/apparmor").isAbsent()) {
            apparmor = false;
        }
        Boolean parser = Boolean.TRUE.equals(apparmor) && !Sources.notCaptured(host, "apparmor_parser")
                ? Sources.onPath(host, "apparmor_parser") != null : null;
        String selinux = null;
        String enforce = Sources.text(host, "/sys/fs/selinux/enforce");
        if (enforce != null) {
            selinux = enforce.equals("1") ? "enforcing" : "permissive";
        } else if (host.path("/sys/fs/selinux").isAbsent()) {
            selinux = "disabled";
        }
        Long maxKeys = null;
        String keys = Sources.text(host, "/proc/sys/kernel/keys/root_maxkeys");
        if (keys != null) {
            try {
                maxKeys = Long.parseLong(keys);
            } catch (NumberFormatException e) {
                maxKeys = null;
            }
        }
        Map<String, Software> runtimes = new LinkedHashMap<>();
        Map<String, Software> engines = new LinkedHashMap<>();
        versions.forEach((program, future) -> runtimes.put(program, future.join()));
        // Engines are only reported, so their presence is enough here: docker --version alone
        // costs more than the rest of the check. Their versions are read for `hostvirt facts`.
        for (String program : ENGINES) {
            String where = Sources.onPath(host, program);
            engines.put(program, where == null ? Software.absent(program, "path:" + program)
                    : Software.installed(program, null, "path:" + where));
        }
        return new Containers(kernel, configSource, missingCore, missingBridge, missingOptional, namespaces, cgroup,
                seccomp, overlay, btrfs, apparmor, parser, selinux, maxKeys, Collections.unmodifiableMap(runtimes),
                Collections.unmodifiableMap(engines), missingLxc, Sources.exists(host, "/sys/fs/fuse/connections"),
                Sources.onPath(host, "lxc-start"), java.util.stream.Stream.concat(ENGINES.stream(), java.util.stream.Stream.of("lxc-start"))
                        .filter(p -> Sources.notCaptured(host, p)).collect(java.util.stream.Collectors.toSet()));
    }

}
