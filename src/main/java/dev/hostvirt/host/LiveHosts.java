package dev.hostvirt.host;

import dev.hostvirt.host.linux.LinuxNativeSources;
import dev.hostvirt.host.linux.LinuxWarmUp;
import dev.hostvirt.host.macos.MacosNativeSources;
import dev.hostvirt.host.windows.WindowsLiveNatives;

/** The live host for the OS we run on, with that OS's native sources. */
public final class LiveHosts {
    private LiveHosts() {
    }

    public static Host current() {
        HostPlatform platform = HostPlatform.current();
        NativeSources natives = switch (platform.os()) {
            case HostPlatform.LINUX -> new LinuxNativeSources(LocalFiles.system());
            case HostPlatform.MACOS -> new MacosNativeSources();
            case HostPlatform.WINDOWS -> WindowsLiveNatives.create(ProcessCommandRunner.forProbes());
            default -> NativeSources.none();
        };
        LiveHost host = new LiveHost(platform, LocalFiles.system(), ProcessCommandRunner.forProbes(), natives);
        if (platform.os().equals(HostPlatform.LINUX)) {
            LinuxWarmUp.start(host);
        }
        return host;
    }
}
