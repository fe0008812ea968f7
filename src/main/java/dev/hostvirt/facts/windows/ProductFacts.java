package dev.hostvirt.facts.windows;

import static dev.hostvirt.facts.windows.WindowsReads.cmdSource;
import static dev.hostvirt.facts.windows.WindowsReads.regSource;
import static dev.hostvirt.facts.windows.WindowsSourceNames.*;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.Version;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** VirtualBox, VMware, and the engines and drivers that depend on (or fight) the Windows hypervisor. */
public final class ProductFacts {
    private final WindowsReads reads;
    private final FeatureFacts features;
    private final WslFacts wsl;

    ProductFacts(WindowsReads reads, FeatureFacts features, WslFacts wsl) {
        this.reads = reads;
        this.features = features;
        this.wsl = wsl;
    }

    public Fact<Version> virtualBoxVersion() {
        return reads.once("virtualbox.version", () -> {
            Reading<Map<String, Object>> key = reads.host().registry(REG_VIRTUALBOX);
            Version v = Version.leading(Values.string(key.orElse(Map.of()).get("Version"))).orElse(null);
            if (v != null) {
                return Fact.of(v, regSource(REG_VIRTUALBOX, "Version"));
            }
            String dir = Values.string(key.orElse(Map.of()).get("InstallDir"));
            List<String> argv = dir == null ? VBOXMANAGE_VERSION
                    : List.of(dir + (dir.endsWith("\\") ? "" : "\\") + "VBoxManage.exe", "--version");
            Reading<CommandOutput> r = reads.host().command(argv);
            if (r instanceof Reading.Present<CommandOutput> p) {
                Version parsed = VBoxManageParser.version(p.value().stdout());
                if (parsed != null) {
                    return Fact.of(parsed, cmdSource(VBOXMANAGE_VERSION));
                }
            }
            return Fact.unknown(regSource(REG_VIRTUALBOX, "Version"));
        });
    }

    /** Installed, not installed, or unknown (null). */
    public Boolean virtualBoxInstalled() {
        if (virtualBoxVersion().known()) {
            return true;
        }
        Reading<Map<String, Object>> key = reads.host().registry(REG_VIRTUALBOX);
        Reading<CommandOutput> cmd = reads.host().command(VBOXMANAGE_VERSION);
        if (key.isAbsent() && !cmd.isPresent()) {
            return false;
        }
        return key.isPresent() ? Boolean.TRUE : null;
    }

    public Fact<Version> vmwareVersion() {
        return reads.once("vmware.version", () -> {
            for (String key : List.of(REG_VMWARE_WORKSTATION, REG_VMWARE_PLAYER)) {
                Version v = Version.leading(Values.string(reads.registryValue(key, "ProductVersion"))).orElse(null);
                if (v != null) {
                    return Fact.of(v, regSource(key, "ProductVersion"));
                }
            }
            return Fact.unknown(regSource(REG_VMWARE_WORKSTATION, "ProductVersion"));
        });
    }

    public Boolean vmwareInstalled() {
        if (vmwareVersion().known()) {
            return true;
        }
        boolean absent = reads.host().registry(REG_VMWARE_WORKSTATION).isAbsent() && reads.host().registry(REG_VMWARE_PLAYER).isAbsent();
        return absent ? Boolean.FALSE : null;
    }

    /** Engines and tools that stop working when the Windows hypervisor is turned off. */
    public List<String> hypervisorDependents() {
        List<String> out = new ArrayList<>();
        if (features.feature("Microsoft-Hyper-V-All").value() == FeatureState.ENABLED) {
            out.add("Hyper-V");
        }
        List<WslDistro> distros = wsl.distributions().orElse(List.of());
        if (distros.stream().anyMatch(d -> d.version() == 2)) {
            out.add("WSL2");
        }
        if (features.serviceInstalled("com.docker.service") || distros.stream().anyMatch(d -> d.name().startsWith("docker-desktop"))) {
            out.add("Docker Desktop");
        }
        if (distros.stream().anyMatch(d -> d.name().startsWith("podman"))) {
            out.add("Podman");
        }
        if (distros.stream().anyMatch(d -> d.name().startsWith("rancher-desktop"))) {
            out.add("Rancher Desktop");
        }
        if (features.feature("Containers-DisposableClientVM").value() == FeatureState.ENABLED) {
            out.add("Windows Sandbox");
        }
        return out;
    }

    /** Intel HAXM or the Android Emulator hypervisor driver: both need VT-x for themselves. */
    public List<String> exclusiveVtxDrivers() {
        List<String> out = new ArrayList<>();
        if (features.serviceInstalled("intelhaxm")) {
            out.add("Intel HAXM");
        }
        if (features.serviceInstalled("aehd")) {
            out.add("Android Emulator hypervisor driver (AEHD)");
        }
        return out;
    }
}
