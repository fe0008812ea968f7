package dev.hostvirt.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads files and path facts from the machine's file system, under an optional root (for tests). */
public final class LocalFiles {
    /** Larger text sources are not host facts; reading stops here rather than exhausting memory. */
    static final int MAX_FILE_BYTES = 8 * 1024 * 1024;
    static final int MAX_ENTRIES = 20_000;

    private final Path root;

    public LocalFiles(Path root) {
        this.root = root;
    }

    public static LocalFiles system() {
        return new LocalFiles(null);
    }

    Path resolve(String path) {
        if (root == null) {
            return Path.of(path);
        }
        return root.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    public Reading<String> file(String path) {
        Path p = resolve(path);
        try (InputStream raw = Files.newInputStream(p);
                InputStream in = path.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return Reading.present(new String(readCapped(in), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Reading.absent();
        } catch (AccessDeniedException e) {
            return Reading.unknown("permission denied");
        } catch (IOException e) {
            // EISDIR, EINVAL on some sysfs attributes, ENODEV on a module parameter being unloaded.
            return Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                    ? Reading.unknown(String.valueOf(e.getMessage())) : Reading.absent();
        }
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buf = new byte[16384];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_FILE_BYTES) {
                throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
            }
        }
        return out.toByteArray();
    }

    public Reading<PathInfo> path(String path) {
        Path p = resolve(path);
        try {
            BasicFileAttributes basic = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String type = typeOf(basic);
            String mode = null;
            String rdev = null;
            String group = null;
            String owner = null;
            try {
                Map<String, Object> unix = Files.readAttributes(p, "unix:mode,rdev,uid,gid", LinkOption.NOFOLLOW_LINKS);
                int m = (Integer) unix.get("mode");
                String octal = Integer.toOctalString(m & 07777);
                mode = "0".repeat(4 - octal.length()) + octal;
                type = typeFromMode(m, type);
                long dev = (Long) unix.get("rdev");
                if (PathInfo.CHAR_DEVICE.equals(type) || PathInfo.BLOCK_DEVICE.equals(type)) {
                    rdev = major(dev) + ":" + minor(dev);
                }
                group = groupName(p, unix.get("gid"));
                owner = unix.get("uid") == null ? null : unix.get("uid").toString();
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                // Not a Unix file system (Windows): type from the basic attributes is all we have.
            }
            String target = PathInfo.SYMLINK.equals(type) ? Files.readSymbolicLink(p).toString() : null;
            List<String> entries = PathInfo.DIRECTORY.equals(type) ? entries(p) : null;
            return Reading.present(new PathInfo(type, mode, Files.isReadable(p), Files.isWritable(p),
                    rdev, group, entries, target, owner));
        } catch (NoSuchFileException e) {
            return Reading.absent();
        } catch (IOException e) {
            return Reading.unknown(String.valueOf(e.getMessage()));
        }
    }

    private static String groupName(Path p, Object gid) {
        try {
            GroupPrincipal g = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).group();
            return g.getName();
        } catch (IOException | UnsupportedOperationException e) {
            return gid == null ? null : gid.toString();
        }
    }

    private static List<String> entries(Path dir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path e : stream) {
                names.add(e.getFileName().toString());
                if (names.size() >= MAX_ENTRIES) {
                    break;
                }
            }
        } catch (IOException | SecurityException e) {
            return null;
        }
        Collections.sort(names);
        return names;
    }

    private static String typeOf(BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return PathInfo.SYMLINK;
        }
        if (a.isDirectory()) {
            return PathInfo.DIRECTORY;
        }
        if (a.isRegularFile()) {
            return PathInfo.FILE;
        }
        return PathInfo.OTHER;
    }

    private static String typeFromMode(int mode, String fallback) {
        return switch (mode & 0170000) {
            case 0020000 -> PathInfo.CHAR_DEVICE;
            case 0060000 -> PathInfo.BLOCK_DEVICE;
            case 0040000 -> PathInfo.DIRECTORY;
            case 0100000 -> PathInfo.FILE;
            case 0120000 -> PathInfo.SYMLINK;
            default -> fallback;
        };
    }

    // glibc's gnu_dev_major/minor: the encoding Linux uses for st_rdev.
    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & 0xfffff000L);
    }

    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & 0xffffff00L);
    }

}
