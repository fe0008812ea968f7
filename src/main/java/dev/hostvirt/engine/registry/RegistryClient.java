package dev.hostvirt.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.store.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The distribution-spec pull API of one registry over {@code java.net.http}: the {@code /v2/} version
 * check (which also tells how to authenticate), bearer tokens from the {@code WWW-Authenticate}
 * challenge (distribution docs/spec/auth/token.md) or basic auth, manifests by tag or digest, and
 * blobs as streams, following redirects without ever carrying credentials to another host.
 *
 * <p>One client serves one pull (or login): tokens live as long as it does. Thread-safe, so that
 * several blobs download at once.
 */
public final class RegistryClient {
    /** containerd's limit on a manifest body; a registry sending more is broken or hostile. */
    static final int MAX_MANIFEST_BYTES = 4 << 20;
    private static final int MAX_REDIRECTS = 5;
    private static final String USER_AGENT = "hostvirt";

    private final String registry;
    private final String apiHost;
    private final RegistryOptions options;
    private final Optional<Credentials> credentials;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private volatile String base;
    private volatile AuthChallenge challenge;

    /** A manifest body with its computed digest and the Content-Type it was served with. */
    public record FetchedManifest(byte[] body, String contentType, Digest digest) {
    }

    /** An open blob response: read it, then close it. {@code length} is -1 when not announced. */
    public record BlobStream(InputStream body, long length) {
    }

    public RegistryClient(String registry, String apiHost, RegistryOptions options, Optional<Credentials> credentials) {
        this.registry = registry;
        this.apiHost = apiHost;
        this.options = options;
        this.credentials = credentials;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(options.insecure(registry) ? TlsContexts.trustingAll()
                        : TlsContexts.verifying(options.caBundle(), options.certDir()))
                .build();
    }

    public String registry() {
        return registry;
    }

