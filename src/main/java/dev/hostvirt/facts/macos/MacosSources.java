package dev.hostvirt.facts.macos;

import dev.hostvirt.facts.SourceSpec;
import dev.hostvirt.i18n.Text;
import java.util.List;

/** Every source the macOS probes read (hostvirt sources --os macos); what a macOS snapshot may hold. */
public final class MacosSources {
    private MacosSources() {
    }

    public static List<SourceSpec> all() {
        return List.of(
                sysctl("kern.hv_support", "hvSupport"),
                sysctl("hw.optional.arm64", "arm64"),
                sysctl("sysctl.proc_translated", "translated"),
                sysctl("kern.hv_vmm_present", "vmm"),
                sysctl("hw.model", "model"),
                sysctl("machdep.cpu.brand_string", "brand"),
                sysctl("machdep.cpu.vendor", "vendor"),
                sysctl("machdep.cpu.features", "features"),
                sysctl("hw.memsize", "memsize"),
                sysctl("hw.ncpu", "ncpu"),
                sysctl("kern.osproductversion", "osversion"),
                sysctl("kern.osversion", "osbuild"),
                command("sysctl -a", "sysctlText"),
                command("sw_vers", "swVers"),
                command(MacosFacts.VBOXMANAGE_APP + " --version", "vboxApp"),
                command("VBoxManage --version", "vboxPath"),
                new SourceSpec("path", MacosFacts.DOCKER_APP, Text.of("macos.source.dockerApp")),
                new SourceSpec("file", MacosFacts.DOCKER_PLIST, Text.of("macos.source.dockerPlist")),
                command("docker context ls --format json", "dockerContext"),
                command("docker version --format {{.Server.Version}}", "dockerServer"),
                command("podman --version", "podmanVersion"),
                command("podman machine list --format json", "podmanMachines"),
                command("colima version", "colimaVersion"),
                command("colima status --json", "colimaStatus"),
                command("limactl --version", "limaVersion"),
                command("limactl list --json", "limaList"),
                new SourceSpec("path", MacosFacts.ORBSTACK_APP, Text.of("macos.source.orbstack")),
                new SourceSpec("file", MacosFacts.ORBSTACK_APP + "/Contents/Info.plist", Text.of("macos.source.appPlist")),
                new SourceSpec("path", MacosFacts.RANCHER_APP, Text.of("macos.source.rancher")),
                new SourceSpec("file", MacosFacts.RANCHER_APP + "/Contents/Info.plist", Text.of("macos.source.appPlist")));
    }

    private static SourceSpec sysctl(String name, String key) {
        return new SourceSpec("sysctl", name, Text.of("macos.source." + key));
    }

    private static SourceSpec command(String argv, String key) {
        return new SourceSpec("command", argv, Text.of("macos.source." + key));
    }
}
