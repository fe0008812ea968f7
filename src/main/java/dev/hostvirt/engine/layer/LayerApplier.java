package dev.hostvirt.engine.layer;

import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.engine.store.Sha256;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies one uncompressed layer tar onto a root directory with OCI layer semantics (image-spec
 * layer.md) and refuses anything that could touch the world outside the root:
 * <ul>
 * <li>names with ".." are refused; absolute names are taken relative to the root (as GNU tar does);</li>
 * <li>parent directories are resolved inside the root ({@link RootPath}), so a symlink planted by a
 * layer and then written through lands inside the root, never outside (undock #460 class);</li>
 * <li>the leaf is never followed: an existing leaf is unlinked and recreated, and metadata calls use
 * NOFOLLOW (CVE-2021-32760); an entry can never replace the root itself (CVE-2021-29136);</li>
 * <li>hardlink targets are resolved the same way, so they can only name files inside the root;</li>
 * <li>whiteouts remove only lower-layer content inside their own directory, and never ".." or ".";</li>
 * <li>device nodes and FIFOs are skipped with a warning (the runtime provides /dev);</li>
 * <li>{@code /dev} or {@code /proc} as anything but a directory is refused (CVE-2026-41579 class);</li>
 * <li>names longer than {@value #MAX_NAME}, components over 255 bytes and trees deeper than
 * {@value #MAX_DEPTH} are refused.</li>
 * </ul>
 * Metadata order follows umoci: lchown, then chmod (chown clears setuid), then xattrs, then times;
 * directory times are set last because creating their children changes them.
 */
public final class LayerApplier {
    public static final int MAX_NAME = 4096;
    public static final int MAX_DEPTH = 256;
    private static final int MAX_COMPONENT = 255;
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final boolean chown;

    /** @param chown whether to apply the archive's owners (only possible as root) */
    public LayerApplier(boolean chown) {
        this.chown = chown;
    }

    /** What applying a layer did: the digest of the uncompressed stream (its DiffID) and warnings. */
    public record Result(Digest diffId, long entries, List<Text> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    public Result apply(InputStream uncompressedTar, Path rootDir) throws IOException {
        return apply(uncompressedTar, rootDir, true);
    }

    /** With {@code hash} false the stream is not hashed and the result's DiffID is null. */
    public Result apply(InputStream uncompressedTar, Path rootDir, boolean hash) throws IOException {
        MessageDigest md = hash ? Sha256.forSize(-1) : null;
        InputStream hashed = hash ? new DigestInputStream(uncompressedTar, md) : uncompressedTar;
        Path root = rootDir.toAbsolutePath().normalize();
        Run run = new Run(new RootPath(root), isEmptyDirectory(root));
        TarArchiveInputStream tar = new TarArchiveInputStream(hashed);
        TarArchiveEntry e;
        long count = 0;
        while ((e = tar.getNextEntry()) != null) {
            count++;
            run.entry(e, tar);
        }
        // Hash the end-of-archive padding too: the DiffID covers the whole uncompressed stream.
        byte[] buf = new byte[8192];
        while (hashed.read(buf) >= 0) {
            // drain
        }
        run.finish();
        return new Result(hash ? Digest.ofRaw("sha256", md.digest()) : null, count, new ArrayList<>(run.warnings));
    }

    private final class Run {
        final RootPath rp;
        final Set<String> upper = new HashSet<>();
        /** Paths verified (or created) as real directories since the last deletion: saves lstat calls. */
        final Set<String> knownDirs = new HashSet<>();
        final List<DirTime> dirTimes = new ArrayList<>();
        final Set<Text> warnings = new LinkedHashSet<>();
        final byte[] buffer = new byte[128 * 1024];
        /**
         * When the root was empty at the start (each layer is unpacked into a new directory): every
         * path this run has created. Nothing else can be there, so a new entry needs no lstat (which,
         * for a path that is absent, costs the JDK an exception too). Deleted paths stay listed: they
         * only cost an lstat. Null for a root that had content.
         */
        final Set<String> created;

        Run(RootPath rp, boolean emptyRoot) {
            this.rp = rp;
            this.created = emptyRoot ? new HashSet<>() : null;
        }

        /** lstat, or null without a system call when the path is known to be absent. */
        BasicFileAttributes lstat(Path path, String key) {
            return created != null && !created.contains(key) ? null : RootPath.lstat(path);
        }

        void created(String key) {
            if (created != null) {
                created.add(key);
            }
        }

        void entry(TarArchiveEntry e, InputStream data) throws IOException {
            String name = e.getName();
            List<String> comps = components(name);
            // commons-compress calls any entry whose name ends in "/" a directory, even a symlink.
            boolean isDir = e.isDirectory() && !e.isSymbolicLink() && !e.isLink();
            if (comps.isEmpty()) {
                if (!isDir) {
                    throw new LayerRefusedException(name, Text.of("engine.error.layer.replacesRoot"));
                }
                metadata(rp.root(), e, List.of());
                return;
            }
            String leaf = comps.get(comps.size() - 1);
            List<String> parent = comps.subList(0, comps.size() - 1);
            if (leaf.startsWith(WHITEOUT)) {
                whiteout(name, parent, leaf);
                return;
            }
            List<String> dir = directories(name, rp.resolve(parent, knownDirs));
            List<String> target = new ArrayList<>(dir);
            target.add(leaf);
            if (dir.isEmpty() && (leaf.equals("dev") || leaf.equals("proc")) && !isDir) {
                throw new LayerRefusedException(name, Text.of("engine.error.layer.makesNonDirectory", leaf));
            }
            Path path = rp.path(target);
            String key = String.join("/", target);
            BasicFileAttributes existing = lstat(path, key);
            if (isDir) {
                if (existing != null && !existing.isDirectory()) {
                    remove(path);
                    existing = null;
                }
                if (existing == null) {
                    Files.createDirectory(path);
                    created(key);
                }
                knownDirs.add(key);
                metadata(path, e, target);
            } else if (e.isSymbolicLink()) {
                String link = e.getLinkName();
                if (link.isEmpty() || link.length() > MAX_NAME || link.indexOf('\0') >= 0) {
                    throw new LayerRefusedException(name, Text.of("engine.error.layer.symlinkTarget"));
                }
                replace(path, existing);
                Files.createSymbolicLink(path, Path.of(link));
                created(key);
                metadata(path, e, null);
            } else if (e.isLink()) {
                hardlink(name, e.getLinkName(), path, existing);
                created(key);
            } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                warnings.add(Text.of("engine.warning.layer.device", String.join("/", target)));
                return;
            } else if (e.isFile()) {
                replace(path, existing);
                try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    created(key);
                    int n;
                    while ((n = data.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
                    }
                }
                metadata(path, e, null);
            } else {
                warnings.add(Text.of("engine.warning.layer.entryType", (char) e.getLinkFlag(), String.join("/", target)));
                return;
            }
            touched(target);
        }

        private void hardlink(String name, String linkName, Path path, BasicFileAttributes existing) throws IOException {
            List<String> lc = components(linkName);
            if (lc.isEmpty()) {
                throw new LayerRefusedException(name, Text.of("engine.error.layer.hardlinkRoot"));
            }
            List<String> tdir = rp.resolve(lc.subList(0, lc.size() - 1));
            List<String> tcomps = new ArrayList<>(tdir);
            tcomps.add(lc.get(lc.size() - 1));
            Path target = rp.path(tcomps);
            BasicFileAttributes ta = RootPath.lstat(target);
            if (ta == null || ta.isDirectory()) {
                throw new LayerRefusedException(name, Text.of("engine.error.layer.hardlinkOutside", linkName));
            }
            if (target.equals(path)) {
                return;
            }
            replace(path, existing);
            Files.createLink(path, target);
        }

        private void whiteout(String name, List<String> parent, String leaf) throws IOException {
            if (leaf.startsWith(OPAQUE)) {
                if (!leaf.equals(OPAQUE)) {
                    throw new LayerRefusedException(name, Text.of("engine.error.layer.opaqueWhiteout"));
                }
                List<String> dir = rp.resolve(parent);
                Path p = rp.path(dir);
                BasicFileAttributes a = RootPath.lstat(p);
                if (a == null || !a.isDirectory()) {
                    return;
                }
                try (Stream<Path> children = Files.list(p)) {
                    for (Path child : (Iterable<Path>) children::iterator) {
                        List<String> c = new ArrayList<>(dir);
                        c.add(child.getFileName().toString());
                        if (!upper.contains(String.join("/", c))) {
                            remove(child);
                        }
                    }
                }
                return;
            }
            if (leaf.startsWith(WHITEOUT + WHITEOUT)) {
                warnings.add(Text.of("engine.warning.layer.aufs", leaf));
                return;
            }
            String victim = leaf.substring(WHITEOUT.length());
            if (victim.isEmpty() || victim.equals(".") || victim.equals("..")) {
                throw new LayerRefusedException(name, Text.of("engine.error.layer.emptyWhiteout"));
            }
            List<String> dir = rp.resolve(parent);
            List<String> c = new ArrayList<>(dir);
            c.add(victim);
            if (!upper.contains(String.join("/", c))) {
                Path p = rp.path(c);
                if (RootPath.lstat(p) != null) {
                    remove(p);
                }
            }
        }

        /** Makes every resolved component a directory (creating missing ones); never crosses a file. */
        private List<String> directories(String name, List<String> resolved) throws IOException {
            if (resolved.size() > MAX_DEPTH) {
                throw new LayerRefusedException(name, Text.of("engine.error.layer.tooDeep", MAX_DEPTH));
            }
            if (resolved.isEmpty() || knownDirs.contains(String.join("/", resolved))) {
                return resolved;
            }
            Path p = rp.root();
            for (int i = 0; i < resolved.size(); i++) {
                String c = resolved.get(i);
                p = p.resolve(c);
                String key = String.join("/", resolved.subList(0, i + 1));
                BasicFileAttributes a = lstat(p, key);
                if (a == null) {
                    Files.createDirectory(p);
                    created(key);
                } else if (!a.isDirectory()) {
                    throw new LayerRefusedException(name, Text.of("engine.error.layer.parentNotDirectory", c));
                }
                knownDirs.add(key);
            }
            return resolved;
        }

        private void replace(Path path, BasicFileAttributes existing) throws IOException {
            if (existing != null) {
                remove(path);
            }
        }

        /** Every deletion forgets the verified directories: a path may become a symlink after it. */
        private void remove(Path path) throws IOException {
            knownDirs.clear();
            TreeDeletion.delete(path);
        }

        private void touched(List<String> target) {
            for (int i = 1; i <= target.size(); i++) {
                upper.add(String.join("/", target.subList(0, i)));
            }
        }

        /**
         * Only symlinks need the NOFOLLOW calls. Any other path here is the entry this layer has
         * just created under parents verified to be real directories, in a directory no one else
         * uses, so the plain calls act on it and are one syscall each: the JDK implements NOFOLLOW
         * chmod and utimes as open + f-call + close, which tripled the cost per file.
         */
        private void metadata(Path path, TarArchiveEntry e, List<String> dirComponents) throws IOException {
            boolean symlink = e.isSymbolicLink();
            LinkOption[] how = symlink ? new LinkOption[] {NOFOLLOW} : new LinkOption[0];
            if (chown) {
                Files.setAttribute(path, "unix:uid", (int) e.getLongUserId(), how);
                Files.setAttribute(path, "unix:gid", (int) e.getLongGroupId(), how);
            }
            if (!symlink) {
                // After chown: chown(2) clears setuid/setgid (measured, container-anchors §2.5).
                Files.setAttribute(path, "unix:mode", e.getMode() & 07777);
                xattrs(path, e);
            }
            FileTime mtime = e.getLastModifiedTime();
            if (mtime == null) {
                return;
            }
            if (dirComponents != null) {
                dirTimes.add(new DirTime(List.copyOf(dirComponents), mtime));
            } else {
                Files.getFileAttributeView(path, BasicFileAttributeView.class, how).setTimes(mtime, mtime, null);
            }
        }

        private void xattrs(Path path, TarArchiveEntry e) throws IOException {
            for (Map.Entry<String, String> x : e.getExtraPaxHeaders().entrySet()) {
                if (!x.getKey().startsWith("SCHILY.xattr.")) {
                    continue;
                }
                String attr = x.getKey().substring("SCHILY.xattr.".length());
                if (attr.startsWith("user.")) {
                    UserDefinedFileAttributeView v = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class, NOFOLLOW);
                    byte[] value = x.getValue().getBytes(StandardCharsets.ISO_8859_1);
                    try {
                        v.write(attr.substring(5), java.nio.ByteBuffer.wrap(value));
                    } catch (UnsupportedOperationException none) {
                        warnings.add(Text.of("engine.warning.layer.userXattr", attr));
                    } catch (IOException refused) {
                        // One the file system refuses (a 70 KB value where ext4 keeps ~4 KB) is not a file
                        // system without user xattrs, as it was reported: the others are kept.
                        warnings.add(Text.of("engine.warning.layer.userXattrRefused", attr, value.length,
                                String.valueOf(refused.getMessage()).lines().findFirst().orElse("")));
                    }
                } else if (attr.equals("security.capability") && chown) {
                    fileCapability(path, attr, x.getValue());
                } else {
                    warnings.add(Text.of("engine.warning.layer.xattr", attr));
                }
            }
        }

        /**
         * commons-compress decodes PAX values as UTF-8, so bytes >= 0x80 arrive as U+FFFD and cannot
         * be recovered: such a value is reported, never written damaged. Common capabilities
         * (cap_net_raw, cap_net_bind_service) encode below 0x80 and survive intact.
         */
        private void fileCapability(Path path, String attr, String decoded) {
            byte[] raw = new byte[decoded.length()];
            for (int i = 0; i < decoded.length(); i++) {
                char ch = decoded.charAt(i);
                if (ch > 0x7f) {
                    warnings.add(Text.of("engine.warning.layer.capabilityBytes", rp.root().relativize(path)));
                    return;
                }
                raw[i] = (byte) ch;
            }
            String failed = NativeXattr.set(path, attr, raw);
            if (failed != null) {
                warnings.add(Text.of("engine.warning.layer.capability", rp.root().relativize(path), failed));
            }
        }

        void finish() throws IOException {
            for (int i = dirTimes.size() - 1; i >= 0; i--) {
                DirTime d = dirTimes.get(i);
                // Later entries may have replaced the directory or one of its parents with a symlink:
                // resolve it again inside the root and set the time only if the path is still made of
                // real directories all the way down. Then the plain call cannot follow anything.
                if (!rp.resolve(d.components()).equals(d.components())) {
                    continue;
                }
                Path p = rp.path(d.components());
                BasicFileAttributes a = RootPath.lstat(p);
                if (a != null && a.isDirectory()) {
                    Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(d.mtime(), d.mtime(), null);
                }
            }
            for (String special : new String[] {"dev", "proc"}) {
                BasicFileAttributes a = RootPath.lstat(rp.root().resolve(special));
                if (a != null && !a.isDirectory()) {
                    throw new LayerRefusedException("/" + special, Text.of("engine.error.layer.notDirectory"));
                }
            }
        }
    }

    /** A directory's time, set when the layer is done; kept as components to re-resolve then. */
    private static boolean isEmptyDirectory(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    private record DirTime(List<String> components, FileTime mtime) {
    }

    /** Splits a tar name into safe components: "." and empty parts dropped, ".." refused. */
    static List<String> components(String name) {
        if (name.length() > MAX_NAME) {
            throw new LayerRefusedException(name, Text.of("engine.error.layer.nameTooLong", MAX_NAME));
        }
        if (name.indexOf('\0') >= 0) {
            throw new LayerRefusedException(name, Text.of("engine.error.layer.nul"));
        }
        List<String> out = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new LayerRefusedException(name, Text.of("engine.error.layer.dotDot"));
            }
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT) {
                throw new LayerRefusedException(name, Text.of("engine.error.layer.componentTooLong"));
            }
            out.add(part);
        }
        if (out.size() > MAX_DEPTH) {
            throw new LayerRefusedException(name, Text.of("engine.error.layer.tooDeep", MAX_DEPTH));
        }
        return out;
    }
}
