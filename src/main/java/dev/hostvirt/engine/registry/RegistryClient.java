package dev.hostvirt.engine.registry;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The distribution-spec pull API of one registry: the {@code /v2/} version check (which also tells
 * how to authenticate), bearer tokens from the {@code WWW-Authenticate} challenge (distribution
 * docs/spec/auth/token.md) or basic auth, manifests by tag or digest, and blobs as streams,
 * following redirects without ever carrying credentials to another host.
 *
 * <p>One client serves one pull (or login): tokens live as long as it does. Thread-safe, so that
 * several blobs download at once.
 */
public final class RegistryClient {
    /** containerd's limit on a manifest body; a registry sending more is broken or hostile. */
    static final int MAX_MANIFEST_BYTES = 4 << 20;
    private static final int MAX_REDIRECTS = 10;
    private static final Duration SHORT = Duration.ofSeconds(30);
    private static final Duration BLOB_READ = Duration.ofMinutes(2);

    private final String registry;
    private final String apiHost;
    private final RegistryOptions options;
    private final Optional<Credentials> credentials;
    private final HttpTransport http;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private volatile String base;
    private volatile AuthChallenge challenge;

    /** A manifest body with its computed digest and the Content-Type it was served with. */
    public record FetchedManifest(byte[] body, String contentType, Digest digest) {
    }

    /** An open blob response: read it, then close it. {@code length} is -1 when not announced. */
    /** A blob's bytes from {@code offset} on: 0 unless the registry honoured a Range request. */
    public record BlobStream(InputStream body, long length, long offset) {
    }

    public RegistryClient(String registry, String apiHost, RegistryOptions options, Optional<Credentials> credentials) {
        this.registry = registry;
        this.apiHost = apiHost;
        this.options = options;
        this.credentials = credentials;
        boolean insecure = options.insecure(registry);
        this.http = new HttpTransport(insecure ? TlsContexts::trustingAll : () -> TlsContexts.verifying(options.caBundle(), options.certDir()),
                !insecure, SHORT);
    }

    public String registry() {
        return registry;
    }

    /** GET a manifest by tag or digest, verified against the digest asked for or announced. */
    public FetchedManifest manifest(String repository, String reference) {
        // A digest follows the name with '@', a tag with ':' (as the user wrote it).
        Text what = Text.of("pull.what.manifest", repository + (reference.contains(":") ? "@" : ":") + reference);
        byte[] body;
        HttpTransport.Response resp = follow(uri("/v2/" + repository + "/manifests/" + reference),
                Map.of("Accept", String.join(", ", MediaTypes.ACCEPTED)), repository, SHORT, what);
        try (resp) {
            if (resp.status() != 200) {
                throw statusError(resp.status(), resp.body(), what);
            }
            body = resp.body().readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw unreachable(e);
        }
        if (body.length > MAX_MANIFEST_BYTES) {
            throw new HostvirtException(Text.of("pull.error.tooLarge", what, registry), 125);
        }
        Digest actual = Digest.sha256(sha256(body));
        Digest expected = null;
        if (reference.contains(":")) {
            expected = Digest.parse(reference);
        } else {
            String announced = resp.header("Docker-Content-Digest").orElse(null);
            if (announced != null && announced.startsWith("sha256:")) {
                expected = Digest.parse(announced);
            }
        }
        if (expected != null) {
            Digest got = expected.algorithm().equals("sha256") ? actual : digestOf(expected, body);
            if (!expected.equals(got)) {
                throw new HostvirtException(Text.of("pull.error.digestMismatch", what, registry, expected, got), 125);
            }
        }
        return new FetchedManifest(body, resp.header("Content-Type").orElse(""), actual);
    }

    /** Opens a blob; follows redirects (object storage), sending credentials only to the registry. */
    public BlobStream blob(String repository, Digest digest) {
        return blob(repository, digest, 0);
    }

