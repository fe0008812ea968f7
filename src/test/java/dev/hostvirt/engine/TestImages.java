package dev.hostvirt.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.engine.store.Digest;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds test images in the two formats the engine imports: an OCI image layout (directory or tar)
 * and a legacy {@code docker save} archive. The busybox image is made from Debian's busybox-static
 * ({@code /bin/busybox}, linux/test-packages.txt): one static binary plus a symlink per applet.
 */
public final class TestImages {
    public static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Packing { PLAIN, GZIP, ZSTD }

    /** One image: uncompressed layer tars and the config's "config" section. */
    public record Image(List<byte[]> layers, Map<String, Object> config, String architecture) {
        public Image(List<byte[]> layers, Map<String, Object> config) {
            this(layers, config, "amd64");
        }
    }

    public static boolean busyboxAvailable() {
        return Files.isExecutable(BUSYBOX);
    }

    /** Skips the calling test class unless real containers can run here: root, busybox-static, runc or crun. */
    public static void assumeContainersCanRun() {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.hostvirt.engine.Engine.isRoot(), "running containers needs root (CI runs as root)");
        org.junit.jupiter.api.Assumptions.assumeTrue(busyboxAvailable(),
                "needs /bin/busybox from Debian's busybox-static (linux/test-packages.txt)");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc"))
                || Files.isExecutable(Path.of("/usr/bin/crun")), "needs runc or crun (linux/packages.txt)");
    }

    /** The busybox root file system as one layer (plus users and groups the conformance tests need). */
    public static byte[] busyboxLayer() throws IOException {
        TestTars t = new TestTars();
        t.dir("bin").dir("etc").dir("tmp", 01777).dir("root", 0700).dir("home").dir("home/tester")
                .dir("var").dir("var/tmp", 01777).dir("run").dir("data");
        t.file("bin/busybox", Files.readAllBytes(BUSYBOX), 0755, 0, 0);
        Process p = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
        String list = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        for (String applet : list.split("\\s+")) {
            if (!applet.isBlank() && !applet.equals("busybox") && !applet.contains("/")) {
                t.symlink("bin/" + applet, "busybox");
            }
        }
        t.file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\ntester:x:1000:1000:tester:/home/tester:/bin/sh\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        t.file("etc/group", "root:x:0:\ntesters:x:1000:\nextra:x:2000:tester\nnogroup:x:65534:\n");
        t.file("etc/setuid-probe", "x".getBytes(StandardCharsets.UTF_8), 04755, 0, 0);
        return t.bytes();
    }

    public static Map<String, Object> busyboxConfig() {
        return Map.of("Env", List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), "Cmd", List.of("sh"));
    }

    public static byte[] pack(byte[] tar, Packing packing) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (packing) {
            case PLAIN -> out.write(tar);
            case GZIP -> {
                try (OutputStream z = new GZIPOutputStream(out)) {
                    z.write(tar);
                }
            }
            case ZSTD -> {
                try (OutputStream z = new ZstdOutputStream(out)) {
                    z.write(tar);
                }
            }
        }
        return out.toByteArray();
    }

    public static Digest sha256(byte[] b) {
        try {
            return Digest.ofRaw("sha256", MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] configJson(Image image) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.put("architecture", image.architecture()).put("os", "linux").put("created", "2026-01-01T00:00:00Z");
        c.set("config", JSON.valueToTree(image.config()));
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        for (byte[] l : image.layers()) {
            ids.add(sha256(l).toString());
        }
        return JSON.writeValueAsBytes(c);
    }

    /** Writes blobs for one image into an OCI layout dir; returns the manifest descriptor node. */
    private static ObjectNode writeImage(Path dir, Image image, Packing packing) throws IOException {
        byte[] config = configJson(image);
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        m.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", blob(dir, config).toString()).put("size", config.length);
        ArrayNode layers = m.putArray("layers");
        for (byte[] l : image.layers()) {
            byte[] packed = pack(l, packing);
            String mt = switch (packing) {
                case PLAIN -> "application/vnd.oci.image.layer.v1.tar";
                case GZIP -> "application/vnd.oci.image.layer.v1.tar+gzip";
                case ZSTD -> "application/vnd.oci.image.layer.v1.tar+zstd";
            };
            layers.addObject().put("mediaType", mt).put("digest", blob(dir, packed).toString()).put("size", packed.length);
        }
        byte[] manifest = JSON.writeValueAsBytes(m);
        ObjectNode desc = JSON.createObjectNode();
        desc.put("mediaType", "application/vnd.oci.image.manifest.v1+json").put("digest", blob(dir, manifest).toString())
                .put("size", manifest.length);
        desc.putObject("platform").put("os", "linux").put("architecture", image.architecture());
        return desc;
    }

    /** An OCI layout with one image named by a full reference in org.opencontainers.image.ref.name. */
    public static Path ociLayout(Path dir, String refName, Image image, Packing packing) throws IOException {
        Files.createDirectories(dir);
        ObjectNode desc = writeImage(dir, image, packing);
        desc.remove("platform");
        if (refName != null) {
            desc.putObject("annotations").put("org.opencontainers.image.ref.name", refName);
        }
        writeIndex(dir, List.of(desc));
        return dir;
    }

    /** An OCI layout whose index.json points to a nested multi-platform index. */
    public static Path multiPlatformLayout(Path dir, String refName, List<Image> images, Packing packing) throws IOException {
        Files.createDirectories(dir);
        List<ObjectNode> list = new ArrayList<>();
        for (Image i : images) {
            list.add(writeImage(dir, i, packing));
        }
        ObjectNode attestation = JSON.createObjectNode();
        attestation.put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                .put("digest", blob(dir, "{}".getBytes(StandardCharsets.UTF_8)).toString()).put("size", 2);
        attestation.putObject("platform").put("os", "unknown").put("architecture", "unknown");
        list.add(attestation);
        return nestedIndex(dir, refName, list);
    }

    /**
     * As {@link #multiPlatformLayout} without the attestation, where the images of {@code unplatformed}
     * come after the others and say no platform (image-spec's image-index.md makes it optional).
     */
    public static Path nestedLayout(Path dir, String refName, List<Image> platformed, List<Image> unplatformed, Packing packing)
            throws IOException {
        Files.createDirectories(dir);
        List<ObjectNode> list = new ArrayList<>();
        for (Image i : platformed) {
            list.add(writeImage(dir, i, packing));
        }
        for (Image i : unplatformed) {
            ObjectNode d = writeImage(dir, i, packing);
            d.remove("platform");
            list.add(d);
        }
        return nestedIndex(dir, refName, list);
    }

    private static Path nestedIndex(Path dir, String refName, List<ObjectNode> entries) throws IOException {
        ObjectNode nested = JSON.createObjectNode();
        nested.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.index.v1+json");
        ArrayNode list = nested.putArray("manifests");
        entries.forEach(list::add);
        byte[] idx = JSON.writeValueAsBytes(nested);
        ObjectNode desc = JSON.createObjectNode();
        desc.put("mediaType", "application/vnd.oci.image.index.v1+json").put("digest", blob(dir, idx).toString()).put("size", idx.length);
        desc.putObject("annotations").put("io.containerd.image.name", refName);
        writeIndex(dir, List.of(desc));
        return dir;
    }

    private static void writeIndex(Path dir, List<ObjectNode> descs) throws IOException {
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.index.v1+json");
        ArrayNode arr = index.putArray("manifests");
        descs.forEach(arr::add);
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    private static Digest blob(Path dir, byte[] content) throws IOException {
        Digest d = sha256(content);
        Path p = dir.resolve("blobs/sha256/" + d.hex());
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return d;
    }

    /** Tars a directory (an OCI layout) into one file, as {@code skopeo copy oci-archive:} does. */
    public static Path tarDirectory(Path dir, Path tarFile) throws IOException {
        try (OutputStream os = Files.newOutputStream(tarFile); TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            List<Path> files = new ArrayList<>();
            try (var walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
            for (Path f : files) {
                TarArchiveEntry e = new TarArchiveEntry(f.toFile(), dir.relativize(f).toString());
                tar.putArchiveEntry(e);
                Files.copy(f, tar);
                tar.closeArchiveEntry();
            }
        }
        return tarFile;
    }

    /** A legacy {@code docker save} archive: manifest.json, a config file and {@code <id>/layer.tar}s. */
    public static Path dockerArchive(Path tarFile, List<String> repoTags, Image image) throws IOException {
        byte[] config = configJson(image);
        String configName = sha256(config).hex() + ".json";
        ObjectNode item = JSON.createObjectNode();
        item.put("Config", configName);
        ArrayNode tags = item.putArray("RepoTags");
        repoTags.forEach(tags::add);
        ArrayNode layers = item.putArray("Layers");
        try (OutputStream os = Files.newOutputStream(tarFile); TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (byte[] l : image.layers()) {
                String id = sha256(l).hex();
                layers.add(id + "/layer.tar");
                put(tar, id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
                put(tar, id + "/layer.tar", l);
            }
            put(tar, configName, config);
            put(tar, "manifest.json", JSON.writeValueAsBytes(JSON.createArrayNode().add(item)));
        }
        return tarFile;
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
