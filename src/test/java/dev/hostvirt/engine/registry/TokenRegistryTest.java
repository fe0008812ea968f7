package dev.hostvirt.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hostvirt.HostvirtException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bearer-token flow of the distribution auth spec against a small registry served by the test
 * on 127.0.0.1 (Debian's registry cannot issue tokens without a separate token server): challenge,
 * token request with service and scope, retry with the token; blob redirects to another host; and
 * registries that lie about digests and sizes.
 */
class TokenRegistryTest {
    @TempDir
    Path tmp;
    HttpServer registry;
    HttpServer storage;
    final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    final Map<String, byte[]> blobs = new HashMap<>();
    final Map<String, TestImages.Blob> manifests = new HashMap<>();
    final List<String> tokenQueries = Collections.synchronizedList(new ArrayList<>());
    final List<String> storageAuthHeaders = Collections.synchronizedList(new ArrayList<>());
    volatile boolean redirectBlobs;
    volatile String redirectTo;
    /** How manifest requests are redirected: "storage" (another host), "self" (a loop), "chain" (endless new URLs). */
    volatile String redirectManifests;
    /** How many blob responses still get cut after half their bytes (the server "crashes" mid-blob). */
    final java.util.concurrent.atomic.AtomicInteger cutResponses = new java.util.concurrent.atomic.AtomicInteger();
    volatile String announcedDigest;
    volatile int extraBytes;
    /** When set, tokens expire after serving one manifest, as short-lived registry tokens do mid-pull. */
    volatile boolean expireAfterManifest;
    final java.util.concurrent.atomic.AtomicInteger issued = new java.util.concurrent.atomic.AtomicInteger();
    volatile String valid = "";
    TestImages.Image image;

    @BeforeEach
    void start() throws IOException {
        TestImages.Blob layer = new TestImages.Blob("application/vnd.oci.image.layer.v1.tar", "pretend tar".repeat(100).getBytes());
        image = TestImages.image("amd64", "", List.of(layer), List.of(layer.bytes()));
        for (TestImages.Blob b : image.blobs()) {
            blobs.put(b.digest().toString(), b.bytes());
        }
        manifests.put("team/app:1", image.manifest());

        storage = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        storage.createContext("/", ex -> {
            storageAuthHeaders.add(ex.getRequestHeaders().getFirst("Authorization") == null ? "none" : "present");
            String digest = ex.getRequestURI().getPath().substring("/blob/".length());
            reply(ex, 200, blobs.get(digest), null);
        });
        storage.createContext("/manifest/", ex -> {
            storageAuthHeaders.add(ex.getRequestHeaders().getFirst("Authorization") == null ? "none" : "present");
            TestImages.Blob m = manifests.get("team/app:" + ex.getRequestURI().getPath().substring("/manifest/".length()));
            ex.getResponseHeaders().add("Docker-Content-Digest", m.digest().toString());
            reply(ex, 200, m.bytes(), m.mediaType());
        });
        storage.setExecutor(pool);
        storage.start();

        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/token", this::token);
        registry.createContext("/v2/", this::api);
        // Several threads: the client's HTTPS probe of this plain-HTTP server holds one connection open.
        registry.setExecutor(pool);
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.stop(0);
        storage.stop(0);
        pool.shutdownNow();
    }

    private String address() {
        return "127.0.0.1:" + registry.getAddress().getPort();
    }

    private void token(HttpExchange ex) throws IOException {
        String query = URLDecoder.decode(Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse(""), StandardCharsets.UTF_8);
        tokenQueries.add(query);
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            reply(ex, 200, "{\"token\":\"anonymous\"}".getBytes(), null);
            return;
        }
        String basic = new String(Base64.getDecoder().decode(auth.substring("Basic ".length())), StandardCharsets.UTF_8);
        if (!basic.equals("bob:hunter2")) {
            reply(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}".getBytes(), null);
            return;
        }
        String scope = query.replaceFirst(".*scope=", "");
        String token = "granted " + scope + (expireAfterManifest ? " #" + issued.incrementAndGet() : "");
        valid = token;
        reply(ex, 200, ("{\"access_token\":\"" + token + "\",\"expires_in\":300}").getBytes(), null);
    }

    private void api(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String challenge = "Bearer realm=\"http://" + address() + "/token\",service=\"fake-registry\"";
        if (path.equals("/v2/")) {
            ex.getResponseHeaders().add("WWW-Authenticate", challenge);
            reply(ex, 401, "{}".getBytes(), null);
            return;
        }
        String accepted = expireAfterManifest ? "Bearer " + valid : "Bearer granted repository:team/app:pull";
        if (!accepted.equals(auth)) {
            ex.getResponseHeaders().add("WWW-Authenticate", challenge + ",scope=\"repository:team/app:pull\"");
            reply(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}".getBytes(), null);
            return;
        }
        if (path.startsWith("/v2/team/app/manifests/") && redirectManifests != null) {
            String ref = path.substring("/v2/team/app/manifests/".length());
            String query = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("hop=0");
            String location = switch (redirectManifests) {
                case "storage" -> "http://localhost:" + storage.getAddress().getPort() + "/manifest/" + ref;
                case "self" -> path;
                default -> path + "?hop=" + (Integer.parseInt(query.substring("hop=".length())) + 1);
            };
            ex.getResponseHeaders().add("Location", location);
            reply(ex, 307, new byte[0], null);
            return;
        }
        if (path.startsWith("/v2/team/app/manifests/")) {
            TestImages.Blob m = manifests.get("team/app:" + path.substring("/v2/team/app/manifests/".length()));
            if (m == null) {
                reply(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes(), null);
                return;
            }
            ex.getResponseHeaders().add("Docker-Content-Digest", announcedDigest != null ? announcedDigest : m.digest().toString());
            if (expireAfterManifest) {
                valid = "expired";
            }
            reply(ex, 200, m.bytes(), m.mediaType());
            return;
        }
        if (path.startsWith("/v2/team/app/blobs/")) {
            String digest = path.substring("/v2/team/app/blobs/".length());
            if (redirectTo != null) {
                ex.getResponseHeaders().add("Location", redirectTo);
                reply(ex, 307, new byte[0], null);
                return;
            }
            if (redirectBlobs) {
                // Another host name for the same machine: credentials must not follow the redirect.
                ex.getResponseHeaders().add("Location", "http://localhost:" + storage.getAddress().getPort() + "/blob/" + digest);
                reply(ex, 307, new byte[0], null);
                return;
            }
            byte[] body = blobs.get(digest);
            if (body.length > 100 && cutResponses.getAndDecrement() > 0) {
                ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body, 0, body.length / 2);
                ex.getResponseBody().flush();
                // Drop the connection without the rest: the client sees the body end early.
                ex.close();
                return;
            }
            if (extraBytes > 0) {
                byte[] longer = new byte[body.length + extraBytes];
                System.arraycopy(body, 0, longer, 0, body.length);
                body = longer;
            }
            reply(ex, 200, body, "application/octet-stream");
            return;
        }
        reply(ex, 404, new byte[0], null);
    }

    private static void reply(HttpExchange ex, int status, byte[] body, String type) throws IOException {
        if (type != null) {
            ex.getResponseHeaders().add("Content-Type", type);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    private PulledImage pull(Credentials credentials) {
        RegistryOptions options = new RegistryOptions(true, java.util.Set.of(address()), null, null, Optional.ofNullable(credentials), 2);
        return new ImagePuller(new TempDirContentStore(tmp.resolve("store")), i -> { }, options, r -> Optional.empty(), PullListener.NONE)
                .pull(ImageReference.parse(address() + "/team/app:1"), Platform.parse("linux/amd64"));
    }

    @Test
    void getsABearerTokenForTheRepositoryScopeWithBasicCredentials() {
        assertEquals(image.manifest().digest(), pull(new Credentials("bob", "hunter2")).manifestDigest());
        assertTrue(tokenQueries.contains("service=fake-registry&scope=repository:team/app:pull"), tokenQueries.toString());
        assertEquals(1, tokenQueries.size(), "one token serves the manifest and every blob: " + tokenQueries);
    }

    @Test
    void aTokenThatExpiresMidPullIsRenewedOnce() {
        expireAfterManifest = true;
        assertEquals(image.manifest().digest(), pull(new Credentials("bob", "hunter2")).manifestDigest());
        assertEquals(2, issued.get(), "one token for the manifest, one renewed for the blobs: " + tokenQueries);
    }

    @Test
    void aBlobCutMidwayIsRetriedAndStoredWhole() throws Exception {
        cutResponses.set(1);
        RecordingListener events = new RecordingListener();
        RegistryOptions options = new RegistryOptions(true, java.util.Set.of(address()), null, null,
                Optional.of(new Credentials("bob", "hunter2")), 2);
        TempDirContentStore store = new TempDirContentStore(tmp.resolve("store"));
        new ImagePuller(store, i -> { }, options, r -> Optional.empty(), events)
                .pull(ImageReference.parse(address() + "/team/app:1"), Platform.parse("linux/amd64"));
        assertEquals(1, events.warnings.size(), events.warnings.toString());
        assertTrue(events.warnings.get(0).startsWith("retrying sha256:"), events.warnings.toString());
        store.verifyAll();
        assertTrue(store.partials().isEmpty());
    }

    @Test
    void aBlobCutOnEveryAttemptFailsAfterThreeTries() {
        cutResponses.set(100);
        HostvirtException e = assertThrows(HostvirtException.class, () -> pull(new Credentials("bob", "hunter2")));
        assertEquals(125, e.exitCode());
        assertTrue(e.getMessage().endsWith("run the pull again to resume where it stopped"), e.getMessage());
        assertTrue(100 - cutResponses.get() >= 3, "the failing blob was tried three times: " + (100 - cutResponses.get()) + " cut responses");
    }

    @Test
    void anonymousTokensWithoutAccessFailClearly() {
        HostvirtException e = assertThrows(HostvirtException.class, () -> pull(null));
        assertEquals(125, e.exitCode());
        assertTrue(e.getMessage().startsWith("authentication to registry " + address() + " failed anonymously (HTTP 401): UNAUTHORIZED authentication required"),
                e.getMessage());
    }

    @Test
    void aTokenServiceRefusingTheCredentialsFailsClearly() {
        HostvirtException e = assertThrows(HostvirtException.class, () -> pull(new Credentials("bob", "wrong")));
        assertEquals(125, e.exitCode());
        assertTrue(e.getMessage().contains("failed as bob (HTTP 401): UNAUTHORIZED bad credentials"), e.getMessage());
    }

    @Test
    void blobRedirectsToAnotherHostCarryNoCredentials() {
        redirectBlobs = true;
        assertEquals(image.manifest().digest(), pull(new Credentials("bob", "hunter2")).manifestDigest());
        assertEquals(List.of("none", "none"), storageAuthHeaders, "config and layer came from storage without the token");
    }

    @Test
    void manifestRedirectsAreFollowedWithoutCredentialsToAnotherHost() {
        redirectManifests = "storage";
        assertEquals(image.manifest().digest(), pull(new Credentials("bob", "hunter2")).manifestDigest());
        assertEquals(List.of("none"), storageAuthHeaders, "the manifest came from the other host without the token");
    }

    @Test
    void aManifestRedirectLoopOrEndlessChainFailsClearly() {
        redirectManifests = "self";
        HostvirtException e = assertThrows(HostvirtException.class, () -> pull(new Credentials("bob", "hunter2")));
        assertEquals(125, e.exitCode());
        assertEquals("registry " + address() + " redirected the request for manifest team/app:1 in a loop", e.getMessage());
        assertEquals("el registro " + address() + " redirigió la petición de manifiesto team/app:1 en un bucle",
                e.message(dev.hostvirt.i18n.Messages.forLocale(dev.hostvirt.i18n.Messages.SPANISH)));
        redirectManifests = "chain";
        e = assertThrows(HostvirtException.class, () -> pull(new Credentials("bob", "hunter2")));
        assertEquals("registry " + address() + " redirected the request for manifest team/app:1 more than 10 times", e.getMessage());
    }

    @Test
    void badRedirectsAreRegistryErrorsNotCrashes() {
        redirectTo = "http://bad host/with space";
        HostvirtException e = assertThrows(HostvirtException.class, () -> pull(new Credentials("bob", "hunter2")));
        assertEquals(125, e.exitCode());
        assertTrue(e.getMessage().contains("to an invalid address"), e.getMessage());
        redirectTo = "file:///etc/passwd";
        e = assertThrows(HostvirtException.class, () -> pull(new Credentials("bob", "hunter2")));
        assertTrue(e.getMessage().contains("to an unsupported address"), e.getMessage());
    }

    @Test
    void aManifestWhoseAnnouncedDigestDiffersIsRefused() {
        announcedDigest = "sha256:" + "1".repeat(64);
        HostvirtException e = assertThrows(HostvirtException.class, () -> pull(new Credentials("bob", "hunter2")));
        assertEquals(125, e.exitCode());
        assertTrue(e.getMessage().contains("does not match its digest: expected sha256:" + "1".repeat(64) + ", got " + image.manifest().digest()),
                e.getMessage());
    }

    @Test
    void aManifestPulledBySha512IsVerifiedWithSha512() throws Exception {
        byte[] raw = java.security.MessageDigest.getInstance("SHA-512").digest(image.manifest().bytes());
        String sha512 = "sha512:" + java.util.HexFormat.of().formatHex(raw);
        manifests.put("team/app:" + sha512, image.manifest());
        RegistryOptions options = new RegistryOptions(true, java.util.Set.of(address()), null, null,
                Optional.of(new Credentials("bob", "hunter2")), 2);
        ImagePuller puller = new ImagePuller(new TempDirContentStore(tmp.resolve("store")), i -> { }, options, r -> Optional.empty(), PullListener.NONE);
        assertEquals(image.manifest().digest(), puller.pull(ImageReference.parse(address() + "/team/app@" + sha512), Platform.parse("linux/amd64")).manifestDigest());
        String wrong = "sha512:" + "0".repeat(128);
        manifests.put("team/app:" + wrong, image.manifest());
        HostvirtException e = assertThrows(HostvirtException.class,
                () -> puller.pull(ImageReference.parse(address() + "/team/app@" + wrong), Platform.parse("linux/amd64")));
        assertTrue(e.getMessage().contains("expected " + wrong + ", got " + sha512), e.getMessage());
    }

    @Test
    void aBlobLongerThanDeclaredIsCutOffAndNotStored() {
        extraBytes = 10;
        HostvirtException e = assertThrows(HostvirtException.class, () -> pull(new Credentials("bob", "hunter2")));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
        TempDirContentStore store = new TempDirContentStore(tmp.resolve("store"));
        for (TestImages.Blob b : image.blobs()) {
            assertFalse(store.has(b.digest()));
        }
    }

    @Test
    void anUnknownTagIsNotFound() {
        manifests.clear();
        HostvirtException e = assertThrows(HostvirtException.class, () -> pull(new Credentials("bob", "hunter2")));
        assertEquals("manifest team/app:1 not found in registry " + address() + " (MANIFEST_UNKNOWN manifest unknown)", e.getMessage());
        String digest = "sha256:" + "0".repeat(64);
        RegistryOptions options = new RegistryOptions(true, java.util.Set.of(address()), null, null, Optional.of(new Credentials("bob", "hunter2")), 2);
        e = assertThrows(HostvirtException.class, () -> new ImagePuller(new TempDirContentStore(tmp.resolve("store")), i -> { }, options,
                r -> Optional.empty(), PullListener.NONE).pull(ImageReference.parse(address() + "/team/app@" + digest), Platform.parse("linux/amd64")));
        assertEquals("manifest team/app@" + digest + " not found in registry " + address() + " (MANIFEST_UNKNOWN manifest unknown)", e.getMessage());
    }
}
