package dev.hostvirt.host;

import java.util.List;

/**
 * Existence and access facts about a path that is not read as text (a device node, a directory).
 * {@code readable}/{@code writable} are for the invoking user, as access(2) answers them.
 * Optional parts are null when not recorded: {@code rdev} ("10:232") for device nodes,
 * {@code group} (name or number), {@code entries} (sorted names) for directories,
 * {@code target} for symbolic links, {@code owner} (name or number). readable/writable are the
 * recording process's own access: under sudo that is root's, never the sudo caller's.
 */
public record PathInfo(String type, String mode, boolean readable, boolean writable,
        String rdev, String group, List<String> entries, String target, String owner) {

    public static final String FILE = "file";
    public static final String DIRECTORY = "dir";
    public static final String CHAR_DEVICE = "char";
    public static final String BLOCK_DEVICE = "block";
    public static final String SYMLINK = "symlink";
    public static final String OTHER = "other";

    public PathInfo {
        entries = entries == null ? null : List.copyOf(entries);
    }

    /** A path whose owner was not recorded. */
    public PathInfo(String type, String mode, boolean readable, boolean writable,
            String rdev, String group, List<String> entries, String target) {
        this(type, mode, readable, writable, rdev, group, entries, target, null);
    }

    public boolean isCharDevice() {
        return CHAR_DEVICE.equals(type);
    }

    public boolean isDirectory() {
        return DIRECTORY.equals(type);
    }

    public PathInfo withEntries(List<String> names) {
        return new PathInfo(type, mode, readable, writable, rdev, group, names, target, owner);
    }
}
