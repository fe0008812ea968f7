package dev.hostvirt.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hostvirt.HostvirtException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigFileTest {
    @TempDir
    Path home;

    @Test
    void locatesLikeDocker() {
        assertEquals(home.resolve(".docker/config.json"), DockerConfigFile.locate(Map.of("HOME", home.toString())).file());
        assertEquals(home.resolve("cfg/config.json"),
                DockerConfigFile.locate(Map.of("HOME", "/nowhere", "DOCKER_CONFIG", home.resolve("cfg").toString())).file());
    }

    @Test
    void readsBase64AuthWrittenByDockerLogin() throws Exception {
        Path file = home.resolve("config.json");
        // dXNlcjpwYTpzcw== is base64("user:pa:ss"): the password may hold colons.
        Files.writeString(file, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"dXNlcjpwYTpzcw==\"},"
                + "\"127.0.0.1:5000\":{\"auth\":\"YWxpY2U6c2VjcmV0\"},\"http://reg.example:8080/v2/\":{\"auth\":\"Ym9iOnB3\"}},"
                + "\"credsStore\":\"desktop\"}");
        DockerConfigFile config = new DockerConfigFile(file);
        assertEquals(new Credentials("user", "pa:ss"), config.lookup("docker.io").orElseThrow());
        assertEquals(new Credentials("alice", "secret"), config.lookup("127.0.0.1:5000").orElseThrow());
        assertEquals(new Credentials("bob", "pw"), config.lookup("reg.example:8080").orElseThrow());
        assertTrue(config.lookup("127.0.0.1:5001").isEmpty());
        assertTrue(config.lookup("quay.io").isEmpty());
    }

    @Test
    void aMissingFileHasNoCredentials() {
        assertTrue(new DockerConfigFile(home.resolve("none.json")).lookup("docker.io").isEmpty());
    }

    @Test
    void brokenFilesAreOneLineErrors() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{not json");
        HostvirtException e = assertThrows(HostvirtException.class, () -> new DockerConfigFile(file).lookup("x"));
        assertEquals(125, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot read " + file), e.getMessage());
        Files.writeString(file, "{\"auths\":{\"x\":{\"auth\":\"!!!\"}}}");
        assertThrows(HostvirtException.class, () -> new DockerConfigFile(file).lookup("x"));
        Files.writeString(file, "{\"auths\":{\"x\":{\"auth\":\"bm9jb2xvbg==\"}}}");
        assertThrows(HostvirtException.class, () -> new DockerConfigFile(file).lookup("x"));
    }

    @Test
    void storeKeepsTheFilesModeAndOtherKeys() throws Exception {
        Path file = home.resolve(".docker/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"auths\":{\"other:1\":{\"auth\":\"YTpi\"}},\"proxies\":{\"default\":{\"httpProxy\":\"p\"}}}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        DockerConfigFile config = new DockerConfigFile(file);
        config.store("127.0.0.1:5000", new Credentials("alice", "s3cret"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "as docker keeps it");
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals("p", root.path("proxies").path("default").path("httpProxy").asText());
        assertEquals("YTpi", root.path("auths").path("other:1").path("auth").asText());
        assertEquals("YWxpY2U6czNjcmV0", root.path("auths").path("127.0.0.1:5000").path("auth").asText());
        assertEquals(new Credentials("alice", "s3cret"), config.lookup("127.0.0.1:5000").orElseThrow());
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void storeCreatesAPrivateDirectoryAndUsesDockerHubsLegacyKey() throws Exception {
        Path file = home.resolve("new/.docker/config.json");
        new DockerConfigFile(file).store("docker.io", new Credentials("u", "p"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "a new file is private");
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertTrue(root.path("auths").has("https://index.docker.io/v1/"));
    }

    @Test
    void aSymlinkedConfigIsWrittenThroughItsLinkKeepingItsMode() throws Exception {
        Path dotfiles = Files.createDirectories(home.resolve("dotfiles"));
        Path target = dotfiles.resolve("config.json");
        // Relative links resolve from the link's directory, not the working directory.
        for (Path link : List.of(Path.of("../dotfiles/config.json"), target)) {
            Files.writeString(target, "{\"auths\":{},\"detachKeys\":\"ctrl-x\"}");
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
            Path docker = Files.createDirectories(home.resolve("docker"));
            Path file = docker.resolve("config.json");
            Files.deleteIfExists(file);
            Files.createSymbolicLink(file, link);
            DockerConfigFile config = new DockerConfigFile(file);
            config.store("127.0.0.1:5000", new Credentials("alice", "s3cret"));
            assertTrue(Files.isSymbolicLink(file), "the link stays a link: " + link);
            assertEquals(link, Files.readSymbolicLink(file));
            JsonNode root = new ObjectMapper().readTree(target.toFile());
            assertEquals("YWxpY2U6czNjcmV0", root.path("auths").path("127.0.0.1:5000").path("auth").asText());
            assertEquals("ctrl-x", root.path("detachKeys").asText());
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
            assertTrue(config.erase("127.0.0.1:5000").removed());
            assertTrue(Files.isSymbolicLink(file));
            assertFalse(Files.readString(target).contains("YWxpY2U6czNjcmV0"));
            try (var a = Files.list(dotfiles); var b = Files.list(docker)) {
                assertEquals(2, a.count() + b.count(), "the file and its link, no temporary file left behind");
            }
        }
    }

    @Test
    void asRootALinkAUserMadeLeadsOnlyToWhatThatUserOwns() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the rule is root's");
        Path victim = Files.writeString(home.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n"); // root's, as /etc/passwd
        Path docker = Files.createDirectories(home.resolve("user-docker"));
        Path file = docker.resolve("config.json");
        Files.createSymbolicLink(file, victim);
        Files.setAttribute(file, "unix:uid", 1000, java.nio.file.LinkOption.NOFOLLOW_LINKS); // planted by user 1000
        DockerConfigFile config = new DockerConfigFile(file);
        dev.hostvirt.HostvirtException e = org.junit.jupiter.api.Assertions.assertThrows(dev.hostvirt.HostvirtException.class,
                () -> config.store("127.0.0.1:5000", new Credentials("alice", "s3cret")));
        assertEquals(125, e.exitCode());
        assertEquals("root:x:0:0:root:/root:/bin/sh\n", Files.readString(victim), "root's file is untouched");
        assertTrue(Files.isSymbolicLink(file));
        // The same link to a file user 1000 owns is written through.
        Files.setAttribute(victim, "unix:uid", 1000);
        Files.writeString(victim, "{}");
        config.store("127.0.0.1:5000", new Credentials("alice", "s3cret"));
        assertTrue(Files.readString(victim).contains("YWxpY2U6czNjcmV0"));
    }

    @Test
    void aConfigOwnedByAnotherUserStaysTheirs() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file away");
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"auths\":{}}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setAttribute(file, "unix:uid", 65534);
        Files.setAttribute(file, "unix:gid", 65533);
        DockerConfigFile config = new DockerConfigFile(file);
        config.store("127.0.0.1:5000", new Credentials("alice", "s3cret"));
        assertEquals(List.of(65534, 65533), List.of(Files.getAttribute(file, "unix:uid"), Files.getAttribute(file, "unix:gid")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "its mode but for everyone's read: it holds a password now (docker keeps 0644)");
        config.erase("127.0.0.1:5000");
        assertEquals(List.of(65534, 65533), List.of(Files.getAttribute(file, "unix:uid"), Files.getAttribute(file, "unix:gid")));
    }

    @Test
    void eraseRemovesEveryNameOfTheRegistry() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"YTpi\"},\"docker.io\":{\"auth\":\"YTpi\"},"
                + "\"keep:1\":{\"auth\":\"YTpi\"}}}");
        DockerConfigFile config = new DockerConfigFile(file);
        assertTrue(config.erase("docker.io").removed());
        assertTrue(config.lookup("docker.io").isEmpty());
        assertTrue(config.lookup("keep:1").isPresent());
        assertFalse(config.erase("docker.io").removed());
        assertFalse(new DockerConfigFile(home.resolve("absent.json")).erase("x").removed());
        assertFalse(Files.exists(home.resolve("absent.json")));
    }

    @Test
    void credentialsNeverPrintTheSecret() {
        assertFalse(new Credentials("u", "topsecret").toString().contains("topsecret"));
    }

    private static final String NOT_FOUND_EXIT_1 = "#!/bin/sh\ncat >/dev/null\necho 'credentials not found in native keychain'\nexit 1\n";

    @Test
    void credsStoreIsAskedFirstWithDockersServerUrlThenTheFile() throws Exception {
        FakeCredentialHelper helper = FakeCredentialHelper.install(home.resolve("fake"), "fake");
        helper.seed("https://index.docker.io/v1/", "hubuser", "hubtoken");
        helper.seed("reg.example:5000", "ann", "s3cret");
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"fake\",\"auths\":{\"reg.example:5000\":{\"auth\":\"YWxpY2U6c2VjcmV0\"},"
                + "\"127.0.0.1:5000\":{\"auth\":\"YWxpY2U6c2VjcmV0\"}}}");
        DockerConfigFile config = new DockerConfigFile(file, helper.path());
        assertEquals(new Credentials("hubuser", "hubtoken"), config.lookup("docker.io").orElseThrow());
        assertEquals(new Credentials("ann", "s3cret"), config.lookup("reg.example:5000").orElseThrow(), "the helper wins over the file");
        // Nothing in the helper: the file's entry (a hostvirt login from before the helper was set up).
        assertEquals(new Credentials("alice", "secret"), config.lookup("127.0.0.1:5000").orElseThrow());
        assertTrue(config.lookup("quay.io").isEmpty());
        assertEquals(List.of("get https://index.docker.io/v1/", "get reg.example:5000", "get 127.0.0.1:5000", "get quay.io"), helper.calls());
    }

    @Test
    void credHelpersNamesAHelperPerRegistryBeforeCredsStore() throws Exception {
        FakeCredentialHelper helper = FakeCredentialHelper.install(home.resolve("fake"), "ecr-login");
        helper.seed("123.dkr.ecr.example.com", "AWS", "tok");
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"not-installed\",\"credHelpers\":{\"123.dkr.ecr.example.com\":\"ecr-login\"}}");
        DockerConfigFile config = new DockerConfigFile(file, helper.path());
        assertEquals(new Credentials("AWS", "tok"), config.lookup("123.dkr.ecr.example.com").orElseThrow());
        // A helper that is not installed does not stop a pull (docker's does: a config copied from Docker
        // Desktop names "desktop"); storing there does stop a login, with what to do.
        assertTrue(config.lookup("quay.io").isEmpty());
        HostvirtException missing = assertThrows(HostvirtException.class, () -> config.store("quay.io", new Credentials("a", "b")));
        assertEquals(125, missing.exitCode());
        assertEquals("the credential helper docker-credential-not-installed named in " + file + " is not installed (not found on PATH);"
                + " install it, or remove credsStore/credHelpers from " + file, missing.getMessage());
        assertFalse(Files.readString(file).contains("quay.io"), "nothing written when the helper is missing");
    }

    @Test
    void loginStoresInTheHelperAndLogoutErasesThere() throws Exception {
        FakeCredentialHelper helper = FakeCredentialHelper.install(home.resolve("fake"), "fake");
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"fake\",\"auths\":{\"reg.example\":{\"auth\":\"YWxpY2U6c2VjcmV0\"}},\"proxies\":{}}");
        DockerConfigFile config = new DockerConfigFile(file, helper.path());
        config.store("reg.example", new Credentials("ann", "pa\"ss\\word"));
        assertEquals("{\"ServerURL\":\"reg.example\",\"Username\":\"ann\",\"Secret\":\"pa\\\"ss\\\\word\"}", helper.kept("reg.example"));
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertFalse(root.path("auths").has("reg.example"), "no secret left in the file: " + root);
        assertTrue(root.has("proxies") && root.path("credsStore").asText().equals("fake"), root.toString());
        assertEquals(new Credentials("ann", "pa\"ss\\word"), config.lookup("reg.example").orElseThrow());

        assertEquals(new DockerConfigFile.Erasure(true, null), config.erase("reg.example"));
        assertEquals(null, helper.kept("reg.example"));
        assertTrue(config.lookup("reg.example").isEmpty());
        assertFalse(config.erase("reg.example").removed(), "nothing left to erase");
    }

    @Test
    void aFailingHelperIsOneLineNamingItAndWhatItSaid() throws Exception {
        FakeCredentialHelper.installScript(home.resolve("fake"), "locked", "#!/bin/sh\ncat >/dev/null\necho 'error: the keyring is locked'\nexit 3\n");
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"locked\"}");
        HostvirtException e = assertThrows(HostvirtException.class,
                () -> new DockerConfigFile(file, home.resolve("fake/bin").toString()).lookup("reg.example"));
        assertEquals("docker-credential-locked get failed (exit 3): error: the keyring is locked (the credential helper named in " + file + ")",
                e.getMessage());
        FakeCredentialHelper.installScript(home.resolve("fake"), "notjson", "#!/bin/sh\ncat >/dev/null\necho 'hello'\n");
        Files.writeString(file, "{\"credsStore\":\"notjson\"}");
        e = assertThrows(HostvirtException.class, () -> new DockerConfigFile(file, home.resolve("fake/bin").toString()).lookup("reg.example"));
        assertEquals("docker-credential-notjson get did not answer with the JSON of the credential helper protocol", e.getMessage());
        FakeCredentialHelper.installScript(home.resolve("fake"), "nothing", NOT_FOUND_EXIT_1);
        Files.writeString(file, "{\"credsStore\":\"nothing\"}");
        assertTrue(new DockerConfigFile(file, home.resolve("fake/bin").toString()).lookup("reg.example").isEmpty());
    }

    @Test
    void anIdentityTokenCountsAsNoCredentialsSoPublicImagesStillPull() throws Exception {
        FakeCredentialHelper helper = FakeCredentialHelper.install(home.resolve("fake"), "fake");
        helper.seed("reg.example", "<token>", "eyJhbGciOi");
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"fake\",\"auths\":{\"reg.example\":{\"auth\":\"YWxpY2U6c2VjcmV0\"}}}");
        assertEquals(new Credentials("alice", "secret"), new DockerConfigFile(file, helper.path()).lookup("reg.example").orElseThrow(),
                "the file's entry, as when the helper has none");
        Files.writeString(file, "{\"credsStore\":\"fake\"}");
        assertTrue(new DockerConfigFile(file, helper.path()).lookup("reg.example").isEmpty());
    }

    @Test
    void anEmptyCredHelpersEntryOptsARegistryOutOfCredsStore() throws Exception {
        FakeCredentialHelper helper = FakeCredentialHelper.install(home.resolve("fake"), "fake");
        helper.seed("reg.example", "from-helper", "x");
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"fake\",\"credHelpers\":{\"reg.example\":\"\"},"
                + "\"auths\":{\"reg.example\":{\"auth\":\"YWxpY2U6c2VjcmV0\"}}}");
        DockerConfigFile config = new DockerConfigFile(file, helper.path());
        assertEquals(new Credentials("alice", "secret"), config.lookup("reg.example").orElseThrow());
        assertEquals(List.of(), helper.calls(), "the helper is not asked");
        assertEquals(file.toString(), config.placeOf("reg.example"));
    }

    @Test
    void logoutRemovesTheFilesSecretEvenWhenTheHelperIsMissingOrFails() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"desktop\",\"auths\":{\"reg.example\":{\"auth\":\"YWxpY2U6c2VjcmV0\"}}}");
        DockerConfigFile missing = new DockerConfigFile(file, home.resolve("nothing-here").toString());
        assertEquals(new DockerConfigFile.Erasure(true, null), missing.erase("reg.example"));
        assertFalse(Files.readString(file).contains("YWxpY2U6c2VjcmV0"));

        FakeCredentialHelper.installScript(home.resolve("fake"), "broken", "#!/bin/sh\ncat >/dev/null\necho 'keyring locked' >&2\nexit 4\n");
        Files.writeString(file, "{\"credsStore\":\"broken\",\"auths\":{\"reg.example\":{\"auth\":\"YWxpY2U6c2VjcmV0\"}}}");
        DockerConfigFile.Erasure e = new DockerConfigFile(file, home.resolve("fake/bin").toString()).erase("reg.example");
        assertTrue(e.removed());
        assertEquals("docker-credential-broken erase failed (exit 4): keyring locked (the credential helper named in " + file + ")",
                e.helperFailure().getMessage());
        assertFalse(Files.readString(file).contains("YWxpY2U6c2VjcmV0"));
    }

    @Test
    void aHelperFailureNeverShowsWhatMayBeTheSecret() throws Exception {
        FakeCredentialHelper.installScript(home.resolve("fake"), "leaky",
                "#!/bin/sh\ncat >/dev/null\necho '{\"ServerURL\":\"reg.example\",\"Username\":\"u\",\"Secret\":\"TOPSECRET\"}'\nexit 1\n");
        FakeCredentialHelper.installScript(home.resolve("fake"), "garbled", "#!/bin/sh\ncat >/dev/null\necho 'TOPSECRET not json'\n");
        Path file = home.resolve("config.json");
        for (String helper : List.of("leaky", "garbled")) {
            Files.writeString(file, "{\"credsStore\":\"" + helper + "\"}");
            HostvirtException e = assertThrows(HostvirtException.class,
                    () -> new DockerConfigFile(file, home.resolve("fake/bin").toString()).lookup("reg.example"));
            assertFalse(e.getMessage().contains("TOPSECRET"), e.getMessage());
            assertTrue(e.getMessage().startsWith("docker-credential-" + helper + " get "), e.getMessage());
        }
    }

    @Test
    void aHelperThatPrintsThePasswordItWasHandedKeepsItsWordsButNotThePassword() throws Exception {
        // store: the password in plain words, and the whole stdin JSON echoed, each on stderr.
        FakeCredentialHelper.installScript(home.resolve("fake"), "words",
                "#!/bin/sh\njson=$(cat)\ns=$(printf %s \"$json\" | sed 's/.*\"Secret\":\"\\(.*\\)\"}/\\1/')\n"
                        + "printf 'keyring rejected password %s\\n' \"$s\" >&2\nexit 1\n");
        FakeCredentialHelper.installScript(home.resolve("fake"), "echo", "#!/bin/sh\ncat >&2\nexit 1\n");
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"words\"}");
        HostvirtException e = assertThrows(HostvirtException.class,
                () -> new DockerConfigFile(file, home.resolve("fake/bin").toString()).store("reg.example", new Credentials("alice", "secret1")));
        assertEquals("docker-credential-words store failed (exit 1): keyring rejected password *** (the credential helper named in " + file + ")",
                e.getMessage());
        // A password with characters JSON escapes comes back escaped: hidden in that form too.
        e = assertThrows(HostvirtException.class, () -> new DockerConfigFile(file, home.resolve("fake/bin").toString())
                .store("reg.example", new Credentials("alice", "se\"cr\\et")));
        assertFalse(e.getMessage().contains("cr\\\\et") || e.getMessage().contains("cr\\et"), e.getMessage());
        assertTrue(e.getMessage().contains("keyring rejected password ***"), e.getMessage());

        Files.writeString(file, "{\"credsStore\":\"echo\"}");
        e = assertThrows(HostvirtException.class,
                () -> new DockerConfigFile(file, home.resolve("fake/bin").toString()).store("reg.example", new Credentials("alice", "secret1")));
        assertFalse(e.getMessage().contains("secret1"), e.getMessage());
        assertTrue(e.getMessage().startsWith("docker-credential-echo store failed (exit 1): "), e.getMessage());
    }

    @Test
    void aSecretAHelperPrintsInJsonIsHiddenWhereverItPrintsIt() throws Exception {
        // get and erase: hostvirt does not know the secret, but a helper that prints its JSON gives it away.
        String script = "#!/bin/sh\ncat >/dev/null\n"
                + "printf '%s\\n' '{\"ServerURL\":\"reg.example\",\"Username\":\"u\",\"Secret\":\"TOP\\\\SECRET\"}'\n"
                + "printf '%s\\n' 'cannot unlock TOP\\SECRET for u' >&2\nexit 1\n";
        FakeCredentialHelper.installScript(home.resolve("fake"), "blabber", script);
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"blabber\",\"auths\":{\"reg.example\":{\"auth\":\"YWxpY2U6c2VjcmV0\"}}}");
        DockerConfigFile config = new DockerConfigFile(file, home.resolve("fake/bin").toString());
        HostvirtException e = assertThrows(HostvirtException.class, () -> config.lookup("reg.example"));
        assertEquals("docker-credential-blabber get failed (exit 1): cannot unlock *** for u (the credential helper named in " + file + ")",
                e.getMessage());
        assertEquals("docker-credential-blabber erase failed (exit 1): cannot unlock *** for u (the credential helper named in " + file + ")",
                config.erase("reg.example").helperFailure().getMessage());
    }

    @Test
    void helpersAreNotLookedForInRelativePathEntries() throws Exception {
        FakeCredentialHelper helper = FakeCredentialHelper.install(home.resolve("fake"), "fake");
        helper.seed("reg.example", "u", "p");
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"fake\"}");
        String relative = Path.of("").toAbsolutePath().relativize(Path.of(helper.path())).toString();
        assertTrue(new DockerConfigFile(file, relative).lookup("reg.example").isEmpty(), "not found through " + relative);
        assertEquals(new Credentials("u", "p"), new DockerConfigFile(file, helper.path()).lookup("reg.example").orElseThrow());
    }

    @Test
    void aHelperNameIsNeverAPath() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"../../bin/sh\"}");
        HostvirtException e = assertThrows(HostvirtException.class, () -> new DockerConfigFile(file, "/usr/bin:/bin").lookup("reg.example"));
        assertTrue(e.getMessage().startsWith("'../../bin/sh' in " + file + " is not a credential helper name"), e.getMessage());
    }
}
