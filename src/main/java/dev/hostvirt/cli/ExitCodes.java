package dev.hostvirt.cli;

/** The exit codes every hostvirt command uses; listed in {@code --help}. */
public final class ExitCodes {
    /** Every requested target is ready or degraded; the command did what was asked. */
    public static final int OK = 0;
    /** At least one requested target is blocked. */
    public static final int BLOCKED = 1;
    /** rm and image rm: a container or image named does not exist (podman's and docker's 1). */
    public static final int NO_SUCH = 1;
    /** rm and image rm: a container named is running, or an image named is in use, without -f (podman's 2). */
    public static final int IN_USE = 2;
    /** Bad usage, or input that cannot be read (a broken snapshot, a malformed profile). */
    public static final int USAGE = 2;
    /** Some target could not be decided (a required check was skipped) and none is blocked. */
    public static final int UNKNOWN = 3;
    /** A defect in hostvirt itself: please report it. */
    public static final int INTERNAL = 70;
    /** The container engine itself failed (as podman and docker use it). */
    public static final int ENGINE_ERROR = 125;
    /** The container's command could not be invoked (or its working directory is missing). */
    public static final int CANNOT_INVOKE = 126;
    /** The container's command was not found. */
    public static final int NOT_FOUND = 127;

    private ExitCodes() {
    }
}
