package dev.hostvirt.engine.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.engine.store.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Builds real OCI images in memory for the tests: layers are tar archives made by GNU tar from
 * busybox-static's binary (or from generated files), compressed with gzip (java.util.zip) or zstd
 * (the zstd tool), with configs and manifests as image-spec describes them.
 */
final class TestImages {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A blob and its media type. */
    record Blob(String mediaType, byte[] bytes) {
        Digest digest() {
            return Digest.sha256(sha256(bytes));
        }

        Descriptor descriptor() {
            return new Descriptor(mediaType, digest(), bytes.length, null);
        }
    }

    /** An image: its manifest, config and layers (all blobs). */
    record Image(Blob manifest, Blob config, List<Blob> layers) {
        List<Blob> blobs() {
            List<Blob> all = new ArrayList<>(layers);
            all.add(config);
            return all;
        }
    }

    /** An index over several images. */
    record Index(Blob index, List<Image> images) {
    }

    private TestImages() {
    }

    /** A tar of {@code files} (relative path -> content), made by GNU tar with fixed owners and times. */
    static byte[] tar(Path scratch, Map<String, byte[]> files) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(scratch, "rootfs");
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
            if (f.getKey().startsWith("bin/")) {
                p.toFile().setExecutable(true, false);
            }
        }
        Path out = scratch.resolve(dir.getFileName() + ".tar");
        run(List.of("tar", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0", "--sort=name",
                "-C", dir.toString(), "-cf", out.toString(), "."));
        return Files.readAllBytes(out);
    }

    /** busybox-static is in linux/test-packages.txt: without it the tests fail (only a missing registry skips). */
    static byte[] busyboxTar(Path scratch) throws IOException, InterruptedException {
        if (!Files.isExecutable(BUSYBOX)) {
            throw new IOException(BUSYBOX + " is missing: apt-get install busybox-static (linux/test-packages.txt)");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("bin/busybox", Files.readAllBytes(BUSYBOX));
        return tar(scratch, files);
    }

    static Blob gzipLayer(byte[] tar) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(tar);
        }
        return new Blob("application/vnd.oci.image.layer.v1.tar+gzip", bytes.toByteArray());
    }

    static Blob zstdLayer(Path scratch, byte[] tar) throws IOException, InterruptedException {
        Path in = Files.createTempFile(scratch, "layer", ".tar");
        Files.write(in, tar);
        Path out = scratch.resolve(in.getFileName() + ".zst");
        run(List.of("zstd", "-q", "-3", "-f", in.toString(), "-o", out.toString()));
        return new Blob("application/vnd.oci.image.layer.v1.tar+zstd", Files.readAllBytes(out));
    }

    static Blob plainLayer(byte[] tar) {
        return new Blob("application/vnd.oci.image.layer.v1.tar", tar);
    }

    /** Incompressible content of about {@code bytes}, as one file in a tar. */
    static byte[] randomTar(Path scratch, int bytes, long seed) throws IOException, InterruptedException {
        byte[] data = new byte[bytes];
        new Random(seed).nextBytes(data);
        return tar(scratch, Map.of("data/random.bin", data));
    }

    /** An OCI image of {@code layers} (each with its uncompressed tar for the diff_ids). */
    static Image image(String arch, String variant, List<Blob> layers, List<byte[]> uncompressed) {
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", arch);
        config.put("os", "linux");
        if (!variant.isEmpty()) {
            config.put("variant", variant);
        }
        config.putObject("config").putArray("Cmd").add("/bin/busybox").add("true");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        for (byte[] tar : uncompressed) {
            diffIds.add(Digest.sha256(sha256(tar)).toString());
        }
        Blob configBlob = new Blob("application/vnd.oci.image.config.v1+json", bytes(config));
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.set("config", descriptorJson(configBlob));
        ArrayNode ls = manifest.putArray("layers");
        for (Blob l : layers) {
            ls.add(descriptorJson(l));
        }
        return new Image(new Blob(MediaTypes.OCI_MANIFEST, bytes(manifest)), configBlob, List.copyOf(layers));
    }

    /** Docker's v2 schema 2 flavour of the same image (Docker media types throughout). */
    static Image dockerImage(Blob gzipLayer, byte[] uncompressed) {
        Blob layer = new Blob("application/vnd.docker.image.rootfs.diff.tar.gzip", gzipLayer.bytes());
        Image oci = image("amd64", "", List.of(layer), List.of(uncompressed));
        Blob config = new Blob("application/vnd.docker.container.image.v1+json", oci.config().bytes());
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.DOCKER_MANIFEST);
        manifest.set("config", descriptorJson(config));
        manifest.putArray("layers").add(descriptorJson(layer));
        return new Image(new Blob(MediaTypes.DOCKER_MANIFEST, bytes(manifest)), config, List.of(layer));
    }

    static Index index(String mediaType, List<Image> images, List<String[]> platforms) {
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", mediaType);
        ArrayNode ms = index.putArray("manifests");
        for (int i = 0; i < images.size(); i++) {
            ObjectNode d = descriptorJson(images.get(i).manifest());
            ObjectNode p = d.putObject("platform");
            p.put("architecture", platforms.get(i)[1]);
            p.put("os", platforms.get(i)[0]);
            if (platforms.get(i).length > 2) {
                p.put("variant", platforms.get(i)[2]);
            }
            ms.add(d);
        }
        return new Index(new Blob(mediaType, bytes(index)), List.copyOf(images));
    }

    private static ObjectNode descriptorJson(Blob b) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", b.mediaType());
        d.put("digest", b.digest().toString());
        d.put("size", b.bytes().length);
        return d;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(argv + " failed: " + out);
        }
    }
}
