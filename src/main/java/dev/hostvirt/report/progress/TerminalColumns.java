package dev.hostvirt.report.progress;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The width of the terminal on stderr, where progress is drawn: TIOCGWINSZ on fd 2 (asked again at
 * each redraw, so a resized window is followed), else {@code COLUMNS}, else 80. A progress line wider
 * than the terminal wraps, and the redraw, which moves the cursor up one row per line, then leaves
 * the wrapped rows behind as garbage. The ioctl goes through JNA's Function API on the process's own
 * libc, as the KVM ioctl does; JNA is loaded at the first redraw only, so only terminals pay for it.
 */
public final class TerminalColumns implements IntSupplier {
    static final int UNKNOWN = 80;
    private static final int STDERR = 2;
    private final Map<String, String> env;
    private final long request;
    private Function ioctl;
    private boolean ioctlUnusable;

    public TerminalColumns(Map<String, String> env) {
        this.env = env;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        // The request number differs by kernel: Linux's (every architecture hostvirt runs on) and the BSDs' (macOS).
        this.request = os.startsWith("linux") ? 0x5413L : os.startsWith("mac") ? 0x40087468L : 0;
    }

    @Override
    public synchronized int getAsInt() {
        int fromTerminal = fromIoctl();
        if (fromTerminal > 0) {
            return fromTerminal;
        }
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").trim());
            return columns > 0 ? columns : UNKNOWN;
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    /** {@code line} cut so that it fits on one row of a terminal {@code columns} wide, leaving the last column free. */
    public static String fit(String line, int columns) {
        // The last column is left free: a terminal whose cursor stops there (a pending wrap) may take
        // the next newline as a second one.
        int room = Math.max(columns - 1, 1);
        return line.codePointCount(0, line.length()) <= room ? line : line.substring(0, line.offsetByCodePoints(0, room));
    }

    /** struct winsize's ws_col, or 0 when stderr is no terminal or the call is not possible here. */
    private int fromIoctl() {
        if (request == 0 || ioctlUnusable || Native.LONG_SIZE != 8) {
            return 0;
        }
        try {
            if (ioctl == null) {
                ioctl = NativeLibrary.getProcess().getFunction("ioctl");
            }
            byte[] winsize = new byte[8]; // unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel
            if (ioctl.invokeInt(new Object[] {STDERR, request, winsize}) != 0) {
                return 0;
            }
            return Short.toUnsignedInt(ByteBuffer.wrap(winsize).order(ByteOrder.nativeOrder()).getShort(2));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | RuntimeException e) {
            ioctlUnusable = true;
            return 0;
        }
    }
}
