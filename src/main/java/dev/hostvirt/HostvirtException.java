package dev.hostvirt;

/**
 * A failure the user can act on. The message is shown as one line at the CLI edge (never a stack
 * trace), and the exit code is what {@code hostvirt} returns for it.
 */
public class HostvirtException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public HostvirtException(String message) {
        this(message, 2, null);
    }

    public HostvirtException(String message, int exitCode) {
        this(message, exitCode, null);
    }

    public HostvirtException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
