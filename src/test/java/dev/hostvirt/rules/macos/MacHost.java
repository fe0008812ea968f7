package dev.hostvirt.rules.macos;

import dev.hostvirt.host.CommandRecord;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.PathInfo;
import dev.hostvirt.host.Snapshot;
import dev.hostvirt.host.SnapshotHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A hand-made macOS snapshot for one rule at a time: only what the test sets is captured. */
final class MacHost {
    private final String arch;
    private final Map<String, String> sysctl = new HashMap<>();
    private final Map<String, String> files = new HashMap<>();
    private final Map<String, PathInfo> paths = new HashMap<>();
    private final List<CommandRecord> commands = new ArrayList<>();

    private MacHost(String arch) {
        this.arch = arch;
    }

    static MacHost appleSilicon(String brand, String version) {
        return new MacHost("arm64").sysctl("hw.optional.arm64", "1").sysctl("machdep.cpu.brand_string", brand)
                .sysctl("kern.osproductversion", version).sysctl("kern.hv_support", "1")
                .sysctl("kern.hv_vmm_present", "0").sysctl("sysctl.proc_translated", "0");
    }

    static MacHost intel(String version) {
        return new MacHost("amd64").sysctl("hw.optional.arm64", null)
                .sysctl("machdep.cpu.brand_string", "Intel(R) Core(TM) i5-8500B CPU @ 3.00GHz")
                .sysctl("machdep.cpu.features", "FPU VME DE PSE TSC VMX SSSE3")
                .sysctl("kern.osproductversion", version).sysctl("kern.hv_support", "1")
                .sysctl("kern.hv_vmm_present", "0").sysctl("sysctl.proc_translated", null);
    }

    MacHost sysctl(String name, String value) {
        sysctl.put(name, value);
        return this;
    }

    MacHost run(String stdout, int exit, String... argv) {
        // A later answer for the same argv replaces an earlier one (replay takes the first match).
        commands.removeIf(c -> c.argv().equals(List.of(argv)));
        commands.add(new CommandRecord(List.of(argv), exit, stdout, ""));
        return this;
    }

    MacHost missing(String... argv) {
        commands.removeIf(c -> c.argv().equals(List.of(argv)));
        commands.add(new CommandRecord(List.of(argv), null, null, null));
        return this;
    }

    MacHost app(String path, boolean exists) {
        paths.put(path, exists ? new PathInfo("dir", "0755", true, false, null, null, null, null) : null);
        return this;
    }

    MacHost file(String path, String text) {
        files.put(path, text);
        return this;
    }

    /** No engine and no VirtualBox installed, all captured. */
    MacHost nothingInstalled() {
        return app("/Applications/Docker.app", false).app("/Applications/OrbStack.app", false)
                .app("/Applications/Rancher Desktop.app", false).missing("VBoxManage", "--version")
                .missing("podman", "--version").missing("colima", "version").missing("limactl", "--version");
    }

    SnapshotHost host() {
        return new SnapshotHost(new Snapshot(null, new HostPlatform("macos", arch), files, paths, commands,
                Map.of(), Map.of(), sysctl, Map.of()));
    }

    MacosRuleSet rules() {
        return new MacosRuleSet(new dev.hostvirt.facts.macos.MacosFacts(host()));
    }
}
