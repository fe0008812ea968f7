package dev.hostvirt.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.cli.CliEnvironment;
import dev.hostvirt.cli.CommandLineFactory;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.image.ImageRecord;
import dev.hostvirt.host.Host;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hostvirt pull}, {@code login} and {@code logout} end to end through the real command line,
 * against real registries on 127.0.0.1 (plain HTTP, and TLS with htpasswd). Lives beside the registry
 * test fixtures it reuses; it only touches the CLI's public surface.
 */
class PullCliTest {
    @TempDir
    static Path shared;
    static LocalRegistry plain;
    static LocalRegistry secure;
    static TestImages.Image single;
    static TestImages.Index multi;
    static TestImages.Image big;

    @TempDir
    Path tmp;
    Map<String, String> env;
    String out;
    String err;

    @BeforeAll
    static void start() throws Exception {
        if (!LocalRegistry.available()) {
            return; // every test then skips, with the reason, in needsTheRegistry()
        }
        Path scratch = Files.createDirectories(shared.resolve("scratch"));
        byte[] tar = TestImages.busyboxTar(scratch);
        byte[] motd = TestImages.tar(scratch, Map.of("etc/motd", "hi\n".getBytes()));
        TestImages.Blob gz = TestImages.gzipLayer(tar);
        single = TestImages.image("amd64", "", List.of(gz, TestImages.zstdLayer(scratch, motd)), List.of(tar, motd));
        TestImages.Image arm = TestImages.image("arm64", "v8", List.of(TestImages.zstdLayer(scratch, motd)), List.of(motd));
        multi = TestImages.index(MediaTypes.OCI_INDEX, List.of(TestImages.image("amd64", "", List.of(gz), List.of(tar)), arm),
                List.of(new String[] {"linux", "amd64"}, new String[] {"linux", "arm64", "v8"}));
        plain = LocalRegistry.plain(shared.resolve("plain"));
        plain.push("test/busybox", "1", single);
        plain.push("test/multi", "latest", multi);
        byte[] random1 = TestImages.randomTar(scratch, 12 << 20, 1);
        byte[] random2 = TestImages.randomTar(scratch, 12 << 20, 2);
        big = TestImages.image("amd64", "", List.of(TestImages.gzipLayer(random1), TestImages.plainLayer(random2), gz),
                List.of(random1, random2, tar));
        plain.push("test/big", "1", big);
        secure = LocalRegistry.tlsWithBasicAuth(shared.resolve("secure"), "carol", "pa55word");
        secure.push("private/busybox", "1", single);
    }

    @BeforeEach
    void needsTheRegistry() {
        assumeTrue(LocalRegistry.available(), "docker-registry is not installed (apt-get install docker-registry; CI installs it)");
    }

    @AfterAll
    static void stop() {
        if (plain != null) {
            plain.close();
        }
        if (secure != null) {
            secure.close();
        }
    }

    @BeforeEach
    void environment() {
        env = new HashMap<>();
        env.put("HOME", tmp.resolve("home").toString());
        env.put("HOSTVIRT_CONFIG_DIR", tmp.resolve("config").toString());
        env.put("HOSTVIRT_STATE_DIR", tmp.resolve("state").toString());
    }

