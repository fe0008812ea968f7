package dev.hostvirt.engine.image;

import dev.hostvirt.engine.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.layer.Compression;
import dev.hostvirt.engine.store.BytesRead;
import dev.hostvirt.engine.store.ContentStore;
import dev.hostvirt.engine.store.CountingInputStream;
import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.engine.store.FileContentStore;
import dev.hostvirt.i18n.Text;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Imports OCI image layouts (directory or tar) and {@code docker save}/{@code podman save} archives.
 * Every blob goes through the content store, which verifies it against its digest while it streams;
 * {@code index.json} is preferred, {@code manifest.json} (legacy docker-archive) is the fallback
 * (container-anchors §2.4). Multi-platform indexes, nested or not, are resolved to one platform.
 */
public final class ImageImporter {
    private static final Pattern BLOB = Pattern.compile("blobs/([a-z0-9]+)/([a-f0-9]+)");
    private static final int MAX_NESTING = 4;
    private final FileContentStore blobs;
    private final ImageStore images;
    /** Every blob this import stored (or found stored): what its caller collects if no image names it. */
    private final Set<Digest> touched = new LinkedHashSet<>();

    public ImageImporter(ImageStore images) {
        this.images = images;
        this.blobs = images.blobs();
    }

    /**
     * @param name the name to give the image (required when the archive names none), or null
     * @param platform the platform to pick from a multi-platform index
     */
    public List<ImageRecord> importFrom(Path source, String name, Platform platform) throws IOException {
        return importFrom(source, name, platform, (done, total) -> { }, image -> { });
    }

    /** The blobs this importer has stored, or found already stored, so far (only those). */
    public Set<Digest> touched() {
        return Set.copyOf(touched);
    }

    /** How far an import has read its source: {@code done} of {@code total} bytes. */
    @FunctionalInterface
    public interface Progress {
        void storing(long done, long total);
    }

    /** What must hold of an image, checked and stored but not yet named, before any name is recorded. */
    @FunctionalInterface
    public interface BeforeNaming {
        /** Throws when the image must not be named (then no image of the archive is). */
        void accept(ImageRecord image) throws IOException;
    }

    /**
     * As {@link #importFrom(Path, String, Platform)}, telling {@code progress} how far it has read. Every
     * image of the archive is checked (config, layers, one diff_id per layer) and given to
     * {@code beforeNaming} (the caller unpacks it there) before the first name is recorded, and then
     * all names are recorded at once: whatever fails or kills the import before that, every name still
     * names what it named before.
     */
    public List<ImageRecord> importFrom(Path typed, String name, Platform platform, Progress progress,
            BeforeNaming beforeNaming) throws IOException {
        // The path the user typed is followed (a link to a layout was walked as a link, and found empty);
        // links inside the layout are still never followed (readDirectory).
        Path source = Files.exists(typed) ? typed.toRealPath() : typed;
        if (Files.isDirectory(source) && !Files.isRegularFile(source.resolve("index.json"))
                && !Files.isRegularFile(source.resolve("manifest.json"))) {
            // Refused before a byte is read: every file of the directory used to be stored first.
            throw new HostvirtException(Text.of("engine.error.import.notImage", typed), 125);
        }
        // Claimed until the images are named: an image rm meanwhile would take our blobs for unused.
        try (ContentStore.Writing claim = blobs.writing()) {
            List<ImageRecord> pending = readChecked(source, typed, name, platform, progress);
            for (ImageRecord image : pending) {
                beforeNaming.accept(image);
            }
            return images.registerAll(pending);
        }
    }

    /** Stores what the archive holds and checks every image it names; names nothing. {@code shown}: the path as typed, for messages. */
    private List<ImageRecord> readChecked(Path source, Path shown, String name, Platform platform, Progress progress)
            throws IOException {
        Contents c = new Contents();
        if (Files.isDirectory(source)) {
            readDirectory(source, c, counter(sizeOf(source), progress));
        } else if (Files.isRegularFile(source)) {
            readTar(source, c, counter(Files.size(source), progress));
        } else if (Files.exists(source)) {
            // a device or a pipe: an archive is read twice (index, then blobs), which a stream cannot be
            throw new HostvirtException(Text.of("engine.error.import.notAFile", shown), 125);
        } else {
            throw new HostvirtException(Text.of("engine.error.import.noSuchFile", shown), 125);
        }
        if (c.metadata.containsKey("index.json")) {
            return fromIndex(c, name, platform);
        }
        if (c.metadata.containsKey("manifest.json")) {
            return fromDockerManifest(c, name);
        }
        throw new HostvirtException(Text.of("engine.error.import.notImage", shown), 125);
    }

