package dev.hostvirt.host.windows;

import dev.hostvirt.host.CommandRunner;
import dev.hostvirt.host.NativeSources;

/**
 * Builds the live Windows natives. Kept apart from {@link WindowsNativeSources} so that only this
 * factory names the JNA classes: LiveHosts calls it on Windows only, and nothing here loads a
 * Windows library before a first read (JNA binds Advapi32/Kernel32 on first use).
 */
public final class WindowsLiveNatives {
    private WindowsLiveNatives() {
    }

    public static NativeSources create(CommandRunner commands) {
        return new WindowsNativeSources(new JnaRegistry(), new JnaWmi(), new JnaWindowsApi(), commands);
    }
}
