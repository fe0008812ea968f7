package dev.hostvirt.host.windows;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import dev.hostvirt.host.Reading;
import java.util.List;
import java.util.Map;

/**
 * The live registry through jna-platform. Always the 64-bit view (KEY_WOW64_64KEY), so that a 32-bit
 * JVM is not redirected to WOW6432Node and misses HKLM\SOFTWARE\Oracle\VirtualBox.
 */
final class JnaRegistry implements RegistryAccess {
    private static final int VIEW = WinNT.KEY_WOW64_64KEY;

    @Override
    public Reading<Map<String, Object>> values(String hive, String path) {
        try {
            WinReg.HKEY root = root(hive);
            if (!Advapi32Util.registryKeyExists(root, path, VIEW)) {
                return Reading.absent();
            }
            return Reading.present(Advapi32Util.registryGetValues(root, path, VIEW));
        } catch (Win32Exception e) {
            return failure(e);
        }
    }

    @Override
    public Reading<List<String>> subkeys(String hive, String path) {
        try {
            WinReg.HKEY root = root(hive);
            if (!Advapi32Util.registryKeyExists(root, path, VIEW)) {
                return Reading.absent();
            }
            return Reading.present(List.of(Advapi32Util.registryGetKeys(root, path, VIEW)));
        } catch (Win32Exception e) {
            return failure(e);
        }
    }

    private static WinReg.HKEY root(String hive) {
        return "HKCU".equals(hive) ? WinReg.HKEY_CURRENT_USER : WinReg.HKEY_LOCAL_MACHINE;
    }

    private static <T> Reading<T> failure(Win32Exception e) {
        if (e.getErrorCode() == WinError.ERROR_FILE_NOT_FOUND) {
            return Reading.absent();
        }
        // ERROR_ACCESS_DENIED: HKLM\BCD00000000 needs elevation; that is "unknown", not "absent".
        return Reading.unknown(e.getErrorCode() == WinError.ERROR_ACCESS_DENIED ? "access denied" : e.getMessage());
    }
}
