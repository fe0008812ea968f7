package dev.hostvirt.cli;

import dev.hostvirt.engine.registry.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The blobs of a one-layer image for the start-up archives' training (TrainingRegistry serves one,
 * TrainingLayout writes one): the gzipped layer, a config for this host's architecture that runs
 * {@code true}, and the OCI manifest naming both.
 */
record TrainingImage(byte[] layer, byte[] config, byte[] manifest) {
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

    static TrainingImage of(byte[] tar) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        byte[] layer = gz.toByteArray();
        byte[] config = ("{\"architecture\":\"" + Platform.host().architecture() + "\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"true\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + digest(tar) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest(config) + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + digest(layer)
                + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        return new TrainingImage(layer, config, manifest);
    }

    /** {@code sha256:<hex>} */
    static String digest(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tar holding bin/ and bin/true (0755), owned by root: what a run's command check looks for. */
    static byte[] runnableLayer() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry bin = new TarArchiveEntry("bin/");
            bin.setMode(040755);
            tar.putArchiveEntry(bin);
            tar.closeArchiveEntry();
            byte[] script = "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry trueProgram = new TarArchiveEntry("bin/true");
            trueProgram.setMode(0100755);
            trueProgram.setSize(script.length);
            tar.putArchiveEntry(trueProgram);
            tar.write(script);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }
}
