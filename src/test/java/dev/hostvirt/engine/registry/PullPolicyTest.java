package dev.hostvirt.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.HostvirtException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PullPolicyTest {
    private static final ImageReference NGINX = ImageReference.parse("nginx");

    @Test
    void policiesDecideAsPodman() {
        assertTrue(PullPolicy.MISSING.needsPull(NGINX, false));
        assertFalse(PullPolicy.MISSING.needsPull(NGINX, true));
        assertTrue(PullPolicy.ALWAYS.needsPull(NGINX, true));
        assertFalse(PullPolicy.NEVER.needsPull(NGINX, true));
        HostvirtException e = assertThrows(HostvirtException.class, () -> PullPolicy.NEVER.needsPull(NGINX, false));
        assertEquals(125, e.exitCode());
        assertTrue(e.getMessage().startsWith("docker.io/library/nginx:latest: image not known locally"));
    }

    @Test
    void parsesTheFlagValue() {
        assertEquals(PullPolicy.ALWAYS, PullPolicy.parse("Always"));
        assertEquals(2, assertThrows(HostvirtException.class, () -> PullPolicy.parse("sometimes")).exitCode());
    }

    @TempDir
    Path dir;

    @Test
    void insecureRegistriesComeFromHostvirtsConfig() throws Exception {
        Path file = RegistriesConfig.location(Map.of("HOSTVIRT_CONFIG_DIR", dir.toString()));
        assertEquals(dir.resolve("registries.properties"), file);
        assertEquals(Set.of(), RegistriesConfig.insecureRegistries(file));
        Files.writeString(file, "# lab registries\ninsecure = 127.0.0.1:5000, http://registry.lan:8080/ ,other\n");
        assertEquals(Set.of("127.0.0.1:5000", "registry.lan:8080", "other"), RegistriesConfig.insecureRegistries(file));
        assertEquals(Path.of("/x/hostvirt/registries.properties"), RegistriesConfig.location(Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/h")));
        assertEquals(Path.of("/h/.config/hostvirt/registries.properties"), RegistriesConfig.location(Map.of("HOME", "/h")));
    }
}
