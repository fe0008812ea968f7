package dev.hostvirt.facts.windows;

/**
 * What {@code bcdedit /enum {current}} told about the running entry: its launch type, or that the
 * store could not be opened because the prompt is not elevated.
 */
public record BcdCurrent(LaunchType launchType, boolean accessDenied) {
    public static final BcdCurrent UNKNOWN = new BcdCurrent(LaunchType.UNKNOWN, false);
    public static final BcdCurrent DENIED = new BcdCurrent(LaunchType.UNKNOWN, true);
}
