package dev.hostvirt.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A minimal read-only registry (the distribution API's GET /v2/, manifests and blobs) on 127.0.0.1
 * and a free port, serving one generated image of one layer holding only {@code /bin/true} (a shell
 * script): enough for {@link StartupTraining} to run a real {@code hostvirt pull} at build time, with
 * no network and no registry installed, and a {@code run} of that image on a stand-in runtime.
 */
final class TrainingRegistry implements AutoCloseable {
    static final String REPOSITORY = "training/image";
    private final HttpServer server;
    private final byte[] manifest;
    private final String manifestDigest;
    private final Map<String, byte[]> blobs;

    private TrainingRegistry() throws IOException {
        TrainingImage image = TrainingImage.of(TrainingImage.runnableLayer());
        manifest = image.manifest();
        manifestDigest = TrainingImage.digest(manifest);
        Map<String, byte[]> served = new HashMap<>();
        image.blobs().forEach(b -> served.put(TrainingImage.digest(b), b));
        blobs = Map.copyOf(served);
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

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            byte[] body = null;
            if (path.equals("/v2/")) {
                body = "{}".getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "application/json");
            } else if (path.equals("/v2/" + REPOSITORY + "/manifests/1") || path.equals("/v2/" + REPOSITORY + "/manifests/" + manifestDigest)) {
                body = manifest;
                x.getResponseHeaders().set("Content-Type", TrainingImage.MANIFEST_TYPE);
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

    @Override
    public void close() {
        server.stop(0);
    }
}