    private int run(boolean terminal, Locale locale, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
        CliEnvironment cli = new CliEnvironment(new PrintWriter(o), new PrintWriter(e), env, locale, terminal,
                () -> { throw new AssertionError("pull must not probe the host"); }, clock, tmp);
        int code = CommandLineFactory.create(cli).execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    private int run(String... args) {
        return run(false, Locale.ENGLISH, args);
    }

    /** The engine's state directory the pulls go to (the same one run uses). */
    private Engine engine() {
        return Engine.open(tmp.resolve("state"));
    }

    @Test
    void pullPrintsOneLinePerLayerAndTheDigestOnStdout() throws Exception {
        assertEquals(0, run("pull", "--tls-verify=false", "--platform", "linux/amd64", plain.address() + "/test/busybox:1"), err);
        assertEquals(single.manifest().digest() + System.lineSeparator(), out);
        List<String> lines = err.lines().toList();
        assertEquals("Pulling " + plain.address() + "/test/busybox:1 for linux/amd64", lines.get(0));
        assertEquals(3, lines.stream().filter(l -> l.matches("[0-9a-f]{12}: pulled \\(.* in [0-9.]+ s\\)")).count(), err);
        assertEquals("Digest: " + single.manifest().digest(), lines.get(lines.size() - 1));
        assertFalse(err.contains("\u001b"), "no escape codes when not on a terminal");
        for (TestImages.Blob b : single.blobs()) {
            assertTrue(engine().blobs().has(b.digest()));
        }
        List<ImageRecord> images = engine().images().list();
        assertEquals(1, images.size(), images.toString());
        assertEquals(plain.address() + "/test/busybox:1", images.get(0).ref());
        assertEquals(single.manifest().digest(), images.get(0).manifest());
        assertEquals(single.config().digest(), images.get(0).config());

        assertEquals(0, run("pull", "--tls-verify=false", "--platform", "linux/amd64", plain.address() + "/test/busybox:1"));
        assertEquals(3, err.lines().filter(l -> l.endsWith(": already exists")).count(), err);
    }

    @Test
    void quietPrintsNothingButTheDigest() {
        assertEquals(0, run("pull", "-q", "--tls-verify=false", "--platform", "linux/amd64", plain.address() + "/test/busybox:1"));
        assertEquals(single.manifest().digest() + System.lineSeparator(), out);
        assertEquals("", err);
    }

    @Test
    void onATerminalProgressRedrawsInPlaceWithBytes() {
        assertEquals(0, run(true, Locale.ENGLISH, "pull", "--tls-verify=false", "--platform", "linux/amd64", plain.address() + "/test/busybox:1"));
        assertTrue(err.contains("\r\u001b[2K"), "lines are erased and redrawn");
        assertTrue(err.contains("\u001b[3A"), "the cursor goes back up over the three blob lines");
        assertTrue(err.contains(": pull complete ("), err);
    }

    @Test
    void platformSelectionFromAnIndex() {
        assertEquals(0, run("pull", "-q", "--tls-verify=false", "--platform", "linux/arm64/v8", plain.address() + "/test/multi"));
        assertEquals(multi.images().get(1).manifest().digest() + System.lineSeparator(), out);
        assertEquals(125, run("pull", "--tls-verify=false", "--platform", "linux/ppc64le", plain.address() + "/test/multi"));
        assertTrue(err.startsWith("hostvirt: no image for platform linux/ppc64le"), err);
        assertEquals(1, err.lines().count(), "one line, no stack trace");
    }

    @Test
    void anImagePulledByTagFromAnIndexIsFoundByTheIndexDigestAndItsManifestDigest() throws Exception {
        assertEquals(0, run("pull", "-q", "--tls-verify=false", "--platform", "linux/arm64/v8", plain.address() + "/test/multi"), err);
        String repo = plain.address() + "/test/multi";
        dev.hostvirt.engine.store.Digest index = multi.index().digest();
        dev.hostvirt.engine.store.Digest manifest = multi.images().get(1).manifest().digest();
        dev.hostvirt.engine.image.ImageStore images = engine().images();
        assertEquals(1, images.list().size(), "one row in images, not one per digest: " + images.list());
        assertEquals(repo + ":latest", images.find(repo + "@" + index).ref());
        assertEquals(repo + ":latest", images.find(repo + "@" + manifest).ref());
        assertTrue(images.lookup("127.0.0.1:1/other@" + index).isEmpty(), "a digest names an image only in its own repository");
        ImageRecord r = images.find(repo + ":latest");
        com.fasterxml.jackson.databind.JsonNode inspected = dev.hostvirt.engine.image.ImageInspection.of(r, images.list(), dev.hostvirt.engine.Json.object());
        assertEquals("[\"" + repo + "@" + index + "\",\"" + repo + "@" + manifest + "\"]", inspected.get("RepoDigests").toString(),
                "RepoDigests as podman's: the index, then the manifest");

        // An index written before the index digest was kept still reads, and names the image as before.
        Path file = tmp.resolve("state/images/index.json");
        String before = Files.readString(file);
        assertTrue(before.contains("\"index\" : \"" + index + "\""), before);
        Files.writeString(file, before.replaceAll(",\\s*\"index\" : \"[^\"]*\"", ""));
        assertFalse(Files.readString(file).contains("\"index\""));
        assertEquals(manifest, images.find(repo + "@" + manifest).manifest());
        assertTrue(images.lookup(repo + "@" + index).isEmpty());

        assertEquals(0, run("pull", "-q", "--tls-verify=false", "--platform", "linux/arm64/v8", repo), err);
        assertEquals(1, images.remove(repo + "@" + index).removed().size());
        assertTrue(images.list().isEmpty());
    }

    @Test
    void pullByDigest() {
        String ref = plain.address() + "/test/busybox@" + single.manifest().digest();
        assertEquals(0, run("pull", "-q", "--tls-verify=false", ref), err);
        assertEquals(single.manifest().digest() + System.lineSeparator(), out);
    }

    @Test
    void badInputIsOneLineAndExit125OrUsage() {
        assertEquals(125, run("pull", "Nginx:"));
        assertTrue(err.startsWith("hostvirt: invalid reference format 'Nginx:'"), err);
        assertEquals(1, err.lines().count());
        assertEquals(125, run("pull", "--platform", "linux", "busybox"));
        assertTrue(err.startsWith("hostvirt: invalid platform 'linux'"), err);
        // Usage errors are podman's 125, as in every engine command (they were 2), and an option given twice takes its last value.
        assertEquals(125, run("pull"));
        assertEquals(125, run("pull", "--creds", "nocolon", "--tls-verify=false", plain.address() + "/test/busybox:1"));
        assertEquals(125, run("pull", "--bogus", "busybox"));
        assertEquals(125, run("pull", "--platform", "linux/amd64", "--platform", "linux", "busybox"));
        assertTrue(err.startsWith("hostvirt: invalid platform 'linux'"), "the last --platform counts: " + err);
        // A port out of range is a bad reference, said before any connection (it was the JDK's exception, class names and all).
        assertEquals(125, run("pull", "--tls-verify=false", "127.0.0.1:99999/bb:1"));
        assertEquals("hostvirt: invalid reference format '127.0.0.1:99999/bb:1': port 99999 out of range (1-65535)" + System.lineSeparator(), err);
        assertEquals(125, run("pull", "127.0.0.1:0/bb:1"));
        assertTrue(err.contains("port 0 out of range"), err);
    }

    @Test
    void anUnreachableRegistryOrAMissingCaBundleIsOneLine() throws Exception {
        int closed = LocalRegistry.freePort();
        assertEquals(125, run("pull", "--tls-verify=false", "127.0.0.1:" + closed + "/test/busybox:1"));
        assertEquals("hostvirt: cannot reach registry 127.0.0.1:" + closed + ": connection refused" + System.lineSeparator(), err);
        assertEquals(125, run("pull", "--ca-bundle", "missing.pem", plain.address() + "/test/busybox:1"));
        assertTrue(err.startsWith("hostvirt: CA bundle " + tmp.resolve("missing.pem") + " is not a readable file"), err);
        // Told from the exception's type: its text is only the host name.
        assertEquals(125, run("pull", "nonexistent.invalid/bb:1"));
        assertEquals("hostvirt: cannot reach registry nonexistent.invalid: the host name nonexistent.invalid could not be resolved"
                + System.lineSeparator(), err);
    }

    @Test
    void anUntrustedCertificateIsSaidSoWithoutJavaClassNames() {
        assertEquals(125, run("pull", "--platform", "linux/amd64", secure.address() + "/private/busybox:1"));
        assertEquals("hostvirt: TLS verification of registry " + secure.address() + " failed: its certificate is not trusted; "
                + "give its CA with --ca-bundle, or --tls-verify=false if you trust the network" + System.lineSeparator(), err);
        assertEquals(125, run(false, Locale.forLanguageTag("es"), "pull", "--platform", "linux/amd64", secure.address() + "/private/busybox:1"));
        assertTrue(err.startsWith("hostvirt: falló la verificación TLS del registro " + secure.address() + ": su certificado no es de confianza"), err);
    }

    @Test
    void httpsIsRequiredUnlessTheRegistryIsListedInsecure() throws Exception {
        assertEquals(125, run("pull", plain.address() + "/test/busybox:1"));
        assertEquals("hostvirt: registry " + plain.address() + " answered plain HTTP to an HTTPS request; use --tls-verify=false, "
                + "or list it as insecure in registries.properties" + System.lineSeparator(), err);
        assertEquals(125, run(false, Locale.forLanguageTag("es"), "pull", plain.address() + "/test/busybox:1"));
        assertTrue(err.startsWith("hostvirt: el registro " + plain.address() + " respondió en HTTP sin cifrar a una petición HTTPS"), err);
        Files.createDirectories(tmp.resolve("config"));
        Files.writeString(tmp.resolve("config/registries.properties"), "insecure = registry.lan:5000, " + plain.address() + "\n");
        assertEquals(0, run("pull", "-q", "--platform", "linux/amd64", plain.address() + "/test/busybox:1"), err);
    }

    @Test
    void loginPullLogoutAgainstTlsAndBasicAuth() throws Exception {
        Path ca = secure.caFile();
        String ref = secure.address() + "/private/busybox:1";
        assertEquals(125, run("pull", "--ca-bundle", ca.toString(), "--platform", "linux/amd64", ref));
        assertTrue(err.contains("failed anonymously") && err.contains("hostvirt login " + secure.address()), err);

        assertEquals(125, run("login", "--ca-bundle", ca.toString(), "-u", "carol", "-p", "wrong", secure.address()));
        assertTrue(err.startsWith("hostvirt: authentication to registry " + secure.address() + " failed as carol"), err);
        Path config = tmp.resolve("home/.docker/config.json");
        assertFalse(Files.exists(config), "refused credentials are not saved");

        assertEquals(0, run("login", "--ca-bundle", ca.toString(), "-u", "carol", "-p", "pa55word", "https://" + secure.address() + "/v2/"));
        assertEquals("Login succeeded: credentials for " + secure.address() + " saved in " + config + System.lineSeparator(), out);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));