    /** GET a manifest by tag or digest, verified against the digest asked for or announced. */
    public FetchedManifest manifest(String repository, String reference) {
        HttpRequest.Builder req = request(uri("/v2/" + repository + "/manifests/" + reference))
                .header("Accept", String.join(", ", MediaTypes.ACCEPTED));
        HttpResponse<InputStream> resp = send(req, repository, BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) {
                throw statusError(resp.statusCode(), in, "manifest " + repository + ":" + reference);
            }
            body = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw unreachable(e);
        }
        if (body.length > MAX_MANIFEST_BYTES) {
            throw new HostvirtException("the manifest of " + repository + ":" + reference + " from " + registry
                    + " is larger than 4 MiB; refusing it", 125);
        }
        Digest actual = Digest.sha256(sha256(body));
        Digest expected = null;
        if (reference.contains(":")) {
            expected = Digest.parse(reference);
        } else {
            String announced = resp.headers().firstValue("Docker-Content-Digest").orElse(null);
            if (announced != null && announced.startsWith("sha256:")) {
                expected = Digest.parse(announced);
            }
        }
        if (expected != null && expected.algorithm().equals("sha256") && !expected.equals(actual)) {
            throw new HostvirtException("the manifest " + repository + ":" + reference + " from " + registry
                    + " does not match its digest: expected " + expected + ", got " + actual, 125);
        }
        return new FetchedManifest(body, resp.headers().firstValue("Content-Type").orElse(""), actual);
    }

    /** Opens a blob; follows redirects (object storage), sending credentials only to the registry. */
    public BlobStream blob(String repository, Digest digest) {
        URI target = uri("/v2/" + repository + "/blobs/" + digest);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            boolean sameHost = target.getAuthority() != null && target.getAuthority().equalsIgnoreCase(URI.create(base).getAuthority());
            HttpRequest.Builder req = request(target);
            HttpResponse<InputStream> resp = sameHost ? send(req, repository, BodyHandlers.ofInputStream())
                    : sendPlain(req.build(), BodyHandlers.ofInputStream());
            int status = resp.statusCode();
            if (status == 200) {
                long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
                return new BlobStream(resp.body(), length);
            }
            try (InputStream in = resp.body()) {
                if (status >= 300 && status < 400 && resp.headers().firstValue("Location").isPresent()) {
                    target = target.resolve(resp.headers().firstValue("Location").get());
                    if (!"https".equals(target.getScheme()) && !"http".equals(target.getScheme())) {
                        throw new HostvirtException("registry " + registry + " redirected blob " + digest + " to an unsupported address", 125);
                    }
                    in.readNBytes(64 << 10);
                    continue;
                }
                throw statusError(status, in, "blob " + digest);
            } catch (IOException e) {
                throw unreachable(e);
            }
        }
        throw new HostvirtException("registry " + registry + " redirected blob " + digest + " more than " + MAX_REDIRECTS + " times", 125);
    }

    /**
     * Checks credentials the way {@code docker login} does: the version check, then a token (bearer)
     * or the version check again with the credentials (basic). Throws exit 125 when refused.
     */
    public void verifyLogin() {
        ensureBase();
        AuthChallenge c = challenge;
        if (c == null) {
            return;
        }
        if (credentials.isEmpty()) {
            throw new HostvirtException("no credentials given for " + registry, 125);
        }
        if (c.scheme().equals("bearer")) {
            fetchToken(c, null);
            return;
        }
        HttpResponse<InputStream> resp = sendPlain(request(uri("/v2/")).header("Authorization", basic(credentials.get())).build(),
                BodyHandlers.ofInputStream());
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) {
                throw authFailed(resp.statusCode(), in);
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder builder, String repository, BodyHandler<T> handler) {
        ensureBase();
        String scope = "repository:" + repository + ":pull";
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder b = builder.copy();
            String auth = authorization(scope);
            if (auth != null) {
                b.header("Authorization", auth);
            }
            HttpResponse<T> resp = sendPlain(b.build(), handler);
            if (resp.statusCode() != 401 || attempt > 0) {
                if (resp.statusCode() == 401 || resp.statusCode() == 403) {
                    throw authFailed(resp.statusCode(), resp.body() instanceof InputStream in ? in : null);
                }
                return resp;
            }
            closeQuietly(resp.body());
            // A 401 after the version check: a token expired, or the registry challenges per repository.
            AuthChallenge fresh = AuthChallenge.parse(resp.headers().firstValue("WWW-Authenticate").orElse(null)).orElse(null);
            if (fresh == null) {
                throw authFailed(401, null);
            }
            challenge = fresh;
            tokens.remove(scope);
        }
    }

    private String authorization(String scope) {
        AuthChallenge c = challenge;
        if (c == null) {
            return null;
        }
        if (c.scheme().equals("basic")) {
            return credentials.map(RegistryClient::basic).orElse(null);
        }
        if (c.scheme().equals("bearer")) {
            String wanted = c.param("scope").isEmpty() ? scope : c.param("scope");
            return "Bearer " + tokens.computeIfAbsent(wanted, s -> fetchToken(c, s));
        }
        throw new HostvirtException("registry " + registry + " asks for '" + c.scheme() + "' authentication, which hostvirt does not support", 125);
    }

    private String fetchToken(AuthChallenge c, String scope) {
        String realm = c.param("realm");
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            realmUri = null;
        }
        if (realmUri == null || !("https".equals(realmUri.getScheme()) || "http".equals(realmUri.getScheme()))) {
            throw new HostvirtException("registry " + registry + " named an invalid token service '" + realm + "'", 125);
        }
        StringBuilder query = new StringBuilder();
        if (!c.param("service").isEmpty()) {
            query.append("service=").append(URLEncoder.encode(c.param("service"), StandardCharsets.UTF_8));
        }
        if (scope != null) {
            query.append(query.length() > 0 ? "&" : "").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        String sep = realm.contains("?") ? "&" : "?";
        HttpRequest.Builder req = request(URI.create(query.length() == 0 ? realm : realm + sep + query));
        // Credentials travel to the token service only over TLS, unless the user marked this registry insecure.
        if (credentials.isPresent() && ("https".equals(realmUri.getScheme()) || options.insecure(registry))) {
            req.header("Authorization", basic(credentials.get()));
        }
        HttpResponse<InputStream> resp = sendPlain(req.build(), BodyHandlers.ofInputStream());
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) {
                throw authFailed(resp.statusCode(), in);
            }
            JsonNode body = json.readTree(in.readNBytes(1 << 20));
            String token = body.path("token").asText("");
            if (token.isEmpty()) {
                token = body.path("access_token").asText("");
            }
            if (token.isEmpty()) {
                throw new HostvirtException("the token service of " + registry + " answered without a token", 125);
            }
            return token;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /**
     * The version check: picks the scheme and the auth scheme. HTTPS only, unless the registry is
     * insecure: then HTTPS and HTTP are tried at once and HTTPS wins when it answers (as docker's
     * insecure-registries fall back to HTTP). Racing them matters because some plain-HTTP servers
     * never answer a TLS hello at all, which would cost a full timeout.
     */
    private synchronized void ensureBase() {
        if (base != null) {
            return;
        }
        String https = "https://" + apiHost;
        if (!options.insecure(registry)) {
            challenge = challengeOf(https, await(ping(https)));
            base = https;
            return;
        }
        String http = "http://" + apiHost;
        CompletableFuture<HttpResponse<Void>> secure = ping(https);
        CompletableFuture<HttpResponse<Void>> plain = ping(http);
        HttpResponse<Void> plainAnswer = null;
        try {
            plainAnswer = await(plain);
        } catch (HostvirtException plainFailed) {
            challenge = challengeOf(https, await(secure));
            base = https;
            return;
        }
        if (!isApiAnswer(plainAnswer)) {
            // A TLS server answers HTTP with 400 ("client sent an HTTP request to an HTTPS server").
            challenge = challengeOf(https, await(secure));
            base = https;
            return;
        }
        try {
            HttpResponse<Void> secureAnswer = secure.get(500, TimeUnit.MILLISECONDS);
            if (isApiAnswer(secureAnswer)) {
                challenge = challengeOf(https, secureAnswer);
                base = https;
                return;
            }
        } catch (ExecutionException | TimeoutException e) {
            secure.cancel(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostvirtException("pull interrupted", 125, e);
        }
        challenge = challengeOf(http, plainAnswer);
        base = http;
    }

    private static boolean isApiAnswer(HttpResponse<Void> r) {
        return r.statusCode() == 200 || r.statusCode() == 401;
    }

    private CompletableFuture<HttpResponse<Void>> ping(String root) {
        return http.sendAsync(request(URI.create(root + "/v2/")).timeout(Duration.ofSeconds(30)).build(), BodyHandlers.discarding());
    }

    private HttpResponse<Void> await(CompletableFuture<HttpResponse<Void>> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw unreachable(io);
            }
            throw new HostvirtException("connection to registry " + registry + " failed: " + e.getCause(), 125, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostvirtException("pull interrupted", 125, e);
        }
    }

    private AuthChallenge challengeOf(String root, HttpResponse<Void> resp) {
        if (resp.statusCode() == 401) {
            return AuthChallenge.parse(resp.headers().firstValue("WWW-Authenticate").orElse(null))
                    .orElseThrow(() -> new HostvirtException("registry " + registry + " asks for authentication without saying how (no WWW-Authenticate)", 125));
        }
        if (resp.statusCode() != 200) {
            throw new HostvirtException("registry " + registry + " does not speak the registry API v2 (GET " + root + "/v2/ answered "
                    + resp.statusCode() + ")", 125);
        }
        return null;
    }

    private <T> HttpResponse<T> sendPlain(HttpRequest request, BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostvirtException("pull interrupted", 125, e);
        }
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("User-Agent", USER_AGENT).timeout(Duration.ofMinutes(10)).GET();
    }

    private URI uri(String path) {
        ensureBase();
        return URI.create(base + path);
    }

    HostvirtException unreachable(IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SSLException && !options.insecure(registry)) {
            return new HostvirtException("TLS verification of registry " + registry + " failed (" + why
                    + "); give its CA with --ca-bundle, or --tls-verify=false if you trust the network", 125, e);
        }
        if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
            return new HostvirtException("cannot reach registry " + registry + ": " + why.toLowerCase(Locale.ROOT), 125, e);
        }
        return new HostvirtException("connection to registry " + registry + " failed: " + why, 125, e);
    }

    private HostvirtException authFailed(int status, InputStream body) {
        String detail = body == null ? "" : registryError(body);
        String who = credentials.map(c -> " as " + c.username()).orElse(" anonymously");
        String hint = credentials.isPresent() ? "check the user name and password ('hostvirt login " + registry + "')"
                : "log in first with 'hostvirt login " + registry + "'";
        String what = status == 403 ? "access denied by registry " : "authentication to registry ";
        return new HostvirtException(what + registry + (status == 403 ? "" : " failed") + who + " (HTTP " + status + ")"
                + (detail.isEmpty() ? "" : ": " + detail) + "; " + hint, 125);
    }

    private HostvirtException statusError(int status, InputStream body, String what) {
        String detail = registryError(body);
        if (status == 404) {
            return new HostvirtException(what + " not found in registry " + registry + (detail.isEmpty() ? "" : " (" + detail + ")"), 125);
        }
        return new HostvirtException("registry " + registry + " answered HTTP " + status + " for " + what
                + (detail.isEmpty() ? "" : ": " + detail), 125);
    }

    /** The first entry of a distribution-spec error body: {@code {"errors":[{"code","message"}]}}. */
    private String registryError(InputStream body) {
        try {
            JsonNode errors = json.readTree(body.readNBytes(64 << 10)).path("errors");
            if (errors.isArray() && errors.size() > 0) {
                JsonNode first = errors.get(0);
                return (first.path("code").asText("") + " " + first.path("message").asText("")).trim();
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON: the status alone says enough.
        }
        return "";
    }

    private static String basic(Credentials c) {
        return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
    }

    private static void closeQuietly(Object body) {
        if (body instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Discarding a body we no longer need.
            }
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
