package dev.hostvirt.host.macos;

import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.NativeSources;
import dev.hostvirt.host.Reading;

/**
 * macOS sysctls read in-process with sysctlbyname (milliseconds cheaper than forking sysctl per
 * key). This class has no JNA imports: JNA is reached only through JnaSysctl, and only on a Mac,
 * so loading LiveHosts on Linux or Windows never loads a JNA class.
 */
public final class MacosNativeSources implements NativeSources {
    private final boolean onMac;

    public MacosNativeSources() {
        this(HostPlatform.MACOS.equals(HostPlatform.current().os()));
    }

    /** {@code onMac} false answers unknown for every sysctl without touching JNA (tests, other OSes). */
    public MacosNativeSources(boolean onMac) {
        this.onMac = onMac;
    }

    @Override
    public Reading<String> sysctl(String name) {
        if (!onMac) {
            return Reading.unknown("sysctlbyname exists on macOS only");
        }
        try {
            return JnaSysctl.read(name);
        } catch (LinkageError | RuntimeException e) {
            // No libSystem or a JNA mismatch: the sysctl -a fallback then answers.
            return Reading.unknown("sysctlbyname(" + name + ") unavailable: " + e);
        }
    }
}
