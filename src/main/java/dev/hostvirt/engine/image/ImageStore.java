package dev.hostvirt.engine.image;

import dev.hostvirt.engine.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.registry.ImageReference;
import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.engine.store.FileContentStore;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The local image index: normalized name -> manifest digest (and its config digest), kept in
 * {@code <state>/images/index.json}. Blobs live in the {@link FileContentStore}; this class only
 * names them.
 *
 * <p><b>For registry pulls (issue 7):</b> write the manifest, config and layer blobs through the
 * {@link dev.hostvirt.engine.store.ContentStore} (any order), then call
 * {@link #register(ImageRef, Digest)} with the platform-specific manifest's digest (not an index).
 * It checks that the config and every layer blob are present, then records the name atomically
 * (under a file lock, so an import and a pull may run at once). The root file system is unpacked
 * lazily at the first {@code run} (or eagerly with {@code RootfsCache.prepareAhead}).
 */
public final class ImageStore {
    static final int MAX_METADATA = 4 * 1024 * 1024;
    private final Path dir;
    private final FileContentStore blobs;

    public ImageStore(Path stateDir, FileContentStore blobs) {
        this.dir = stateDir.resolve("images");
        this.blobs = blobs;
    }

    public FileContentStore blobs() {
        return blobs;
    }

    /** Names an image whose manifest, config and layers are already in the content store. */
    public ImageRecord register(ImageRef ref, Digest manifestDigest) {
        return register(ref.toString(), manifestDigest);
    }

    /**
     * Names a pulled image: by its tag, or {@code repository@digest} when it was pulled by digest
     * (see {@link ImageNames#stored}).
     */
    public ImageRecord register(dev.hostvirt.engine.registry.ImageReference reference, Digest manifestDigest) {
        return register(ImageNames.stored(reference), manifestDigest);
    }

    private ImageRecord register(String name, Digest manifestDigest) {
        return registerAll(List.of(new ImageRecord(name, manifestDigest, null, null))).get(0);
    }

    /**
     * What naming {@code ref} after that manifest would record, once its config and every layer are
     * found and the config lists one diff_id per layer; nothing is written. An import checks every
     * image of its archive so before it names any ({@link #registerAll}).
     */
    public ImageRecord checked(ImageRef ref, Digest manifestDigest) {
        return withLock(() -> checked(ref.toString(), manifestDigest));
    }

    /** As {@link #checked(ImageRef, Digest)} for a pulled reference, named as {@link #register(dev.hostvirt.engine.registry.ImageReference, Digest)} names it. */
    public ImageRecord checked(dev.hostvirt.engine.registry.ImageReference reference, Digest manifestDigest) {
        return withLock(() -> checked(ImageNames.stored(reference), manifestDigest));
    }

    private ImageRecord checked(String name, Digest manifestDigest) {
        Manifest m = manifest(manifestDigest);
        if (!blobs.has(m.config().digest())) {
            throw new HostvirtException(Text.of("engine.error.image.configMissing", m.config().digest()), 125);
        }
        for (Descriptor l : m.layers()) {
            if (!blobs.has(l.digest())) {
                throw new HostvirtException(Text.of("engine.error.image.layerMissing", l.digest()), 125);
            }
        }
        ImageConfig cfg = config(m.config().digest());
        if (cfg.diffIds().size() != m.layers().size()) {
            throw new HostvirtException(Text.of("engine.error.image.diffIds", cfg.diffIds().size(), m.layers().size()), 125);
        }
        return new ImageRecord(name, manifestDigest, m.config().digest(), cfg.created());
    }

    /**
     * Names every image at once (each {@code ref} after its {@code manifest}; the rest is read again),
     * or none: each is checked again under the index lock, then the index is written once (one rename).
     * An archive of two images whose second is broken used to leave the first one named.
     */
    public List<ImageRecord> registerAll(List<ImageRecord> names) {
        // Under the index lock, as image rm's clean-up: a blob found here cannot be deleted before the
        // index names it (one a clean-up took first is missing here, and the pull or import says so).
        return withLock(() -> {
            List<ImageRecord> recs = new ArrayList<>();
            for (ImageRecord n : names) {
                recs.add(checked(n.ref(), n.manifest()).throughIndex(n.index()));
            }
            List<ImageRecord> all = readIndex();
            // Pulling an image again that has not changed is common (run --pull=always, scripts):
            // the index is then already right, and rewriting it is a file creation and rename.
            boolean unchanged = recs.stream().allMatch(rec -> all.stream().anyMatch(r -> r.ref().equals(rec.ref())
                    && r.manifest().equals(rec.manifest()) && r.config().equals(rec.config())
                    && Objects.equals(r.created(), rec.created()) && Objects.equals(r.index(), rec.index())));
            if (!unchanged) {
                for (ImageRecord rec : recs) {
                    all.removeIf(r -> r.ref().equals(rec.ref()));
                    all.add(rec);
                }
                writeIndex(all);
            }
            return recs;
        });
    }

    public List<ImageRecord> list() {
        return withLock(this::readIndex);
    }

    /** Finds an image by name ({@code busybox}, {@code docker.io/library/busybox:latest}) or ID prefix. */
    public ImageRecord find(String nameOrId) {
        return lookup(nameOrId).orElseThrow(() -> new HostvirtException(Text.of("engine.error.image.unknown", nameOrId), 125));
    }

    /** The image of that name, digest-pinned name or ID (prefix of 4+); empty when none, an error when ambiguous. */
    public Optional<ImageRecord> lookup(String nameOrId) {
        List<ImageRecord> all = list();
        // An ID written out is looked up as an ID only (ImageNames.isId): a name cannot stand in for it.
        Optional<ImageReference> parsed = ImageNames.isId(nameOrId) ? Optional.empty() : ImageNames.parse(nameOrId);
        if (parsed.isPresent()) {
            String ref = ImageNames.stored(parsed.get());
            for (ImageRecord r : all) {
                if (r.ref().equals(ref)) {
                    return Optional.of(r);
                }
            }
            // name@digest also finds the same image pulled by tag, as podman does: by the manifest's
            // digest, or by the index's it was pulled through (what a pull by tag of a multi-platform
            // image resolved to, and what other tools print).
            Digest pinned = parsed.get().digest();
            for (ImageRecord r : all) {
                if (pinned != null && r.hasDigest(pinned) && ImageNames.repository(r.ref()).equals(parsed.get().name())) {
                    return Optional.of(r);
                }
            }
        }
        String id = nameOrId.toLowerCase(Locale.ROOT);
        if (id.startsWith("sha256:")) {
            id = id.substring(7);
        }
        if (id.length() >= 4 && id.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            ImageRecord found = null;
            for (ImageRecord r : all) {
                if (r.config().hex().startsWith(id)) {
                    if (found != null && !found.config().equals(r.config())) {
                        throw new HostvirtException(Text.of("engine.error.image.ambiguousId", nameOrId), 125);
                    }
                    found = r;
                }
            }
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /** What {@link #remove} did: the names it removed, and whether unused blobs had to stay for now. */
    public record Removal(List<ImageRecord> removed, boolean unusedBlobsKept) {
    }

    /**
     * Removes a name (or, given an ID, every name of that image) and then every blob no remaining
     * image uses, unless a pull or import is storing blobs it has not named yet (then every blob stays
     * until a later removal).
     */
    public Removal remove(String nameOrId) {
        ImageRecord target = find(nameOrId);
        boolean byName = ImageNames.nameIn(nameOrId).filter(target.ref()::equals).isPresent();
        return withLock(() -> {
            List<ImageRecord> all = readIndex();
            List<ImageRecord> removed = new ArrayList<>();
            all.removeIf(r -> {
                boolean hit = byName ? r.ref().equals(target.ref()) : r.config().equals(target.config());
                if (hit) {
                    removed.add(r);
                }
                return hit;
            });
            writeIndex(all);
            return new Removal(removed, !collectGarbage(all));
        });
    }

    /**
     * Deletes those of {@code candidates} (what one import stored) that no image names, unless a
     * writer's claim keeps them (ContentStore.writing). Other unnamed blobs, such as the complete
     * layers of an interrupted pull that a retry resumes from, stay for image rm. Only housekeeping:
     * a failure leaves them for the next clean-up.
     */
    public void collectUnused(Set<Digest> candidates) {
        try {
            withLock(() -> blobs.deleteUnclaimed(candidates, named(readIndex())));
        } catch (RuntimeException e) {
            // left for the next image rm
        }
    }

    public Manifest manifest(Digest manifestDigest) {
        JsonNode n = readJson(manifestDigest);
        if (MediaTypes.isIndex(n.path("mediaType").asText("")) || n.has("manifests")) {
            throw new HostvirtException(Text.of("engine.error.image.registerIndex", manifestDigest), 125);
        }
        return Manifest.from(n);
    }

    public ImageConfig config(Digest configDigest) {
        return ImageConfig.from(readJson(configDigest));
    }

    JsonNode readJson(Digest d) {
        try {
            return Json.read(blobs.read(d, MAX_METADATA));
        } catch (IOException e) {
            throw new HostvirtException(Text.of("engine.error.image.blobNotJson", d), 125, e);
        }
    }

    /** False when a writer's claim kept every blob. */
    /** Every blob these images need: manifests, configs and layers. */
    private Set<Digest> named(List<ImageRecord> images) {
        Set<Digest> keep = new HashSet<>();
        for (ImageRecord r : images) {
            keep.add(r.manifest());
            keep.add(r.config());
            if (r.index() != null) {
                keep.add(r.index());
            }
            if (blobs.has(r.manifest())) {
                manifest(r.manifest()).layers().forEach(l -> keep.add(l.digest()));
            }
        }
        return keep;
    }

    private boolean collectGarbage(List<ImageRecord> remaining) {
        try {
            return blobs.deleteAllBut(named(remaining));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    private <T> T withLock(Locked<T> body) {
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve("index.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = ch.lock(); // released when the channel closes
                try {
                    return body.run();
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new HostvirtException(Text.of("engine.error.image.indexUnusable", dir, e.getMessage()), 125, e);
        }
    }

    private List<ImageRecord> readIndex() throws IOException {
        Path f = dir.resolve("index.json");
        List<ImageRecord> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        for (JsonNode n : Json.read(Files.readAllBytes(f)).path("images")) {
            // "index" is absent from records written before it was kept, and from images no index led to.
            String index = n.path("index").asText("");
            out.add(new ImageRecord(n.path("ref").asText(), Digest.parse(n.path("manifest").asText()),
                    Digest.parse(n.path("config").asText()), n.path("created").asText(""), index.isEmpty() ? null : Digest.parse(index)));
        }
        return out;
    }

    private void writeIndex(List<ImageRecord> all) throws IOException {
        ObjectNode root = Json.object();
        ArrayNode arr = root.putArray("images");
        for (ImageRecord r : all) {
            ObjectNode o = arr.addObject().put("ref", r.ref()).put("manifest", r.manifest().toString())
                    .put("config", r.config().toString()).put("created", r.created());
            if (r.index() != null) {
                o.put("index", r.index().toString());
            }
        }
        Path tmp = Files.createTempFile(dir, "index-", ".tmp");
        Files.write(tmp, Json.write(root, true));
        Files.move(tmp, dir.resolve("index.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
