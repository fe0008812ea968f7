package dev.hostvirt.engine.layer;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.image.Descriptor;
import dev.hostvirt.engine.mount.MountCalls;
import dev.hostvirt.engine.store.DiffIdRecords;
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
 * container's overlay is mounted and its record saved; {@link #exclusive()} by image rm before it
 * reads what to keep, so a layer is never deleted under an unpack or a starting container; a deleted
 * layer is renamed away first, so a clean-up killed half-way leaves no half layer under its name;</li>
 * <li>{@code <dir>} is 0700 and each layer's root 0755 root:root, whatever the layer's "./" entry says.</li>
 * </ul>
 * The locks are POSIX file locks, which belong to the process: each command is its own process and
 * takes one hold. Two stores on one directory used at once inside one JVM (only tests could) would not
 * exclude each other, and closing one's channel would drop the other's lock.
 */
public final class LayerStore {
    /** overlayfs takes its options in one page; the container's own paths come on top of these. */
    static final int MAX_LOWERDIR_BYTES = 3000;
    private static final String UNPACK = ".unpack-";
    private static final String GONE = ".gone-";
    private final Path dir;
    private final Function<Digest, Path> blobs;
    private final DiffIdProof proof;
    /** Unpacks of this process in progress: a sweep must not even open their lock files (POSIX locks). */
    private final Set<String> unpacking = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param blobs where a layer's blob is stored, by digest
     * @param diffIds what blobs were verified to uncompress to (kept with them)
     */
    public LayerStore(Path dir, Function<Digest, Path> blobs, DiffIdRecords diffIds) {
        this.dir = dir;
        this.blobs = blobs;
        this.proof = new DiffIdProof(blobs, diffIds);
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
            try {
                lock = channel.lock(0, Long.MAX_VALUE, shared);
            } catch (java.nio.channels.OverlappingFileLockException heldHere) {
                // POSIX locks are per process: closing this channel would release the other hold too.
                // A command takes one hold; a second one in the same process is a programming error.
                throw new IllegalStateException("the layer store is already held by this process", heldHere);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                lock.release();
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

    /** Shared: for unpacking and mounting layers (run, import). */
    public Hold hold() throws IOException {
        return new Hold(true);
    }

    /**
     * Exclusive: for deciding what to delete and deleting it (image rm), so that no run or import is
     * between unpacking and saving its container record meanwhile. Take it before reading the images
     * and containers that decide what to keep.
     */
    public Hold exclusive() throws IOException {
        return new Hold(false);
    }

    /**
     * The layers (bottom first in {@code layers} and {@code diffIds}) as lower directories, top first,
     * unpacking those not unpacked yet; empty when overlayfs cannot be used here (the caller then uses
     * one merged root). The caller holds {@link #hold()}.
     */
    public Optional<List<Path>> prepare(List<Descriptor> layers, List<Digest> diffIds, boolean chown, UnpackEvents warn)
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
            ReadProgress.Listener progress = progressOf(warn, i + 1, layers.size());
            if (Files.isDirectory(bottomFirst.get(i))) {
                // Unpacked from a blob that gave this DiffID, maybe another image's: this one must too.
                proof.prove(layers.get(i).digest(), diffIds.get(i), progress);
            } else if (!unpack(layers.get(i), diffIds.get(i), bottomFirst.subList(0, i), bottomFirst.get(i).getParent(), chown, warn,
                    said, progress)) {
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

    /**
     * Deletes every layer whose ChainID (hex) is not in {@code keep}, and the leftovers of killed
     * unpacks. The caller holds {@link #exclusive()}. A layer is first renamed away (one atomic step,
     * so a clean-up killed half-way never leaves a half-deleted layer under its name), then deleted.
     */
    public void collect(Set<String> keep) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
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
            Path gone = dir.resolve(GONE + random());
            Files.move(p, gone, StandardCopyOption.ATOMIC_MOVE);
            deleteQuietly(gone);
        }
    }

    private static String random() {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Deletes a tree another sweep may be deleting too: what is already gone is not an error. */
    private static void deleteQuietly(Path p) throws IOException {
        try {
            TreeDeletion.delete(p);
        } catch (java.nio.file.NoSuchFileException alreadyGone) {
            // another sweep got there first
        }
    }

    private static ReadProgress.Listener progressOf(UnpackEvents events, int layer, int layers) {
        return (done, total) -> events.unpacking(layer, layers, done, total);
    }

    private boolean unpack(Descriptor layer, Digest diffId, List<Path> lowersBottomFirst, Path target, boolean chown,
            UnpackEvents warn, Set<Text> said, ReadProgress.Listener progress) throws IOException {
        String name = UNPACK + random();
        Path lockFile = dir.resolve(name + ".lock");
        Path tmp = dir.resolve(name);
        unpacking.add(name);
        // The lock first, then the directory: a sweep never sees the directory unlocked while it lives;
        // the clean-up happens before the lock goes, for the same reason.
        try (FileChannel lc = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = lc.lock()) {
            boolean deletable = true;
            try {
                Files.createDirectory(tmp);
                Path diff = Files.createDirectory(tmp.resolve("diff"));
                Path work = Files.createDirectory(tmp.resolve("work"));
                Path merged = Files.createDirectory(tmp.resolve("merged"));
                boolean bottom = lowersBottomFirst.isEmpty();
                List<String> below = new ArrayList<>();
                for (int i = lowersBottomFirst.size() - 1; i >= 0; i--) {
                    below.add(lowersBottomFirst.get(i).toString());
                }
                String lowerdir = bottom ? Files.createDirectory(tmp.resolve("empty")).toString() : String.join(":", below);
                if (!mount(merged, "lowerdir=" + lowerdir + ",upperdir=" + diff + ",workdir=" + work)) {
                    return false; // overlayfs refused here: the merged root it is
                }
                LayerApplier.Result r;
                if (bottom) {
                    // The mount only proved that overlayfs works here. The bottom layer has nothing below
                    // it to hide or copy up, so it is written straight into its directory, without
                    // overlayfs' work per file (the applier's whiteouts only remove what lies below).
                    deletable = unmount(merged);
                    if (!deletable) {
                        throw new HostvirtException(Text.of("engine.error.layer.unmount", merged), 125);
                    }
                    r = apply(layer, diffId, diff, chown, progress);
                } else {
                    try {
                        r = apply(layer, diffId, merged, chown, progress);
                    } finally {
                        deletable = unmount(merged);
                    }
                    if (!deletable) {
                        throw new HostvirtException(Text.of("engine.error.layer.unmount", merged), 125);
                    }
                }
                for (Text w : r.warnings()) {
                    if (said.add(w)) {
                        warn.warn(w);
                    }
                }
                // The container's "/" is its own upper directory: a layer's root never needs to be more open.
                Files.setPosixFilePermissions(diff, PosixFilePermissions.fromString("rwxr-xr-x"));
                if (chown) {
                    Files.setAttribute(diff, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(diff, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
                }
                for (String gone : new String[] {"work", "merged", "empty"}) {
                    if (Files.exists(tmp.resolve(gone), LinkOption.NOFOLLOW_LINKS)) {
                        TreeDeletion.delete(tmp.resolve(gone));
                    }
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
                    deleteQuietly(tmp);
                }
                Files.deleteIfExists(lockFile);
            }
        } finally {
            unpacking.remove(name);
        }
    }

    /** Applies the layer's blob on {@code root}; fails when its tar is not the one the DiffID names. */
    private LayerApplier.Result apply(Descriptor layer, Digest diffId, Path root, boolean chown, ReadProgress.Listener progress)
            throws IOException {
        try (InputStream raw = new BufferedInputStream(ReadProgress.open(blobs.apply(layer.digest()), progress), 1 << 17)) {
            // The store verified the blob against its digest: an uncompressed blob whose digest is the
            // DiffID is that tar already, and hashing the same bytes again would prove nothing new. (The
            // applier hashes with SHA-256: a DiffID of another algorithm is refused as before.)
            boolean hash = Compression.detect(raw, layer.mediaType()) != Compression.NONE || !layer.digest().equals(diffId)
                    || !diffId.algorithm().equals("sha256");
            try (InputStream in = new ReadAheadInputStream(Compression.decompress(raw, layer.mediaType()), 1 << 18, 16)) {
                LayerApplier.Result r = new LayerApplier(chown).apply(in, root, hash);
                if (hash && !r.diffId().equals(diffId)) {
                    throw new HostvirtException(Text.of("engine.error.layer.diffId", layer.digest(), r.diffId(), diffId), 125);
                }
                proof.proved(layer.digest(), diffId);
                return r;
            }
        }
    }

    /**
     * The unpack mount, with the options that keep a layer self-contained pinned; kernels that know
     * only some of them get those, and one that knows none still mounts (the layer is then as before).
     */
    private static boolean mount(Path merged, String options) {
        for (String pinned : new String[] {",index=off,metacopy=off,redirect_dir=off", ",index=off,redirect_dir=off", ""}) {
            if (MountCalls.mountOverlay(merged.toString(), options + pinned) == null) {
                return true;
            }
        }
        return false;
    }

    /** Unmounts; true only when the path is verified not to be a mount point any more. */
    private static boolean unmount(Path mountPoint) {
        if (MountCalls.unmount(mountPoint.toString(), false) != null) {
            MountCalls.unmount(mountPoint.toString(), true);
        }
        return !MountCalls.isMountPoint(mountPoint);
    }

    /**
     * Removes what killed unpacks and clean-ups left: a private directory whose lock nobody holds (its
     * mount, if still there, detached first; never deleted while mounted) with its lock file, and
     * layers already renamed away for deletion.
     */
    private void sweep() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> left = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".{unpack,gone}-*")) {
            s.forEach(left::add);
        }
        for (Path p : left) {
            String name = p.getFileName().toString();
            if (name.startsWith(GONE)) {
                deleteQuietly(p);
                continue;
            }
            if (name.endsWith(".lock")) {
                // Lock files go with their directory: one alone may be an unpack that has opened it and
                // not yet locked it or made its directory, and deleting it then would let a later sweep
                // lock a new file and delete that unpack. An orphan is an empty file, harmless.
                continue;
            }
            if (unpacking.contains(name)) {
                continue; // this process's own unpack: even opening its lock file would release it
            }
            Path lockFile = dir.resolve(name + ".lock");
            Path tree = p;
            try (FileChannel lc = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock free = lc.tryLock()) {
                if (free == null) {
                    continue; // an unpack in progress in another process
                }
                if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
                    if (!unmount(tree.resolve("merged"))) {
                        continue; // still mounted: never delete through it
                    }
                    deleteQuietly(tree);
                }
                Files.deleteIfExists(lockFile);
            } catch (java.nio.channels.OverlappingFileLockException inThisProcess) {
                // another LayerStore of this process is unpacking it
            }
        }
    }
}
