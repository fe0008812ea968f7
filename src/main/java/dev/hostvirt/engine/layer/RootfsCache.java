package dev.hostvirt.engine.layer;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.mount.MountCalls;
import dev.hostvirt.engine.image.Descriptor;
import dev.hostvirt.engine.image.ImageConfig;
import dev.hostvirt.engine.image.ImageRecord;
import dev.hostvirt.engine.image.ImageStore;
import dev.hostvirt.engine.image.Manifest;
import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.engine.store.Sha256;
import dev.hostvirt.i18n.Text;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Unpacked images, in one of two forms, each built in a private temporary directory and renamed into
 * place only when its layers' DiffIDs matched the image config:
 * <ul>
 * <li>{@link #prepareLayers}: one directory per layer under {@code <state>/layers/<chainid>/diff}
 * ({@link LayerStore}), that layer's changes only, in overlayfs' own form, shared by every image that
 * starts with the same layers: a base image is unpacked once, whatever is built on it. Containers
 * mount them as the lower directories of an overlay. Needs root and overlayfs;</li>
 * <li>{@link #prepare}: one merged root per image under {@code <state>/rootfs/<chainid>}, for hosts or
 * file systems where overlayfs cannot be used (then containers get a copy of it).</li>
 * </ul>
 */
public final class RootfsCache {
    private final Path dir;
    private final LayerStore layers;
    private final DiffIdProof proof;
    private final ImageStore images;
    private final boolean chown;

    public RootfsCache(Path stateDir, ImageStore images, boolean chown) {
        this.dir = stateDir.resolve("rootfs");
        this.layers = new LayerStore(stateDir.resolve("layers"), digest -> images.blobs().path(digest), images.blobs().diffIds());
        this.proof = new DiffIdProof(digest -> images.blobs().path(digest), images.blobs().diffIds());
        this.images = images;
        this.chown = chown;
    }

    /** The ChainID of the whole stack (image-spec config.md). */
    public static Digest chainId(List<Digest> diffIds) {
        Digest chain = null;
        for (Digest d : diffIds) {
            chain = chain == null ? d : Digest.ofRaw("sha256", sha256((chain + " " + d).getBytes(StandardCharsets.US_ASCII)));
        }
        if (chain == null) {
            return Digest.ofRaw("sha256", sha256(new byte[0]));
        }
        return chain;
    }

    public Path pathFor(ImageRecord image) {
        return dir.resolve(chainId(images.config(image.config()).diffIds()).hex());
    }

    /** Unpacks the image if it is not yet; returns the directory. Warnings go to {@code warn}. */
    public Path prepare(ImageRecord image, UnpackEvents warn) throws IOException {
        ImageConfig cfg = images.config(image.config());
        Manifest m = images.manifest(image.manifest());
        Path target = dir.resolve(chainId(cfg.diffIds()).hex());
        if (Files.isDirectory(target)) {
            // Found by its DiffIDs: another image's blobs may have made it.
            for (int i = 0; i < m.layers().size(); i++) {
                int number = i + 1;
                proof.prove(m.layers().get(i).digest(), cfg.diffIds().get(i),
                        (done, total) -> warn.unpacking(number, m.layers().size(), done, total));
            }
            return target;
        }
        Files.createDirectories(dir);
        // Only root (the engine, the runtime) walks into unpacked images: they are the lower layer of
        // every container of the image, and another local user must not reach them whatever modes the
        // image's own directories carry.
        restrict(dir, "rwx------");
        Path tmp = Files.createTempDirectory(dir, ".unpack-");
        Path root = Files.createDirectory(tmp.resolve("rootfs"));
        try {
            Set<Text> said = new HashSet<>();
            for (int i = 0; i < m.layers().size(); i++) {
                Descriptor layer = m.layers().get(i);
                LayerApplier.Result r;
                int number = i + 1;
                try (InputStream raw = new BufferedInputStream(ReadProgress.open(images.blobs().path(layer.digest()),
                        (done, total) -> warn.unpacking(number, m.layers().size(), done, total)), 1 << 17);
                        InputStream in = new ReadAheadInputStream(Compression.decompress(raw, layer.mediaType()), 1 << 18, 16)) {
                    r = new LayerApplier(chown).apply(in, root);
                }
                if (!r.diffId().equals(cfg.diffIds().get(i))) {
                    throw new HostvirtException(Text.of("engine.error.layer.diffId", layer.digest(), r.diffId(), cfg.diffIds().get(i)), 125);
                }
                proof.proved(layer.digest(), r.diffId());
                for (Text w : r.warnings()) {
                    if (said.add(w)) {
                        warn.warn(w);
                    }
                }
            }
            // The root's own mode and owner come from the layer's "./" entry, which may say 0777: the
            // container's "/" is its overlay's upper directory (or a copy), so the shared root is kept
            // root-owned and 0755, never writable by others.
            restrict(root, "rwxr-xr-x");
            if (chown) {
                Files.setAttribute(root, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(root, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
            }
            // Real directories for the runtime's mounts: never let it mount over an image's symlink.
            for (String d : new String[] {"dev", "proc", "sys"}) {
                if (RootPath.lstat(root.resolve(d)) == null) {
                    Files.createDirectory(root.resolve(d));
                }
            }
            Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileSystemException raced) {
            // another import or run unpacked the same stack first: use theirs. rename(2) answers
            // ENOTEMPTY there, which Java reports as a plain FileSystemException ("Directory not empty"),
            // not as DirectoryNotEmptyException: found with three first runs of one pulled image at once.
            if (!Files.isDirectory(target)) {
                throw raced;
            }
        } finally {
            // Whether it worked or not, the private unpack directory goes (on success it is empty).
            TreeDeletion.delete(tmp);
        }
        return target;
    }

    private static void restrict(Path p, String permissions) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
        }
    }

    /** Taken before {@link #prepareLayers} and kept until the container's overlay is mounted: see {@link LayerStore}. */
    public LayerStore.Hold holdLayers() throws IOException {
        return layers.hold();
    }

    /** Taken by image rm before it reads what to keep, and kept through {@link #collectGarbage}. */
    public LayerStore.Hold holdExclusively() throws IOException {
        return layers.exclusive();
    }

    /**
     * The image's layers, top first, each unpacked once and shared ({@link LayerStore}); empty when
     * this host cannot use them (not root, overlayfs refused, paths overlayfs cannot carry), and then
     * {@link #prepare} gives one merged root instead. The caller holds {@link #holdLayers()}.
     */
    public Optional<List<Path>> prepareLayers(ImageRecord image, UnpackEvents warn) throws IOException {
        if (!chown) {
            return Optional.empty(); // not root: neither overlay mounts nor the kernel's whiteouts
        }
        ImageConfig cfg = images.config(image.config());
        Manifest m = images.manifest(image.manifest());
        return layers.prepare(m.layers(), cfg.diffIds(), chown, warn);
    }

    /** Unpacks what {@code run} will use, ahead of it ({@code image import}): the layers, else the merged root. */
    public void prepareAhead(ImageRecord image, UnpackEvents warn) throws IOException {
        if (!chown) {
            prepare(image, warn);
            return;
        }
        try (LayerStore.Hold hold = layers.hold()) {
            if (prepareLayers(image, warn).isEmpty()) {
                prepare(image, warn);
            }
        }
    }

    /**
     * The names of what a container of the image with {@code config} is made of (its layers'
     * ChainIDs, and its merged root's, used when the layers cannot be mounted), as
     * {@link #collectGarbage} keeps them. Takes the config the run has already read.
     */
    public List<String> unpackedNames(ImageConfig config, List<Path> layersTopFirst) {
        List<String> names = new ArrayList<>();
        for (Path diff : layersTopFirst) {
            names.add(diff.getParent().getFileName().toString());
        }
        names.add(chainId(config.diffIds()).hex());
        return names;
    }

    /** Removes unpacked stacks and layers no listed image uses; the caller holds {@link #holdExclusively()}. */
    public void collectGarbage(List<ImageRecord> remaining) throws IOException {
        collectGarbage(remaining, Set.of());
    }

    /**
     * As {@link #collectGarbage(List)}, keeping also the names in {@code inUse} ({@link #unpackedNames}
     * of every container: an image record replaced under a living container no longer names them).
     */
    public void collectGarbage(List<ImageRecord> remaining, Set<String> inUse) throws IOException {
        Set<String> keepRoots = new HashSet<>(inUse);
        Set<String> keepLayers = new HashSet<>(inUse);
        for (ImageRecord r : remaining) {
            keepRoots.add(pathFor(r).getFileName().toString());
            List<Digest> diffIds = images.config(r.config()).diffIds();
            for (int i = 0; i < diffIds.size(); i++) {
                keepLayers.add(chainId(diffIds.subList(0, i + 1)).hex());
            }
        }
        drop(dir, keepRoots);
        layers.collect(keepLayers);
    }

    private static void drop(Path parent, Set<String> keep) throws IOException {
        if (!Files.isDirectory(parent)) {
            return;
        }
        List<Path> drop = new ArrayList<>();
        try (var s = Files.list(parent)) {
            s.filter(p -> !keep.contains(p.getFileName().toString()) && !p.getFileName().toString().startsWith("."))
                    .forEach(drop::add);
        }
        for (Path p : drop) {
            TreeDeletion.delete(p);
        }
    }

    private static byte[] sha256(byte[] in) {
        return Sha256.digest(in);
    }
}