    /**
     * The blob from byte {@code offset} on, asked with a Range header (RFC 9110) when offset > 0, as
     * the distribution spec allows; the answer says where it really starts: a registry or storage
     * back end that ignores Range answers 200 with the whole blob (offset 0). The header goes along
     * on redirects, which storage back ends (S3 and the like) also honour.
     */
    public BlobStream blob(String repository, Digest digest, long offset) {
        Map<String, String> headers = offset > 0 ? Map.of("Range", "bytes=" + offset + "-") : Map.of();
        Text what = Text.of("pull.what.blob", digest);
        HttpTransport.Response resp = follow(uri("/v2/" + repository + "/blobs/" + digest), headers, repository, BLOB_READ, what);
        int status = resp.status();
        if (status == 200) {
            return new BlobStream(resp.body(), resp.contentLength(), 0);
        }
        if (status == 206 && offset > 0 && rangeStart(resp.header("Content-Range").orElse("")) == offset) {
            return new BlobStream(resp.body(), resp.contentLength(), offset);
        }
        try (resp) {
            if (offset > 0 && (status == 206 || status == 416)) {
                // A range we did not ask for, or one the blob does not have (the kept bytes are longer
                // than it): ask for the whole blob instead.
                return blob(repository, digest, 0);
            }
            throw statusError(status, resp.body(), what);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /**
     * GETs {@code target}, following redirects (object storage for blobs, a CDN or another host name
     * for manifests, as skopeo and podman do) up to the {@link #MAX_REDIRECTS} hops of Go's HTTP
     * client, which podman's stops at. Credentials go only to the registry's own host and port: a
     * redirect elsewhere is followed without them. Returns the first answer that is not a redirect.
     */
    private HttpTransport.Response follow(URI target, Map<String, String> headers, String repository, Duration readTimeout, Text what) {
        String registryAuthority = URI.create(base).getAuthority();
        Set<URI> visited = new HashSet<>();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (!visited.add(target)) {
                throw new HostvirtException(Text.of("pull.error.redirect.loop", registry, what), 125);
            }
            boolean sameHost = registryAuthority.equalsIgnoreCase(target.getAuthority());
            HttpTransport.Response resp = sameHost ? send(target, headers, repository, readTimeout) : sendPlain(target, headers, readTimeout);
            Optional<String> location = resp.header("Location");
            if (resp.status() < 300 || resp.status() >= 400 || location.isEmpty()) {
                return resp;
            }
            closeQuietly(resp);
            try {
                target = target.resolve(location.get());
            } catch (IllegalArgumentException badLocation) {
                throw new HostvirtException(Text.of("pull.error.redirect.invalid", registry, what), 125);
            }
            if (!"https".equals(target.getScheme()) && !"http".equals(target.getScheme())) {
                throw new HostvirtException(Text.of("pull.error.redirect.unsupported", registry, what), 125);
            }
        }
        throw new HostvirtException(Text.of("pull.error.redirect.tooMany", registry, what, MAX_REDIRECTS), 125);
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
            throw new HostvirtException(Text.of("pull.error.noCredentials", registry), 125);
        }
        if (c.scheme().equals("bearer")) {
            fetchToken(c, null);
            return;
        }
        try (HttpTransport.Response resp = sendPlain(URI.create(base + "/v2/"), Map.of("Authorization", basic(credentials.get())), SHORT)) {
            if (resp.status() != 200) {
                throw authFailed(resp.status(), resp.body());
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private HttpTransport.Response send(URI target, Map<String, String> headers, String repository, Duration readTimeout) {
        ensureBase();
        String scope = "repository:" + repository + ":pull";
        for (int attempt = 0; ; attempt++) {
            Map<String, String> h = new HashMap<>(headers);
            String auth = authorization(scope);
            if (auth != null) {
                h.put("Authorization", auth);
            }
            HttpTransport.Response resp = sendPlain(target, h, readTimeout);
            if (resp.status() != 401 || attempt > 0) {
                if (resp.status() == 401 || resp.status() == 403) {
                    try (resp) {
                        throw authFailed(resp.status(), resp.body());
                    } catch (IOException e) {
                        throw unreachable(e);
                    }
                }
                return resp;
            }
            closeQuietly(resp);
            // A 401 after the version check: a token expired, or the registry challenges per repository.
            AuthChallenge fresh = AuthChallenge.parse(resp.header("WWW-Authenticate").orElse(null)).orElse(null);
            if (fresh == null) {
                throw authFailed(401, null);
            }
            challenge = fresh;
            // Only forget the token this request used: another download may already have replaced it.
            if (auth != null && auth.startsWith("Bearer ")) {
                tokens.remove(fresh.param("scope").isEmpty() ? scope : fresh.param("scope"), auth.substring("Bearer ".length()));
            }
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
        throw new HostvirtException(Text.of("pull.error.authScheme", registry, c.scheme()), 125);
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
            throw new HostvirtException(Text.of("pull.error.tokenService", registry, realm), 125);
        }
        StringBuilder query = new StringBuilder();
        if (!c.param("service").isEmpty()) {
            query.append("service=").append(URLEncoder.encode(c.param("service"), StandardCharsets.UTF_8));
        }
        if (scope != null) {
            query.append(query.length() > 0 ? "&" : "").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        String sep = realm.contains("?") ? "&" : "?";
        Map<String, String> headers = new HashMap<>();
        // Credentials travel to the token service only over TLS, unless the user marked this registry insecure.
        if (credentials.isPresent() && ("https".equals(realmUri.getScheme()) || options.insecure(registry))) {
            headers.put("Authorization", basic(credentials.get()));
        }
        try (HttpTransport.Response resp = sendPlain(URI.create(query.length() == 0 ? realm : realm + sep + query), headers, SHORT)) {
            if (resp.status() != 200) {
                throw authFailed(resp.status(), resp.body());
            }
            Map<String, Object> body = JsonValues.object(JsonValues.parse(resp.body().readNBytes(1 << 20)));
            String token = JsonValues.string(body, "token", "");
            if (token.isEmpty()) {
                token = JsonValues.string(body, "access_token", "");
            }
            if (token.isEmpty()) {
                throw new HostvirtException(Text.of("pull.error.noToken", registry), 125);
            }
            return token;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /**
     * The version check: picks the scheme and the auth scheme. HTTPS only, unless the registry is
     * insecure, where HTTPS is still preferred (docker's and podman's insecure registries fall back to
     * HTTP only when HTTPS fails). With an explicit port both schemes would reach the same socket,
     * which speaks one protocol: so when plain HTTP gets a registry answer there, HTTPS cannot work
     * and is not tried (saving the TLS set-up, a third of a cold pull's start). Without a port they
     * are different sockets (443, 80), so both are tried at once and HTTPS wins when it answers.
     */
    private synchronized void ensureBase() {
        if (base != null) {
            return;
        }
        String https = "https://" + apiHost;
        if (!options.insecure(registry)) {
            try {
                challenge = challengeOf(https, await(ping(https)));
            } catch (HostvirtException failed) {
                throw failed.getCause() instanceof SSLException tls && !(tls instanceof SSLHandshakeException) && speaksPlainHttp()
                        ? new HostvirtException(Text.of("pull.error.plainHttp", registry), 125, tls) : failed;
            }
            base = https;
            return;
        }
        String http = "http://" + apiHost;
        boolean explicitPort = apiHost.matches(".*:[0-9]+");
        CompletableFuture<Ping> secure = explicitPort ? null : ping(https);
        CompletableFuture<Ping> plain = ping(http);
        Ping plainAnswer;
        try {
            plainAnswer = await(plain);
        } catch (HostvirtException plainFailed) {
            challenge = challengeOf(https, await(secure != null ? secure : ping(https)));
            base = https;
            return;
        }
        if (!plainAnswer.isApiAnswer()) {
            // A TLS server answers HTTP with 400 ("client sent an HTTP request to an HTTPS server").
            challenge = challengeOf(https, await(secure != null ? secure : ping(https)));
            base = https;
            return;
        }
        if (secure != null) {
            try {
                Ping secureAnswer = secure.get(500, TimeUnit.MILLISECONDS);
                if (secureAnswer.isApiAnswer()) {
                    challenge = challengeOf(https, secureAnswer);
                    base = https;
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // HTTPS failed or hangs: plain HTTP it is, as the user allowed.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HostvirtException(Text.of("pull.error.interrupted"), 125, e);
            }
        }
        challenge = challengeOf(http, plainAnswer);
        base = http;
    }

    /** What the version check needs from a response. */
    private record Ping(int status, String wwwAuthenticate) {
        boolean isApiAnswer() {
            return status == 200 || status == 401;
        }
    }

    private CompletableFuture<Ping> ping(String root) {
        CompletableFuture<Ping> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (HttpTransport.Response r = http.get(URI.create(root + "/v2/"), Map.of(), Duration.ofSeconds(10))) {
                r.body().readNBytes(64 << 10);
                result.complete(new Ping(r.status(), r.header("WWW-Authenticate").orElse(null)));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "hostvirt-registry-ping");
        t.setDaemon(true);
        t.start();
        return result;
    }

    private Ping await(CompletableFuture<Ping> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw unreachable(io);
            }
            if (e.getCause() instanceof HostvirtException h) {
                throw h;
            }
            // Its words, never its class name (it printed "java.lang.RuntimeException: java.lang.IllegalArgumentException: ...").
            String why = e.getCause() == null || e.getCause().getMessage() == null ? ""
                    : e.getCause().getMessage().lines().findFirst().orElse("");
            throw new HostvirtException(Text.of("pull.error.connection", registry, why), 125, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostvirtException(Text.of("pull.error.interrupted"), 125, e);
        }
    }

    /**
     * Whether the registry answers plain HTTP where HTTPS failed before any handshake: a server that
     * is not TLS at all, which the JDK reports only in English words (an SSLException). Asked only
     * after that failure; a TLS server answers plain HTTP with 400, which is no registry answer.
     */
    private boolean speaksPlainHttp() {
        try (HttpTransport.Response r = http.get(URI.create("http://" + apiHost + "/v2/"), Map.of(), Duration.ofSeconds(5))) {
            return new Ping(r.status(), null).isApiAnswer();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private AuthChallenge challengeOf(String root, Ping ping) {
        if (ping.status() == 401) {
            return AuthChallenge.parse(ping.wwwAuthenticate())
                    .orElseThrow(() -> new HostvirtException(Text.of("pull.error.noChallenge", registry), 125));
        }
        if (ping.status() != 200) {
            throw new HostvirtException(Text.of("pull.error.notV2", registry, root, ping.status()), 125);
        }
        return null;
    }

    private HttpTransport.Response sendPlain(URI target, Map<String, String> headers, Duration readTimeout) {
        try {
            return http.get(target, headers, readTimeout);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private URI uri(String path) {
        ensureBase();
        return URI.create(base + path);
    }

    HostvirtException unreachable(IOException e) {
        if (e instanceof UnknownHostException) {
            return new HostvirtException(Text.of("pull.error.unknownHost", registry, URI.create("https://" + apiHost).getHost()), 125, e);
        }
        if (e instanceof SSLException && !options.insecure(registry) && untrustedCertificate(e)) {
            return new HostvirtException(Text.of("pull.error.tls.untrusted", registry), 125, e);
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SSLException && !options.insecure(registry)) {
            return new HostvirtException(Text.of("pull.error.tls", registry, why), 125, e);
        }
        if (e instanceof ConnectException || e instanceof SocketTimeoutException) {
            return new HostvirtException(Text.of("pull.error.unreachable", registry, why.toLowerCase(Locale.ROOT)), 125, e);
        }
        return new HostvirtException(Text.of("pull.error.connection", registry, why), 125, e);
    }

    /** A certificate chain that leads to no trusted CA, or fails validation: told by the causes' types, not their texts. */
    private static boolean untrustedCertificate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return true;
            }
        }
        return false;
    }

    private HostvirtException authFailed(int status, InputStream body) {
        String detail = body == null ? "" : registryError(body);
        Text who = credentials.map(c -> Text.of("pull.auth.as", c.username())).orElse(Text.of("pull.auth.anonymously"));
        Text hint = credentials.isPresent() ? Text.of("pull.auth.hint.check", registry) : Text.of("pull.auth.hint.login", registry);
        return new HostvirtException(Text.of(status == 403 ? "pull.error.accessDenied" : "pull.error.authFailed",
                registry, who, status, detail.isEmpty() ? "" : ": " + detail, hint), 125);
    }

    private HostvirtException statusError(int status, InputStream body, Text what) {
        String detail = registryError(body);
        if (status == 404) {
            return new HostvirtException(Text.of("pull.error.notFound", what, registry, detail.isEmpty() ? "" : " (" + detail + ")"), 125);
        }
        return new HostvirtException(Text.of("pull.error.httpStatus", registry, status, what, detail.isEmpty() ? "" : ": " + detail), 125);
    }

    /** The first entry of a distribution-spec error body: {@code {"errors":[{"code","message"}]}}. */
    private String registryError(InputStream body) {
        try {
            List<Object> errors = JsonValues.array(JsonValues.object(JsonValues.parse(body.readNBytes(64 << 10))), "errors");
            if (!errors.isEmpty()) {
                Map<String, Object> first = JsonValues.object(errors.get(0));
                return (JsonValues.string(first, "code", "") + " " + JsonValues.string(first, "message", "")).trim();
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON: the status alone says enough.
        }
        return "";
    }

    private static String basic(Credentials c) {
        return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
    }

    private static void closeQuietly(HttpTransport.Response resp) {
        try {
            resp.close();
        } catch (IOException ignored) {
            // Discarding a body we no longer need.
        }
    }

    /** The body's digest in the algorithm of {@code like} (a manifest may be pulled by sha512). */
    private static Digest digestOf(Digest like, byte[] body) {
        try {
            byte[] raw = MessageDigest.getInstance(like.javaAlgorithm()).digest(body);
            StringBuilder hex = new StringBuilder(raw.length * 2);
            for (byte b : raw) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return new Digest(like.algorithm(), hex.toString());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The first byte of a "bytes FIRST-LAST/TOTAL" Content-Range, or -1. */
    static long rangeStart(String contentRange) {
        String v = contentRange.trim();
        if (!v.startsWith("bytes ")) {
            return -1;
        }
        int dash = v.indexOf('-', 6);
        try {
            return dash < 0 ? -1 : Long.parseLong(v.substring(6, dash).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
