package dev.hostvirt.engine.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces docker's config file as docker's CLI does (cli/config/configfile.Save): when it is a
 * symbolic link (dotfiles kept in a repository), the file it points to is written, not the link
 * replaced by a file; the new content goes to a private (0600) temporary file in the target's own
 * directory, renamed over the target, so a reader never sees half a file and the secret is never
 * world-readable, not even for a moment; the old file's owner and mode are kept (root logging in for
 * a user must not take the user's file away), but for the bits that let everyone read it, which
 * docker keeps; a new file is 0600.
 */
final class ConfigFileSave {
    /** As the kernel's ELOOP limit (MAXSYMLINKS). */
    private static final int MAX_LINKS = 40;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private ConfigFileSave() {
    }

    static void save(Path file, byte[] content) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path own = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(own)) {
            if (posix) {
                Files.createDirectories(own, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(own);
            }
        }
        Path target = resolveLinks(file.toAbsolutePath());
        if (posix && dev.hostvirt.engine.Engine.effectiveUid() == 0) {
            requireLinksOwnTheirTarget(file.toAbsolutePath(), target);
        }
        Path dir = target.getParent();
        Map<String, Object> old = posix && Files.exists(target, NOFOLLOW)
                ? Files.readAttributes(target, "unix:uid,gid,permissions", NOFOLLOW) : null;
        Path tmp = createPrivate(dir, posix);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (old != null) {
                keepModeAndOwner(tmp, old);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * The file a chain of links ends at (it may not exist yet: a dangling link is written through, as
     * docker does). Each relative link is resolved from its own directory, not the working directory.
     */
    static Path resolveLinks(Path file) throws IOException {
        Path p = file;
        for (int i = 0; i < MAX_LINKS; i++) {
            if (!Files.isSymbolicLink(p)) {
                return p;
            }
            p = p.getParent().resolve(Files.readSymbolicLink(p));
        }
        throw new IOException(file + ": too many levels of symbolic links");
    }

    /**
     * As root, a link in the chain that a user made may only lead to what that user owns (or, for a
     * file not there yet, to a directory they own): `sudo -E hostvirt login` with a config.json made a
     * link to /etc/passwd by its user would otherwise replace /etc/passwd with JSON. docker follows it;
     * before this writing-through, hostvirt replaced the link, which was safe.
     */
    static void requireLinksOwnTheirTarget(Path file, Path target) throws IOException {
        Object targetOwner = Files.exists(target, NOFOLLOW) ? Files.getAttribute(target, "unix:uid", NOFOLLOW)
                : Files.getAttribute(target.getParent(), "unix:uid");
        Path p = file;
        for (int i = 0; i < MAX_LINKS && Files.isSymbolicLink(p); i++) {
            Object linkOwner = Files.getAttribute(p, "unix:uid", NOFOLLOW);
            if (!Integer.valueOf(0).equals(linkOwner) && !linkOwner.equals(targetOwner)) {
                throw new dev.hostvirt.HostvirtException(dev.hostvirt.i18n.Text.of("pull.error.config.foreignLink", p, linkOwner, target), 125);
            }
            p = p.getParent().resolve(Files.readSymbolicLink(p));
        }
    }

    /**
     * A new, empty, 0600 file under {@code dir}, created with O_EXCL (never through a link someone
     * put where its name would be); the name is hidden and random, as os.CreateTemp's.
     */
    private static Path createPrivate(Path dir, boolean posix) throws IOException {
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Set<OpenOption> create = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(".config.json." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                Files.newByteChannel(tmp, create, attrs).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * The old file's mode, then its owner: best effort for the owner, as docker's copyFilePermissions,
     * since only root may give a file away and a user may replace a file they cannot chown.
     */
    @SuppressWarnings("unchecked")
    private static void keepModeAndOwner(Path tmp, Map<String, Object> old) throws IOException {
        // Never readable by everyone: the file holds credentials (docker keeps a 0644 as it is). A group
        // it was shared with keeps its access.
        Set<PosixFilePermission> mode = java.util.EnumSet.noneOf(PosixFilePermission.class);
        mode.addAll((Set<PosixFilePermission>) old.get("permissions"));
        mode.removeAll(Set.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));
        Files.getFileAttributeView(tmp, PosixFileAttributeView.class, NOFOLLOW).setPermissions(mode);
        try {
            Map<String, Object> now = Files.readAttributes(tmp, "unix:uid,gid", NOFOLLOW);
            if (!now.get("uid").equals(old.get("uid"))) {
                Files.setAttribute(tmp, "unix:uid", old.get("uid"), NOFOLLOW);
            }
            if (!now.get("gid").equals(old.get("gid"))) {
                Files.setAttribute(tmp, "unix:gid", old.get("gid"), NOFOLLOW);
            }
        } catch (IOException | SecurityException e) {
            // The file becomes the caller's, as with docker: its mode is kept all the same.
        }
    }
}
