package dev.hostvirt.engine.registry;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * hostvirt's registry settings, {@code registries.properties} in hostvirt's config directory
 * ({@code $HOSTVIRT_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/hostvirt}, else {@code ~/.config/hostvirt};
 * {@code %APPDATA%\hostvirt} on Windows). One key for now:
 * <pre>insecure = 127.0.0.1:5000, registry.lan</pre>
 * lists the registries that may be reached over plain HTTP or unverified TLS (like docker's
 * {@code insecure-registries} and podman's {@code insecure = true}).
 */
public final class RegistriesConfig {
    private static final long MAX_SIZE = 64 << 10;

    private RegistriesConfig() {
    }

    public static Path location(Map<String, String> env) {
        String dir = env.get("HOSTVIRT_CONFIG_DIR");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir, "registries.properties");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "hostvirt", "registries.properties");
        }
        String appData = env.get("APPDATA");
        if (appData != null && !appData.isEmpty() && env.get("HOME") == null) {
            return Path.of(appData, "hostvirt", "registries.properties");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".config", "hostvirt", "registries.properties");
    }

    /** The insecure registries listed in the file; none when it does not exist. */
    public static Set<String> insecureRegistries(Path file) {
        if (!Files.isRegularFile(file)) {
            return Set.of();
        }
        Properties p = new Properties();
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new HostvirtException(Text.of("pull.error.registries.tooLarge", file), 2);
            }
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new HostvirtException(Text.of("pull.error.cannotRead", file, e.getMessage()), 2);
        }
        Set<String> out = new LinkedHashSet<>();
        for (String entry : p.getProperty("insecure", "").split("[,\\s]+")) {
            String host = entry.trim().replaceFirst("^[a-zA-Z]+://", "").replaceFirst("/.*$", "");
            if (!host.isEmpty()) {
                out.add(host);
            }
        }
        return out;
    }
}
