package dev.hostvirt.engine.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real distribution registry (Debian's docker-registry) on 127.0.0.1 and a free port, with its
 * storage in a temporary directory; optionally with TLS from a certificate generated here by openssl
 * and htpasswd basic auth. Images are pushed into it through its own HTTP API (monolithic uploads).
 */
final class LocalRegistry implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Path dir;
    private final int port;
    private final boolean tls;
    private final String user;
    private final String password;
    private final HttpClient http;
    private Process process;

    private LocalRegistry(Path dir, int port, boolean tls, String user, String password) throws Exception {
        this.dir = dir;
        this.port = port;
        this.tls = tls;
        this.user = user;
        this.password = password;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10));
        if (tls) {
            b.sslContext(trusting(caFile()));
        }
        this.http = b.build();
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Plain HTTP, anonymous: the registry as `hostvirt pull --tls-verify=false` meets it. */
    static LocalRegistry plain(Path dir) throws Exception {
        LocalRegistry r = new LocalRegistry(dir, freePort(), false, null, null);
        r.writeConfig();
        r.start();
        return r;
    }

    /** TLS (certificate for IP 127.0.0.1 made here) and htpasswd basic auth (bcrypt, via htpasswd -B). */
    static LocalRegistry tlsWithBasicAuth(Path dir, String user, String password) throws Exception {
        Files.createDirectories(dir);
        exec(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"));
        exec(List.of("htpasswd", "-Bbc", dir.resolve("htpasswd").toString(), user, password));
        LocalRegistry r = new LocalRegistry(dir, freePort(), true, user, password);
        r.writeConfig();
        r.start();
        return r;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    Path caFile() {
        return dir.resolve("cert.pem");
    }

    private void writeConfig() throws IOException {
        Files.createDirectories(dir.resolve("storage"));
        StringBuilder y = new StringBuilder();
        y.append("version: 0.1\n");
        y.append("log:\n  level: error\n  accesslog:\n    disabled: true\n");
        y.append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("storage")).append('\n');
        y.append("  delete:\n    enabled: true\n");
        y.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
        y.append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
        y.append("  secret: hostvirt-test-secret\n");
        if (tls) {
            y.append("  tls:\n    certificate: ").append(dir.resolve("cert.pem")).append('\n');
            y.append("    key: ").append(dir.resolve("key.pem")).append('\n');
        }
        if (user != null) {
            y.append("auth:\n  htpasswd:\n    realm: hostvirt-test\n    path: ").append(dir.resolve("htpasswd")).append('\n');
        }
        Files.writeString(dir.resolve("config.yml"), y.toString());
    }

    /** Starts (or restarts, on the same port and storage) and waits until it accepts connections. */
    void start() throws Exception {
        process = new ProcessBuilder(BINARY.toString(), "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("docker-registry did not listen on " + address());
    }

    /** Kills the registry at once, as a crash or a pulled cable would. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void push(String repository, String tag, TestImages.Image image) throws Exception {
        for (TestImages.Blob b : image.blobs()) {
            putBlob(repository, b);
        }
        putManifest(repository, tag, image.manifest());
    }

    void push(String repository, String tag, TestImages.Index index) throws Exception {
        for (TestImages.Image image : index.images()) {
            push(repository, image.manifest().digest().toString(), image);
        }
        putManifest(repository, tag, index.index());
    }

    void putBlob(String repository, TestImages.Blob blob) throws Exception {
        HttpResponse<String> start = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        expect(start, 202);
        String location = start.headers().firstValue("Location").orElseThrow();
        URI upload = uri("/v2/").resolve(location);
        String sep = upload.getQuery() == null ? "?" : "&";
        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(upload + sep + "digest=" + blob.digest()))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob.bytes())));
        expect(put, 201);
    }

    void putManifest(String repository, String reference, TestImages.Blob manifest) throws Exception {
        HttpResponse<String> put = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", manifest.mediaType())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.bytes())));
        expect(put, 201);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create((tls ? "https://" : "http://") + address() + path);
    }

    private static void expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.uri() + " -> " + r.statusCode() + ": " + r.body());
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (var in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void exec(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(argv.get(0) + " failed: " + out);
        }
    }
}