    /** What an archive held: small metadata files by path, and every other file stored as a blob. */
    private static final class Contents {
        final Map<String, byte[]> metadata = new HashMap<>();
        final Map<String, Digest> stored = new HashMap<>();
        final Map<String, String> symlinks = new HashMap<>();

        Digest blobAt(String path) {
            String p = path;
            for (int i = 0; i < 8 && symlinks.containsKey(p); i++) {
                p = symlinks.get(p);
            }
            Digest d = stored.get(p);
            if (d == null) {
                throw new HostvirtException(Text.of("engine.error.import.noFile", path), 125);
            }
            return d;
        }
    }

    /** Adds up the reads and tells {@code progress}; the total is what the source holds. */
    private static BytesRead counter(long total, Progress progress) {
        long[] done = {0};
        return bytes -> {
            done[0] += bytes;
            progress.storing(done[0], total);
        };
    }

    /** What a layout directory holds in regular files: what an import of it reads. */
    private static long sizeOf(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private void readTar(Path file, Contents c, BytesRead progress) throws IOException {
        try (InputStream raw = new BufferedInputStream(new CountingInputStream(Files.newInputStream(file), progress), 1 << 16);
                InputStream in = Compression.decompress(raw);
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String path = clean(e.getName());
                if (path == null) {
                    continue;
                }
                if (e.isSymbolicLink()) {
                    c.symlinks.put(path, resolveSibling(path, e.getLinkName()));
                } else if (e.isLink()) {
                    // A hard link names its target from the archive's root. GNU tar stores a file given
                    // twice (`tar cf x.tar manifest.json manifest.json`) as a link to its first copy:
                    // read as an empty file, it replaced that copy ("empty JSON document").
                    String target = clean(e.getLinkName());
                    if (target != null && !target.equals(path)) {
                        c.symlinks.put(path, target);
                    }
                } else if (e.isFile()) {
                    accept(path, e.getSize(), tar, c);
                }
            }
        }
    }