        assertEquals(0, run("pull", "-q", "--ca-bundle", ca.toString(), "--platform", "linux/amd64", ref), err);
        assertEquals(single.manifest().digest() + System.lineSeparator(), out);

        assertEquals(0, run("logout", secure.address()));
        assertTrue(out.startsWith("Removed the credentials for " + secure.address()), out);
        assertEquals(0, run("logout", secure.address()));
        assertTrue(out.startsWith("No credentials for " + secure.address()), out);
        assertEquals(125, run("pull", "--ca-bundle", ca.toString(), "--platform", "linux/amd64", ref));
        assertTrue(err.contains("failed anonymously"), err);
    }

    @Test
    void loginReadsThePasswordFromStdin() throws Exception {
        java.io.InputStream saved = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("pa55word\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(0, run("login", "--ca-bundle", secure.caFile().toString(), "-u", "carol", "--password-stdin", secure.address()), err);
        } finally {
            System.setIn(saved);
        }
        assertEquals(new Credentials("carol", "pa55word"),
                new DockerConfigFile(tmp.resolve("home/.docker/config.json")).lookup(secure.address()).orElseThrow());
        assertEquals(125, run("login", "-u", "carol", "-p", "x", "--password-stdin", secure.address()));
        assertTrue(err.contains("cannot be used together"), err);
    }

    @Test
    void credentialsKeptByADockerCredentialHelper() throws Exception {
        // A real helper program on PATH, named by credsStore, as Docker Desktop and `pass` users have it.
        FakeCredentialHelper helper = FakeCredentialHelper.install(tmp.resolve("helper"), "fake");
        helper.seed(secure.address(), "carol", "pa55word");
        env.put("PATH", helper.path() + ":" + System.getenv("PATH"));
        Path config = tmp.resolve("home/.docker/config.json");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "{\"credsStore\":\"fake\"}");
        Path ca = secure.caFile();
        String ref = secure.address() + "/private/busybox:1";
        assertEquals(0, run("pull", "-q", "--ca-bundle", ca.toString(), "--platform", "linux/amd64", ref), err);
        assertEquals(single.manifest().digest() + System.lineSeparator(), out);
        assertEquals(List.of("get " + secure.address()), helper.calls());

        assertEquals(0, run("logout", secure.address()), err);
        assertEquals("Removed the credentials for " + secure.address() + " from docker-credential-fake" + System.lineSeparator(), out);
        assertEquals(125, run("pull", "-q", "--ca-bundle", ca.toString(), "--platform", "linux/amd64", ref));
        assertTrue(err.contains("failed anonymously"), err);

        assertEquals(0, run("login", "--ca-bundle", ca.toString(), "-u", "carol", "-p", "pa55word", secure.address()), err);
        assertEquals("Login succeeded: credentials for " + secure.address() + " saved in docker-credential-fake" + System.lineSeparator(), out);
        assertTrue(helper.kept(secure.address()).contains("\"Secret\":\"pa55word\""));
        assertFalse(Files.readString(config).contains("pa55word"), "the secret is not in the file");
        assertEquals(0, run("pull", "-q", "--ca-bundle", ca.toString(), "--platform", "linux/amd64", ref), err);
    }

    @Test
    void registryErrorsBuiltFromSeveralPartsAreWhollySpanish() throws Exception {
        Locale es = Locale.forLanguageTag("es-ES");
        Path ca = secure.caFile();
        String address = secure.address();
        assertEquals(125, run(false, es, "pull", "--ca-bundle", ca.toString(), "--platform", "linux/amd64", address + "/private/busybox:1"));
        assertTrue(err.startsWith("hostvirt: falló la autenticación en el registro " + address + " de forma anónima (HTTP 401)"), err);
        assertTrue(err.strip().endsWith("; inicie sesión primero con 'hostvirt login " + address + "'"), err);
        assertEquals(1, err.lines().count(), err);

        assertEquals(125, run(false, es, "login", "--ca-bundle", ca.toString(), "-u", "carol", "-p", "wrong", address));
        assertTrue(err.startsWith("hostvirt: falló la autenticación en el registro " + address + " como carol (HTTP 401)"), err);
        assertTrue(err.strip().endsWith("; compruebe el nombre de usuario y la contraseña ('hostvirt login " + address + "')"), err);

        assertEquals(125, run(false, es, "pull", "--tls-verify=false", "--platform", "linux/amd64", plain.address() + "/test/nothere:1"));
        assertTrue(err.startsWith("hostvirt: manifiesto test/nothere:1 no se encuentra en el registro " + plain.address()), err);
        assertEquals(125, run(false, Locale.ENGLISH, "pull", "--tls-verify=false", "--platform", "linux/amd64",
                plain.address() + "/test/nothere:1"));
        assertTrue(err.startsWith("hostvirt: manifest test/nothere:1 not found in registry " + plain.address()), err);
    }

    @Test
    void spanishProgressAndHelp() {
        assertEquals(0, run(false, Locale.forLanguageTag("es"), "pull", "--tls-verify=false", "--platform", "linux/amd64",
                plain.address() + "/test/busybox:1"));
        assertTrue(err.startsWith("Descargando " + plain.address() + "/test/busybox:1 para linux/amd64"), err);
        assertEquals(0, run(false, Locale.forLanguageTag("es"), "pull", "--help"));
        assertTrue(out.contains("Descarga IMAGE"), out);
        assertEquals(0, run("login", "--help"));
        assertTrue(out.contains("--password-stdin"), out);
        assertTrue(out.contains("--ca-bundle"), out);
        assertFalse(out.contains("--platform"), "login has no use for pull-only options");
        assertTrue(out.contains("Exit codes:"), out);
        assertEquals(0, run("--help"));
        assertTrue(out.contains("Pull an image from a registry"), out);
    }

    @Test
    void aPullPrunesWhatInterruptedPullsLeftLongAgo() throws Exception {
        Path tmpDir = Files.createDirectories(tmp.resolve("state/content/tmp"));
        Path stale = Files.writeString(tmpDir.resolve("sha256-" + "ab".repeat(32) + ".partial"), "an old half blob");
        Path recent = Files.writeString(tmpDir.resolve("sha256-" + "cd".repeat(32) + ".partial"), "a pull from an hour ago");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        assertEquals(0, run("pull", "-q", "--tls-verify=false", "--platform", "linux/amd64", plain.address() + "/test/busybox:1"), err);
        assertFalse(Files.exists(stale), "kept longer than a day: pruned");
        assertTrue(Files.exists(recent), "still worth resuming");
    }

    @Test
    void aRelativeStateDirectoryIsResolvedAgainstTheWorkingDirectoryAsRunResolvesIt() {
        env.put("HOSTVIRT_STATE_DIR", "engine-state");
        assertEquals(0, run("pull", "--tls-verify=false", "--platform", "linux/amd64", plain.address() + "/test/busybox:1"), err);
        ImageRecord r = Engine.open(tmp.resolve("engine-state")).images().find(plain.address() + "/test/busybox:1");
        assertEquals(single.manifest().digest(), r.manifest());
        assertEquals(single.config().digest(), r.config());

        assertEquals(0, run("pull", "--tls-verify=false", "--platform", "linux/amd64", "--state-dir", "other",
                plain.address() + "/test/busybox:1"), err);
        assertEquals(single.manifest().digest(), Engine.open(tmp.resolve("other")).images().find(plain.address() + "/test/busybox:1").manifest());
    }
}
