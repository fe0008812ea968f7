package dev.hostvirt.host.windows;

import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.W32Service;
import com.sun.jna.platform.win32.W32ServiceManager;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import dev.hostvirt.host.Reading;

/** The live Win32 calls through jna-platform; every failure becomes an unknown reading. */
final class JnaWindowsApi implements WindowsApi {
    private static final int ERROR_SERVICE_DOES_NOT_EXIST = 1060;

    /** TOKEN_ELEVATION_TYPE is a DWORD; jna-platform's GetTokenInformation takes a Structure. */
    @Structure.FieldOrder({"type"})
    public static final class ElevationType extends Structure {
        public int type;
    }

    @Override
    public Reading<Object> elevated() {
        return Reading.present(Advapi32Util.isCurrentProcessElevated());
    }

    @Override
    public Reading<Object> elevationType() {
        WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
        if (!Advapi32.INSTANCE.OpenProcessToken(Kernel32.INSTANCE.GetCurrentProcess(), WinNT.TOKEN_QUERY, token)) {
            return Reading.unknown("OpenProcessToken failed: " + Kernel32.INSTANCE.GetLastError());
        }
        try {
            ElevationType t = new ElevationType();
            IntByReference length = new IntByReference();
            if (!Advapi32.INSTANCE.GetTokenInformation(token.getValue(), WinNT.TOKEN_INFORMATION_CLASS.TokenElevationType,
                    t, t.size(), length)) {
                return Reading.unknown("GetTokenInformation failed: " + Kernel32.INSTANCE.GetLastError());
            }
            t.read();
            return Reading.present((long) t.type);
        } finally {
            Kernel32.INSTANCE.CloseHandle(token.getValue());
        }
    }

    @Override
    public Reading<Object> processorFeature(int feature) {
        return Reading.present(Kernel32.INSTANCE.IsProcessorFeaturePresent(feature));
    }

    @Override
    public Reading<Object> serviceState(String name) {
        try (W32ServiceManager manager = new W32ServiceManager()) {
            manager.open(Winsvc.SC_MANAGER_CONNECT);
            try (W32Service service = manager.openService(name, Winsvc.SERVICE_QUERY_STATUS)) {
                return Reading.present((long) service.queryStatus().dwCurrentState);
            }
        } catch (Win32Exception e) {
            if (e.getErrorCode() == ERROR_SERVICE_DOES_NOT_EXIST) {
                return Reading.absent();
            }
            return Reading.unknown(e.getErrorCode() == WinError.ERROR_ACCESS_DENIED ? "access denied" : e.getMessage());
        }
    }
}
