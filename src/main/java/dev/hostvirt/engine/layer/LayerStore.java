package dev.hostvirt.engine.layer;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.image.Descriptor;
import dev.hostvirt.engine.mount.MountCalls;
import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.i18n.Text;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Layers unpacked once and shared by every image that starts with them: {@code <dir>/<chainid>/diff}
 * holds one layer's changes in overlayfs' own form (whiteouts as 0/0 character devices, opaque
 * directories marked by the kernel), ready to be a lower directory of a container's overlay.
 *
 * <p>A layer is applied through an overlay of the layers below it with a fresh upper directory, which
 * becomes the layer: the kernel writes whiteouts and copies up what the layer changes, and
 * {@link LayerApplier} keeps every check it makes on a merged root. The mount pins
 * {@code index=off,metacopy=off,redirect_dir=off}: a layer written with metacopy or redirects would
 * depend on its lowers' data or on features the later mounts may not enable.
 *
 * <p>Safety against what can go wrong around it:
 * <ul>
 * <li>a layer is published (renamed into place) only after its unpack mount is verified gone and its
 * DiffID matched; if the mount cannot be removed, nothing under it is deleted (a deletion through the
 * mount would write whiteouts into the layer);</li>
 * <li>each unpack holds a lock file named after its private directory; directories whose lock is free
 * are leftovers of a killed unpack, and are unmounted and swept by the next unpack or clean-up;</li>
 * <li>{@link #hold()} (shared) is taken by everything that unpacks or mounts layers until the
 * container's overlay is mounted; {@link #collect} takes it exclusively, so a layer is never deleted
 * under an unpack or a starting container;</li>
 * <li>{@code <dir>} is 0700 and each layer's root 0755 root:root, whatever the layer's "./" entry says.</li>
 * </ul>
 */
public final class LayerStore {
    /** overlayfs takes its options in one page; the container's own paths come on top of these. */
    static final int MAX_LOWERDIR_BYTES = 3000;
    private static final String PINNED = ",index=off,metacopy=off,redirect_dir=off";
    private static final String UNPACK = ".unpack-";
    private final Path dir;
    private final Function<Digest, Path> blobs;

    /** @param blobs where a layer's blob is stored, by digest */
    public LayerStore(Path dir, Function<Digest, Path> blobs) {
        this.dir = dir;
        this.blobs = blobs;
    }

    /** A shared hold on the store: while any is open, no layer is deleted. Closing twice is harmless. */
    public final class Hold implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;
        private boolean closed;

        private Hold(boolean shared) throws IOException {
            ensureDir();
            channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock l;
            try {
                l = channel.lock(0, Long.MAX_VALUE, shared);
            } catch (java.nio.channels.OverlappingFileLockException heldHere) {
                // This process already holds the store (file locks are per process): it does one
                // command at a time, so that hold covers this one too.
                l = null;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            lock = l;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (lock != null) {
                    lock.release();
                }
            } finally {
                channel.close();
            }
        }
    }

    /** Only root (the engine, the runtime) walks into unpacked layers, whatever modes their directories carry. */
    private void ensureDir() throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    public Hold hold() throws IOException {
        return new Hold(true);
    }

    /**
     * The layers (bottom first in {@code layers} and {@code diffIds}) as lower directories, top first,
     * unpacking those not unpacked yet; empty when overlayfs cannot be used here (the caller then uses
     * one merged root). The caller holds {@link #hold()}.
     */
    public Optional<List<Path>> prepare(List<Descriptor> layers, List<Digest> diffIds, boolean chown, Consumer<Text> warn)
            throws IOException {
        List<Path> bottomFirst = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            bottomFirst.add(dir.resolve(RootfsCache.chainId(diffIds.subList(0, i + 1)).hex()).resolve("diff"));
        }
        List<Path> topFirst = new ArrayList<>(bottomFirst);
        Collections.reverse(topFirst);
        if (!fits(topFirst)) {
            return Optional.empty();
        }
        ensureDir();
        sweep();
        Set<Text> said = new java.util.HashSet<>();
        for (int i = 0; i < bottomFirst.size(); i++) {
            if (!Files.isDirectory(bottomFirst.get(i))
                    && !unpack(layers.get(i), diffIds.get(i), bottomFirst.subList(0, i), bottomFirst.get(i).getParent(), chown, warn, said)) {
                return Optional.empty();
            }
        }
        return Optional.of(topFirst);
    }

    /** overlayfs separates lowers with ':', options with ',', and takes '\' as an escape; one page in all. */
    static boolean fits(List<Path> lowers) {
        int bytes = 0;
        for (Path p : lowers) {
            String s = p.toString();
            if (s.contains(":") || s.contains(",") || s.contains("\\")) {
                return false;
            }
            bytes += s.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return bytes <= MAX_LOWERDIR_BYTES;
    }

    /** Deletes every layer whose ChainID (hex) is not in {@code keep}, and the leftovers of killed unpacks. */
    public void collect(Set<String> keep) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Hold exclusive = new Hold(false)) {
            sweep();
            List<Path> drop = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                for (Path p : s) {
                    String name = p.getFileName().toString();
                    if (!name.startsWith(".") && !keep.contains(name)) {
                        drop.add(p);
                    }
                }
            }
            for (Path p : drop) {
                LayerApplier.delete(p);
            }
        }
    }

    private boolean unpack(Descriptor layer, Digest diffId, List<Path> lowersBottomFirst, Path target, boolean chown,
            Consumer<Text> warn, Set<Text> said) throws IOException {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        String name = UNPACK + HexFormat.of().formatHex(random);
        Path lockFile = dir.resolve(name + ".lock");
        Path tmp = dir.resolve(name);
        boolean deletable = true;
        // The lock first, then the directory: a sweep never sees the directory unlocked while it lives.
        try (FileChannel lc = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = lc.lock()) {
            Files.createDirectory(tmp);
            Path diff = Files.createDirectory(tmp.resolve("diff"));
            Path work = Files.createDirectory(tmp.resolve("work"));
            Path merged = Files.createDirectory(tmp.resolve("merged"));
            List<String> below = new ArrayList<>();
            for (int i = lowersBottomFirst.size() - 1; i >= 0; i--) {
                below.add(lowersBottomFirst.get(i).toString());
            }
            String lowerdir = below.isEmpty() ? Files.createDirectory(tmp.resolve("empty")).toString() : String.join(":", below);
            String options = "lowerdir=" + lowerdir + ",upperdir=" + diff + ",workdir=" + work;
            if (MountCalls.mountOverlay(merged.toString(), options + PINNED) != null
                    && MountCalls.mountOverlay(merged.toString(), options) != null) {
                return false; // overlayfs refused here: the merged root it is
            }
            LayerApplier.Result r;
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(blobs.apply(layer.digest())), 1 << 17);
                    InputStream in = new ReadAheadInputStream(Compression.decompress(raw), 1 << 18, 16)) {
                r = new LayerApplier(chown).apply(in, merged);
            } finally {
                if (!unmount(merged)) {
                    deletable = false;
                }
            }
            if (!deletable) {
                throw new HostvirtException(Text.of("engine.error.layer.unmount", merged), 125);
            }
            if (!r.diffId().equals(diffId)) {
                throw new HostvirtException(Text.of("engine.error.layer.diffId", layer.digest(), r.diffId(), diffId), 125);
            }
            for (Text w : r.warnings()) {
                if (said.add(w)) {
                    warn.accept(w);
                }
            }
            // The container's "/" is its own upper directory: a layer's root never needs to be more open.
            Files.setPosixFilePermissions(diff, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (chown) {
                Files.setAttribute(diff, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(diff, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
            }
            for (String gone : new String[] {"work", "merged", "empty"}) {
                LayerApplier.delete(tmp.resolve(gone));
            }
            try {
                // tmp now holds only diff/: never empty, so a racing unpack of the same layer cannot
                // replace a published one (rename(2) replaces only empty directories).
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException raced) {
                if (!Files.isDirectory(target.resolve("diff"))) {
                    throw raced;
                }
            }
            return true;
        } finally {
            if (deletable && Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) {
                LayerApplier.delete(tmp);
            }
            Files.deleteIfExists(lockFile);
        }
    }

    /** Unmounts; true only when the path is verified not to be a mount point any more. */
    private static boolean unmount(Path mountPoint) {
        if (MountCalls.unmount(mountPoint.toString(), false) != null) {
            MountCalls.unmount(mountPoint.toString(), true);
        }
        return !MountCalls.isMountPoint(mountPoint);
    }

    /**
     * Removes what killed unpacks left: a private directory whose lock nobody holds (its mount, if
     * still there, detached first; never deleted while mounted), and lock files without a directory.
     */
    private void sweep() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> left = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, UNPACK + "*")) {
            s.forEach(left::add);
        }
        for (Path p : left) {
            String name = p.getFileName().toString();
            if (name.endsWith(".lock")) {
                continue;
            }
            Path lockFile = dir.resolve(name + ".lock");
            try (FileChannel lc = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock free = lc.tryLock()) {
                if (free == null) {
                    continue; // an unpack in progress
                }
                if (unmount(p.resolve("merged"))) {
                    LayerApplier.delete(p);
                }
                Files.deleteIfExists(lockFile);
            } catch (java.nio.channels.OverlappingFileLockException inThisProcess) {
                // an unpack of this process holds it
            }
        }
    }
}
