package dev.hostvirt.cli;

import dev.hostvirt.engine.registry.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The blobs of a one-layer image for the start-up archives' training (TrainingRegistry serves one,
 * TrainingLayout writes one): the gzipped layer, a config for this host's architecture that runs
 * {@code true}, and the OCI manifest naming both.
 */
record TrainingImage(List<byte[]> layers, byte[] config, byte[] manifest) {
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

    TrainingImage {
        layers = List.copyOf(layers);
    }

    /** An image of these tars, bottom first, each gzipped. */
    static TrainingImage of(byte[]... tars) throws IOException {
        List<byte[]> layers = new ArrayList<>();
        StringJoiner diffIds = new StringJoiner(",");
        StringJoiner descriptors = new StringJoiner(",");
        for (byte[] tar : tars) {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(gz)) {
                out.write(tar);
            }
            byte[] layer = gz.toByteArray();
            layers.add(layer);
            diffIds.add("\"" + digest(tar) + "\"");
            descriptors.add("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + digest(layer)
                    + "\",\"size\":" + layer.length + "}");
        }
        byte[] config = ("{\"architecture\":\"" + Platform.host().architecture() + "\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"true\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}").getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest(config) + "\",\"size\":" + config.length
                + "},\"layers\":[" + descriptors + "]}").getBytes(StandardCharsets.UTF_8);
        return new TrainingImage(layers, config, manifest);
    }

    /** Every blob: the layers, the config and the manifest. */
    List<byte[]> blobs() {
        List<byte[]> all = new ArrayList<>(layers);
        all.add(config);
        all.add(manifest);
        return all;
    }

    /** {@code sha256:<hex>} */
    static String digest(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A tar holding etc/ and etc/passwd: the runnable image's upper layer, so that a run's training
     * mounts two layers and computes their chain ID, as most images' runs do.
     */
    static byte[] etcLayer() throws IOException {
        return tar("etc/", "etc/passwd", 0100644, "root:x:0:0:root:/root:/bin/sh\n");
    }

    /** A tar holding bin/ and bin/true (0755), owned by root: what a run's command check looks for. */
    static byte[] runnableLayer() throws IOException {
        return tar("bin/", "bin/true", 0100755, "#!/bin/sh\n");
    }

    /** A tar of one directory (0755) and one file in it, owned by root. */
    private static byte[] tar(String dir, String file, int mode, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry d = new TarArchiveEntry(dir);
            d.setMode(040755);
            tar.putArchiveEntry(d);
            tar.closeArchiveEntry();
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry f = new TarArchiveEntry(file);
            f.setMode(mode);
            f.setSize(data.length);
            tar.putArchiveEntry(f);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }
}
