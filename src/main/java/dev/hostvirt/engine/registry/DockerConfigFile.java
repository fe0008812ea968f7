package dev.hostvirt.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Docker's credentials file ({@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}):
 * {@code {"auths": {"<registry>": {"auth": base64("user:password")}}}}. hostvirt reads it so that a
 * {@code docker login} works for hostvirt too, and {@code hostvirt login} writes the same file, keeping
 * every other key (credsStore, proxies, ...) as it was. Credential helpers are not run.
 */
public final class DockerConfigFile {
    /** Docker Hub's credentials live under this legacy key (docker/cli registry.IndexServer). */
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    private static final long MAX_SIZE = 1 << 20;

    private final Path file;

    public DockerConfigFile(Path file) {
        this.file = file;
    }

    /** Where docker looks: DOCKER_CONFIG, else HOME (USERPROFILE on Windows). */
    public static DockerConfigFile locate(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        if (dir != null && !dir.isEmpty()) {
            return new DockerConfigFile(Path.of(dir, "config.json"));
        }
        String home = env.getOrDefault("HOME", env.getOrDefault("USERPROFILE", System.getProperty("user.home")));
        return new DockerConfigFile(Path.of(home, ".docker", "config.json"));
    }

    public Path file() {
        return file;
    }

    /** The credentials stored for a registry (as the user names it: docker.io, host:port). */
    public Optional<Credentials> lookup(String registry) {
        Map<String, Object> auths = JsonValues.object(readValues(), "auths");
        for (Map.Entry<String, Object> e : auths.entrySet()) {
            if (!sameRegistry(e.getKey(), registry)) {
                continue;
            }
            Map<String, Object> entry = JsonValues.object(e.getValue());
            String auth = JsonValues.string(entry, "auth", "");
            if (!auth.isEmpty()) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException ex) {
                    throw new HostvirtException(Text.of("pull.error.config.notBase64", registry, file, registry), 125);
                }
                int colon = decoded.indexOf(':');
                if (colon <= 0) {
                    throw new HostvirtException(Text.of("pull.error.config.notUserPassword", registry, file, registry), 125);
                }
                return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
            }
            String user = JsonValues.string(entry, "username", null);
            String password = JsonValues.string(entry, "password", null);
            if (user != null && password != null) {
                return Optional.of(new Credentials(user, password));
            }
        }
        return Optional.empty();
    }

    /** The file as plain maps (jackson-core only: a pull should not pay for databind, see JsonValues). */
    private Map<String, Object> readValues() {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new HostvirtException(Text.of("pull.error.config.tooLarge", file), 125);
            }
            byte[] bytes = Files.readAllBytes(file);
            if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                return Map.of();
            }
            Object root = JsonValues.parse(bytes);
            if (!(root instanceof Map)) {
                throw new HostvirtException(Text.of("pull.error.config.notObject", file), 125);
            }
            return JsonValues.object(root);
        } catch (IOException e) {
            throw new HostvirtException(Text.of("pull.error.cannotRead", file, String.valueOf(e.getMessage()).lines().findFirst().orElse("")), 125);
        }
    }

    /** Saves credentials for a registry, replacing any older entry for it. */
    public void store(String registry, Credentials credentials) {
        ObjectNode root = read();
        ObjectNode auths = root.path("auths").isObject() ? (ObjectNode) root.get("auths") : root.putObject("auths");
        removeEntries(auths, registry);
        String encoded = Base64.getEncoder().encodeToString(
                (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
        auths.putObject(key(registry)).put("auth", encoded);
        write(root);
    }

    /** Removes the credentials for a registry; false when there were none. */
    public boolean erase(String registry) {
        if (!Files.exists(file)) {
            return false;
        }
        ObjectNode root = read();
        if (!root.path("auths").isObject()) {
            return false;
        }
        boolean removed = removeEntries((ObjectNode) root.get("auths"), registry);
        if (removed) {
            write(root);
        }
        return removed;
    }

    static String key(String registry) {
        return isDockerHub(registry) ? DOCKER_HUB_KEY : registry;
    }

    private static boolean removeEntries(ObjectNode auths, String registry) {
        List<String> matching = new ArrayList<>();
        auths.fieldNames().forEachRemaining(k -> {
            if (sameRegistry(k, registry)) {
                matching.add(k);
            }
        });
        matching.forEach(auths::remove);
        return !matching.isEmpty();
    }

    /** Keys may be written as URLs ("https://host/v1/") or bare hosts; docker.io has three names. */
    static boolean sameRegistry(String key, String registry) {
        String host = key.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        if (isDockerHub(host) && isDockerHub(registry)) {
            return true;
        }
        return host.equalsIgnoreCase(registry);
    }

    private static boolean isDockerHub(String host) {
        return host.equals("docker.io") || host.equals("index.docker.io") || host.equals("registry-1.docker.io");
    }

    /** databind only for writing (login/logout), where unknown keys must survive: see JsonValues. */
    private static ObjectMapper json() {
        return new ObjectMapper();
    }

    private ObjectNode read() {
        ObjectMapper json = json();
        if (!Files.exists(file)) {
            return json.createObjectNode();
        }
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new HostvirtException(Text.of("pull.error.config.tooLarge", file), 125);
            }
            JsonNode root = json.readTree(Files.readAllBytes(file));
            if (root == null || root.isMissingNode() || root.isNull()) {
                return json.createObjectNode();
            }
            if (!root.isObject()) {
                throw new HostvirtException(Text.of("pull.error.config.notObject", file), 125);
            }
            return (ObjectNode) root;
        } catch (IOException e) {
            throw new HostvirtException(Text.of("pull.error.cannotRead", file, e.getMessage().lines().findFirst().orElse("")), 125);
        }
    }

    /**
     * Writes through a private (0600) temporary file in the same directory and renames it over the
     * old one, so a reader never sees half a file and the secret is never world-readable, not even
     * for a moment.
     */
    private void write(ObjectNode root) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            FileAttribute<?>[] attrs = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            tmp = Files.createTempFile(dir, ".config.json.", ".tmp", attrs);
            byte[] bytes = json().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                out.write(bytes);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new HostvirtException(Text.of("pull.error.cannotWrite", file, e.getMessage()), 125);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The temporary file is private and hidden; leaving it is harmless.
                }
            }
        }
    }
}
