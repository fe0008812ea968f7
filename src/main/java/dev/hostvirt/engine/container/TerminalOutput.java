package dev.hostvirt.engine.container;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * hostvirt's stdout while it passes a -t container's terminal on. The runtime sets the user's
 * terminal raw while it runs; on exit runc puts back what it found and crun 1.8 its pty's settings,
 * both cooked, and what hostvirt still had to pass on then came out CR CR LF (the container's own CR
 * LF, and the terminal's CR for the LF), 7 times in 20. So each write first reads the terminal's
 * output processing (tcgetattr(3): OPOST), and while it is on, passes the container's CR LF on as LF,
 * which the terminal turns into CR LF again. Output that is not a terminal is passed on unchanged.
 */
final class TerminalOutput extends FilterOutputStream {
    /** c_oflag's OPOST, the same on every Linux architecture; c_oflag is termios' second 32-bit field. */
    private static final int OPOST = 1;
    private final int fd;

    TerminalOutput(OutputStream out, int fd) {
        super(out);
        this.fd = fd;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (!postProcessing(fd)) {
            out.write(b, off, len);
            return;
        }
        byte[] lf = new byte[len];
        int n = 0;
        for (int i = off; i < off + len; i++) {
            if (!(b[i] == '\r' && i + 1 < off + len && b[i + 1] == '\n')) {
                lf[n++] = b[i];
            }
        }
        out.write(lf, 0, n);
    }

    /** The terminal on {@code fd} processes output (cooked); false when it does not, or is no terminal. */
    static boolean postProcessing(int fd) {
        byte[] termios = new byte[64]; // glibc's struct termios is 60 bytes
        try {
            int rc = com.sun.jna.NativeLibrary.getProcess().getFunction("tcgetattr").invokeInt(new Object[] {fd, termios});
            return rc == 0 && (ByteBuffer.wrap(termios).order(ByteOrder.nativeOrder()).getInt(4) & OPOST) != 0;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | RuntimeException e) {
            return false; // no native access: as before, the bytes as they are
        }
    }
}
