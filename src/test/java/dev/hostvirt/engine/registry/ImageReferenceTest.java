package dev.hostvirt.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.HostvirtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
    private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    // Expected values are what `docker pull` / distribution/reference ParseNormalizedNamed give.
    @ParameterizedTest
    @CsvSource({
        "nginx, docker.io/library/nginx:latest",
        "nginx:1.25, docker.io/library/nginx:1.25",
        "library/nginx, docker.io/library/nginx:latest",
        "docker.io/nginx, docker.io/library/nginx:latest",
        "index.docker.io/nginx, docker.io/library/nginx:latest",
        "docker.io/library/nginx:latest, docker.io/library/nginx:latest",
        "bitnami/redis:7, docker.io/bitnami/redis:7",
        "quay.io/podman/hello, quay.io/podman/hello:latest",
        "ghcr.io/a/b/c:v1.2.3, ghcr.io/a/b/c:v1.2.3",
        "localhost/app, localhost/app:latest",
        "localhost:5000/app:dev, localhost:5000/app:dev",
        "127.0.0.1:5000/busybox, 127.0.0.1:5000/busybox:latest",
        "registry.example.com:8443/team/app:1, registry.example.com:8443/team/app:1",
        "myhost:5000/x, myhost:5000/x:latest",
        "Registry/app, Registry/app:latest",
        "[::1]:5000/app, [::1]:5000/app:latest",
        "a__b/c-d---e/f.g, docker.io/a__b/c-d---e/f.g:latest",
    })
    void normalizesAsDocker(String input, String expected) {
        assertEquals(expected, ImageReference.parse(input).toString());
    }

    @Test
    void splitsRegistryRepositoryAndTag() {
        ImageReference r = ImageReference.parse("localhost:5000/team/app:v2");
        assertEquals("localhost:5000", r.registry());
        assertEquals("team/app", r.repository());
        assertEquals("v2", r.tag());
        assertNull(r.digest());
        assertEquals("v2", r.manifestReference());
        assertEquals("localhost:5000", r.apiHost());
    }

    @Test
    void dockerHubApiLivesOnRegistry1() {
        assertEquals("registry-1.docker.io", ImageReference.parse("nginx").apiHost());
    }

    @Test
    void aDigestAloneGetsNoDefaultTag() {
        ImageReference r = ImageReference.parse("busybox@sha256:" + HEX);
        assertNull(r.tag());
        assertEquals("sha256:" + HEX, r.digest().toString());
        assertEquals("sha256:" + HEX, r.manifestReference());
        assertEquals("docker.io/library/busybox@sha256:" + HEX, r.toString());
    }

    @Test
    void tagAndDigestAreBothKeptAndTheDigestIsPulled() {
        ImageReference r = ImageReference.parse("127.0.0.1:5000/bb:1.36@sha256:" + HEX);
        assertEquals("1.36", r.tag());
        assertEquals("sha256:" + HEX, r.manifestReference());
        assertEquals("127.0.0.1:5000/bb:1.36@sha256:" + HEX, r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Nginx", "library/Nginx", "nginx:", "nginx:-bad", ":tag", "a//b", "-a/b", "a/b-",
        "nginx@sha256:abc", "nginx@md5:" + HEX, "nginx@sha256:../../etc/passwd", "bad host!/x", "a/b:c:d",
        HEX, "nginx:" + "t0123456789t0123456789t0123456789t0123456789t0123456789t0123456789t0123456789t0123456789t0123456789t0123456789t0123456789t0123456789"})
    void refusesWhatDockerRefusesWithExit125(String input) {
        HostvirtException e = assertThrows(HostvirtException.class, () -> ImageReference.parse(input));
        assertEquals(125, e.exitCode());
        assertTrue(e.getMessage().startsWith("invalid reference format"), e.getMessage());
    }

    @Test
    void upperCaseRepositoryIsExplained() {
        HostvirtException e = assertThrows(HostvirtException.class, () -> ImageReference.parse("docker.io/Library/x"));
        assertTrue(e.getMessage().contains("lowercase"), e.getMessage());
    }

    @Test
    void nameLongerThan255IsRefused() {
        String longName = "a".repeat(250) + "/" + "b".repeat(10);
        assertThrows(HostvirtException.class, () -> ImageReference.parse(longName));
    }

    @Test
    void withDigestPinsTheSameName() {
        ImageReference r = ImageReference.parse("nginx:1").withDigest(dev.hostvirt.engine.store.Digest.parse("sha256:" + HEX));
        assertEquals("docker.io/library/nginx:1@sha256:" + HEX, r.toString());
    }
}