    private void readDirectory(Path dir, Contents c, BytesRead progress) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                String path = clean(dir.relativize(f).toString().replace('\\', '/'));
                if (path == null) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    c.symlinks.put(path, resolveSibling(path, Files.readSymbolicLink(f).toString()));
                } else if (attrs.isRegularFile()) {
                    Matcher m = BLOB.matcher(path);
                    if (m.matches()) {
                        Digest d = new Digest(m.group(1), m.group(2));
                        blobs.write(d, attrs.size(), f, progress);
                        touched.add(d);
                        c.stored.put(path, d);
                    } else {
                        try (InputStream in = new CountingInputStream(Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS), progress)) {
                            accept(path, attrs.size(), in, c);
                        }
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void accept(String path, long size, InputStream in, Contents c) throws IOException {
        Matcher m = BLOB.matcher(path);
        if (m.matches()) {
            Digest d = new Digest(m.group(1), m.group(2));
            blobs.write(d, size, in);
            touched.add(d);
            c.stored.put(path, d);
        } else if ((path.equals("index.json") || path.equals("manifest.json")) && size > ImageStore.MAX_METADATA) {
            // It was stored as a blob, and the archive then refused as "neither an OCI image layout nor a docker archive".
            throw new HostvirtException(Text.of("engine.error.import.metadataTooLarge", path, size, ImageStore.MAX_METADATA >> 20), 125);
        } else if (size <= ImageStore.MAX_METADATA && (path.endsWith(".json") || path.equals("oci-layout")
                || path.equals("repositories"))) {
            c.metadata.put(path, in.readAllBytes());
        } else {
            Digest d = blobs.put(in);
            touched.add(d);
            c.stored.put(path, d);
        }
    }

    private List<ImageRecord> fromIndex(Contents c, String name, Platform platform) throws IOException {
        JsonNode index = Json.read(c.metadata.get("index.json"));
        List<Descriptor> top = new ArrayList<>();
        for (JsonNode d : index.path("manifests")) {
            top.add(Descriptor.from(d));
        }
        if (top.isEmpty()) {
            throw new HostvirtException(Text.of("engine.error.import.indexEmpty"), 125);
        }
        if (top.stream().anyMatch(PlatformChoice::hasPlatform)) {
            top = List.of(PlatformChoice.pick(top, platform));
        }
        Map<Digest, String> chosen = new LinkedHashMap<>();
        for (Descriptor d : top) {
            chosen.putIfAbsent(resolveManifest(d, platform, 0), nameFrom(d));
        }
        if (name != null && chosen.size() > 1) {
            throw new HostvirtException(Text.of("engine.error.import.nameForMany", chosen.size()), 125);
        }
        List<String> repoTags = repoTags(c);
        List<ImageRecord> out = new ArrayList<>();
        for (Map.Entry<Digest, String> e : chosen.entrySet()) {
            String n = name != null ? name : e.getValue();
            List<String> names = n != null ? List.of(n) : chosen.size() == 1 ? repoTags : List.of();
            if (names.isEmpty()) {
                throw new HostvirtException(Text.of("engine.error.import.unnamed", e.getKey()), 125);
            }
            for (String each : names) {
                requireOwnDigest(each, e.getKey());
                out.add(images.checked(ImageRef.parse(each), e.getKey()));
            }
        }
        return out;
    }

    /**
     * A name the archive gives with a digest ({@code x:1@sha256:...} in ref.name) must name this very
     * manifest: another digest was dropped without a word and the name given to whatever the archive
     * held (podman refuses to load it).
     */
    private static void requireOwnDigest(String name, Digest manifest) {
        Optional<dev.hostvirt.engine.registry.ImageReference> ref = ImageNames.parse(name);
        Digest digest = ref.map(dev.hostvirt.engine.registry.ImageReference::digest).orElse(null);
        if (digest != null && !digest.equals(manifest)) {
            throw new HostvirtException(Text.of("engine.error.import.nameOfOtherDigest", name, manifest), 125);
        }
    }

    private Digest resolveManifest(Descriptor d, Platform platform, int depth) {
        if (depth > MAX_NESTING) {
            throw new HostvirtException(Text.of("engine.error.import.nestedTooDeep", MAX_NESTING), 125);
        }
        if (!blobs.has(d.digest())) {
            throw new HostvirtException(Text.of("engine.error.import.blobMissing", d.digest()), 125);
        }
        requireDeclaredSize(d);
        JsonNode n = images.readJson(d.digest());
        if (MediaTypes.isIndex(d.mediaType()) || MediaTypes.isIndex(n.path("mediaType").asText("")) || n.has("manifests")) {
            List<Descriptor> children = new ArrayList<>();
            for (JsonNode m : n.path("manifests")) {
                children.add(Descriptor.from(m));
            }
            if (children.isEmpty()) {
                // a manifest whose descriptor calls it an index: "no image for platform (the index has: )"
                throw new HostvirtException(Text.of("engine.error.import.indexWithoutManifests", d.digest()), 125);
            }
            return resolveManifest(PlatformChoice.pick(children, platform), platform, depth + 1);
        }
        requireBlobsOf(d.digest());
        return d.digest();
    }

    /**
     * The config and layers a manifest names must have come with it (or be stored already): a layout
     * short of one was refused as "missing from the store", which is where they were never to be.
     */
    private void requireBlobsOf(Digest manifest) {
        Manifest m = images.manifest(manifest);
        List<Descriptor> needed = new ArrayList<>(m.layers());
        needed.add(0, m.config());
        for (Descriptor each : needed) {
            if (!blobs.has(each.digest())) {
                throw new HostvirtException(Text.of("engine.error.import.blobMissing", each.digest()), 125);
            }
            requireDeclaredSize(each);
        }
    }

    /**
     * A descriptor's size is the blob's (the image spec's guard against a blob bigger than its reader
     * was told): a wrong, negative or 2^62 size was taken without a word, and so was a manifest that
     * lied about what it named. A descriptor without a size is taken as before.
     */
    private void requireDeclaredSize(Descriptor d) {
        long actual;
        try {
            actual = blobs.size(d.digest());
        } catch (IOException e) {
            throw new HostvirtException(Text.of("engine.error.import.blobMissing", d.digest()), 125, e);
        }
        if (d.size() != -1 && d.size() != actual) {
            throw new HostvirtException(Text.of("engine.error.import.sizeMismatch", d.digest(), d.size(), actual), 125);
        }
    }

    /**
     * containerd's full-name annotation, else an OCI ref.name that is a full reference (not just a tag).
     * One written as an image ID is taken too, so that naming the image refuses it in so many words.
     */
    private static String nameFrom(Descriptor d) {
        String containerd = d.annotations().get("io.containerd.image.name");
        if (containerd != null && (ImageRef.isValid(containerd) || ImageNames.isId(containerd))) {
            return containerd;
        }
        String ref = d.annotations().get("org.opencontainers.image.ref.name");
        if (ref != null && (ref.contains("/") || ref.contains(":")) && (ImageRef.isValid(ref) || ImageNames.isId(ref))) {
            return ref;
        }
        return null;
    }

    private List<String> repoTags(Contents c) throws IOException {
        List<String> out = new ArrayList<>();
        byte[] m = c.metadata.get("manifest.json");
        if (m != null) {
            for (JsonNode item : Json.read(m)) {
                item.path("RepoTags").forEach(t -> out.add(t.asText()));
            }
        }
        return out;
    }

    private List<ImageRecord> fromDockerManifest(Contents c, String name) throws IOException {
        JsonNode list = Json.read(c.metadata.get("manifest.json"));
        if (!list.isArray() || list.isEmpty()) {
            throw new HostvirtException(Text.of("engine.error.import.manifestEmpty"), 125);
        }
        if (name != null && list.size() > 1) {
            throw new HostvirtException(Text.of("engine.error.import.nameForMany", list.size()), 125);
        }
        List<ImageRecord> out = new ArrayList<>();
        for (JsonNode item : list) {
            String configPath = member(item.path("Config").asText(""));
            byte[] config = c.metadata.get(configPath);
            Digest configDigest = config != null ? blobs.put(config) : c.blobAt(configPath);
            touched.add(configDigest);
            ObjectNode manifest = Json.object();
            manifest.put("schemaVersion", 2).put("mediaType", MediaTypes.DOCKER_MANIFEST);
            manifest.putObject("config").put("mediaType", MediaTypes.DOCKER_CONFIG)
                    .put("size", blobs.size(configDigest)).put("digest", configDigest.toString());
            var layers = manifest.putArray("layers");
            for (JsonNode l : item.path("Layers")) {
                Digest d = c.blobAt(member(l.asText("")));
                layers.addObject().put("mediaType", layerMediaType(d)).put("size", blobs.size(d)).put("digest", d.toString());
            }
            Digest manifestDigest = blobs.put(Json.write(manifest, false));
            touched.add(manifestDigest);
            List<String> names = new ArrayList<>();
            if (name != null) {
                names.add(name);
            } else {
                item.path("RepoTags").forEach(t -> names.add(t.asText()));
            }
            if (names.isEmpty()) {
                throw new HostvirtException(Text.of("engine.error.import.noRepoTags"), 125);
            }
            for (String n : names) {
                out.add(images.checked(ImageRef.parse(n), manifestDigest));
            }
        }
        return out;
    }

    private String layerMediaType(Digest d) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(blobs.path(d)))) {
            return switch (Compression.detect(in)) {
                case GZIP -> MediaTypes.DOCKER_LAYER_GZIP;
                case ZSTD -> "application/vnd.oci.image.layer.v1.tar+zstd";
                case NONE -> MediaTypes.DOCKER_LAYER_TAR;
            };
        }
    }

    /** A path manifest.json names; one with ".." (or none) is refused by that name ("no file 'null'" said nothing). */
    private static String member(String named) {
        String path = clean(named);
        if (path == null) {
            throw new HostvirtException(Text.of("engine.error.import.badMember", named), 125);
        }
        return path;
    }

    /** Archive member paths: "./x" and "x" are the same; anything with ".." is ignored, never opened. */
    private static String clean(String name) {
        String n = name.replace('\\', '/');
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        if (n.isEmpty() || n.endsWith("/")) {
            return null;
        }
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                return null;
            }
        }
        return n;
    }

    private static String resolveSibling(String path, String target) {
        int slash = path.lastIndexOf('/');
        String base = slash < 0 ? "" : path.substring(0, slash + 1);
        Path p = Path.of("/" + base + target).normalize();
        String s = clean(p.toString());
        return s == null ? "" : s;
    }
}
