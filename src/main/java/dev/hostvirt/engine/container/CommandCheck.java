package dev.hostvirt.engine.container;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.layer.RootPath;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Checks, before the runtime starts, what podman reports with its own exit codes: a missing working
 * directory (126), a command that does not exist (127) or cannot be executed (126). Done here on the
 * container's root (symlinks resolved inside it) so that the code never depends on the runtime's
 * English error text. Paths under a volume or tmpfs are left to the runtime (they are not in the image),
 * and so is a working directory above one (the runtime makes a mount point's parents).
 */
final class CommandCheck {
    private final RootPath root;
    private final List<String> mounted;

    CommandCheck(Path rootfs, List<String> mountDestinations) {
        this.root = new RootPath(rootfs);
        this.mounted = mountDestinations;
    }

    /** Returns the directory, creating it when the image asked for it and it is missing. */
    void workdir(String cwd, boolean fromUser) throws IOException {
        if (underMount(cwd) || aboveMount(cwd)) {
            return;
        }
        Path p = resolve(cwd);
        BasicFileAttributes a = RootPath.lstat(p);
        if (a != null && a.isDirectory()) {
            return;
        }
        if (a != null && !a.isSymbolicLink()) {
            throw new HostvirtException(Text.of("engine.error.command.workdirNotDirectory", cwd), 126);
        }
        if (fromUser || a != null) {
            throw new HostvirtException(Text.of("engine.error.command.workdirMissing", cwd), 126);
        }
        // Docker creates an image's WORKDIR when it is missing (podman e2e "makes workdir from image").
        Files.createDirectories(p);
    }

    /**
     * Each mount and what it covers are of one kind, file or directory, and nothing is mounted below a
     * file: crun and runc fail on the rest with their own words and no hint of the option
     * (``mount `/tmp/in.txt` to `etc`: Not a directory``, 125); podman exits 126 there. What a mount
     * covers is the image's, or another mount's above it ({@link MountedView}).
     */
    void mounts(MountedView view, List<dev.hostvirt.engine.bundle.RunSpec.Volume> volumes, List<String> tmpfs) throws IOException {
        for (var v : volumes) {
            String dst = MountedView.normalized(v.destination());
            clash("-v " + v.source() + ":" + v.destination(), dst, java.nio.file.Files.isDirectory(Path.of(v.source())),
                    view.kindOf(dst, dst));
        }
        for (String t : tmpfs) {
            String dst = MountedView.normalized(t);
            clash("--tmpfs " + t, dst, true, view.kindOf(dst, dst));
        }
    }

    private static void clash(String option, String dst, boolean directory, MountedView.Kind below) {
        String key = switch (below) {
            case UNDER_A_FILE -> "engine.error.volume.underAFile";
            case CANNOT_BE_MADE -> "engine.error.volume.cannotBeMade";
            case FILE -> directory ? "engine.error.volume.directoryOverFile" : null;
            case DIRECTORY -> directory ? null : "engine.error.volume.fileOverDirectory";
            case MISSING -> null;
        };
        if (key != null) {
            throw new HostvirtException(Text.of(key, option, dst), 126);
        }
    }

    /** A working directory under a mount: what it is there (a file, or below one, is podman's 126 too). */
    void workdirThroughMounts(MountedView view, String cwd) throws IOException {
        if (underMount(cwd)) {
            MountedView.Kind k = view.kindOf(cwd, null);
            if (k == MountedView.Kind.FILE || k == MountedView.Kind.UNDER_A_FILE) {
                throw new HostvirtException(Text.of("engine.error.command.workdirNotDirectory", cwd), 126);
            }
        }
    }

    void command(String argv0, String cwd, String pathEnv) throws IOException {
        if (argv0.contains("/")) {
            String abs = argv0.startsWith("/") ? argv0 : cwd + "/" + argv0;
            if (underMount(abs)) {
                return;
            }
            executable(argv0, resolve(abs), true);
            return;
        }
        for (String dir : pathEnv.split(":")) {
            if (dir.isEmpty() || !dir.startsWith("/")) {
                continue;
            }
            if (underMount(dir)) {
                return;
            }
            Path p = resolve(dir + "/" + argv0);
            BasicFileAttributes a = RootPath.lstat(p);
            if (a != null && a.isRegularFile() && isExecutable(p)) {
                return;
            }
        }
        throw new HostvirtException(Text.of("engine.error.command.notInPath", argv0), 127);
    }

    private void executable(String argv0, Path p, boolean explicit) throws IOException {
        BasicFileAttributes a = RootPath.lstat(p);
        if (a == null) {
            throw new HostvirtException(Text.of("engine.error.command.noSuchFile", argv0), 127);
        }
        if (a.isDirectory()) {
            throw new HostvirtException(Text.of("engine.error.command.isDirectory", argv0), 126);
        }
        if (!isExecutable(p)) {
            throw new HostvirtException(Text.of("engine.error.command.permissionDenied", argv0), 126);
        }
    }

    private static boolean isExecutable(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        return perms.contains(PosixFilePermission.OWNER_EXECUTE) || perms.contains(PosixFilePermission.GROUP_EXECUTE)
                || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
    }

    private Path resolve(String absolute) throws IOException {
        List<String> comps = new ArrayList<>(Arrays.asList(absolute.split("/")));
        return root.path(root.resolve(comps));
    }

    /**
     * Whether the runtime makes {@code dir} when it makes a mount point below it, as podman's does:
     * `-v $PWD:/app/src -w /app` on an image without /app.
     */
    private boolean aboveMount(String dir) {
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        return mounted.stream().anyMatch(m -> m.startsWith(prefix));
    }

    private boolean underMount(String path) {
        for (String m : mounted) {
            if (path.equals(m) || path.startsWith(m.endsWith("/") ? m : m + "/")) {
                return true;
            }
        }
        return false;
    }
}
