package dev.hostvirt.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.registry.ImageReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** pull (ImageReference) and the engine (ImageRef) name every image the same way. */
class ImageNamesTest {
    private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest
    @ValueSource(strings = {"busybox", "busybox:1.36", "library/busybox", "docker.io/busybox", "index.docker.io/busybox",
        "docker.io/library/busybox:latest", "bitnami/redis:7", "quay.io/podman/hello", "localhost/app", "localhost:5000/app:dev",
        "127.0.0.1:5000/test/busybox", "Registry/app", "[::1]:5000/app", "a__b/c-d---e/f.g", "ghcr.io/a/b/c:v1.2.3"})
    void pullAndRunNameTheSameImage(String typed) {
        ImageReference pulled = ImageReference.parse(typed);
        assertEquals(pulled.toString(), ImageRef.parse(typed).toString());
        assertEquals(ImageRef.parse(typed).toString(), ImageNames.stored(pulled), "what pull records is what run looks up");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Nginx", "library/Nginx", "nginx:", "a//b", "-a/b", "bad host!/x", "a/b:c:d", HEX})
    void theEngineRefusesWhatPullRefuses(String typed) {
        assertThrows(HostvirtException.class, () -> ImageReference.parse(typed));
        HostvirtException e = assertThrows(HostvirtException.class, () -> ImageRef.parse(typed));
        assertEquals(125, e.exitCode());
        assertTrue(ImageNames.parse(typed).isEmpty(), "not a name: an image ID or a typo");
    }

    @Test
    void aDigestPullIsKeptUnderItsDigestNotUnderAnInventedTag() {
        ImageReference pinned = ImageReference.parse("127.0.0.1:5000/bb@sha256:" + HEX);
        assertEquals("127.0.0.1:5000/bb@sha256:" + HEX, ImageNames.stored(pinned));
        assertEquals("127.0.0.1:5000/bb:latest", ImageNames.local(pinned).toString(), "the local name without the digest");
        ImageReference both = ImageReference.parse("busybox:1.36@sha256:" + HEX);
        assertEquals("docker.io/library/busybox@sha256:" + HEX, ImageNames.stored(both), "the digest is what was pulled");
    }

    @ParameterizedTest
    @CsvSource({
        "docker.io/library/busybox:latest, docker.io/library/busybox, latest",
        "127.0.0.1:5000/test/busybox:1, 127.0.0.1:5000/test/busybox, 1",
        "localhost:5000/app@sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" + ", localhost:5000/app, <none>",
        "[::1]:5000/app:v2, [::1]:5000/app, v2",
    })
    void imagesShowsRepositoryAndTag(String stored, String repository, String tag) {
        assertEquals(repository, ImageNames.repository(stored));
        assertEquals(tag, ImageNames.tag(stored));
    }
}
