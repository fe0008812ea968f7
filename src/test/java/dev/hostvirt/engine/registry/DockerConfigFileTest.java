package dev.hostvirt.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hostvirt.HostvirtException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
    void storeWritesMode0600AndKeepsOtherKeys() throws Exception {
        Path file = home.resolve(".docker/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"auths\":{\"other:1\":{\"auth\":\"YTpi\"}},\"proxies\":{\"default\":{\"httpProxy\":\"p\"}}}");
        DockerConfigFile config = new DockerConfigFile(file);
        config.store("127.0.0.1:5000", new Credentials("alice", "s3cret"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
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
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertTrue(root.path("auths").has("https://index.docker.io/v1/"));
    }

    @Test
    void eraseRemovesEveryNameOfTheRegistry() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"YTpi\"},\"docker.io\":{\"auth\":\"YTpi\"},"
                + "\"keep:1\":{\"auth\":\"YTpi\"}}}");
        DockerConfigFile config = new DockerConfigFile(file);
        assertTrue(config.erase("docker.io"));
        assertTrue(config.lookup("docker.io").isEmpty());
        assertTrue(config.lookup("keep:1").isPresent());
        assertFalse(config.erase("docker.io"));
        assertFalse(new DockerConfigFile(home.resolve("absent.json")).erase("x"));
        assertFalse(Files.exists(home.resolve("absent.json")));
    }

    @Test
    void credentialsNeverPrintTheSecret() {
        assertFalse(new Credentials("u", "topsecret").toString().contains("topsecret"));
    }
}
