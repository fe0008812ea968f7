package dev.hostvirt.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hostvirt.engine.registry.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A minimal read-only registry (the distribution API's GET /v2/, manifests and blobs) on 127.0.0.1
 * and a free port, serving one generated image of one layer holding only {@code /bin/true} (a shell
 * script): enough for {@link StartupTraining} to run a real {@code hostvirt pull} at build time, with
 * no network and no registry installed, and a {@code run} of that image on a stand-in runtime.
 */
final class TrainingRegistry implements AutoCloseable {
    static final String REPOSITORY = "training/image";
    private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private final HttpServer server;
    private final byte[] manifest;
    private final String manifestDigest;
    private final Map<String, byte[]> blobs;

    private TrainingRegistry() throws IOException {
        byte[] tar = layer();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        byte[] layer = gz.toByteArray();
        byte[] config = ("{\"architecture\":\"" + Platform.host().architecture() + "\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"true\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + digest(tar) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest(config) + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + digest(layer)
                + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        manifestDigest = digest(manifest);
        blobs = Map.of(digest(layer), layer, digest(config), config);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static TrainingRegistry start() throws IOException {
        return new TrainingRegistry();
    }

    /** {@code 127.0.0.1:PORT/training/image:1} */
    String reference() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + "/" + REPOSITORY + ":1";
    }

    /** A tar holding bin/ and bin/true (0755), owned by root: what a run's command check looks for. */
    private static byte[] layer() throws IOException {
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

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            byte[] body = null;
            if (path.equals("/v2/")) {
                body = "{}".getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "application/json");
            } else if (path.equals("/v2/" + REPOSITORY + "/manifests/1") || path.equals("/v2/" + REPOSITORY + "/manifests/" + manifestDigest)) {
                body = manifest;
                x.getResponseHeaders().set("Content-Type", MANIFEST_TYPE);
                x.getResponseHeaders().set("Docker-Content-Digest", manifestDigest);
            } else if (path.startsWith("/v2/" + REPOSITORY + "/blobs/")) {
                body = blobs.get(path.substring(("/v2/" + REPOSITORY + "/blobs/").length()));
                x.getResponseHeaders().set("Content-Type", "application/octet-stream");
            }
            if (body == null) {
                x.sendResponseHeaders(404, -1);
                return;
            }
            boolean head = x.getRequestMethod().equals("HEAD");
            x.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                x.getResponseBody().write(body);
            }
        }
    }

    private static String digest(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
