package dev.hostvirt.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Docker's credentials file ({@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}):
 * {@code {"auths": {"<registry>": {"auth": base64("user:password")}}}}. hostvirt reads it so that a
 * {@code docker login} works for hostvirt too, and {@code hostvirt login} writes the same file, keeping
 * every other key (proxies, ...) as it was. When the file names a credential helper for a registry
 * ({@code credHelpers}, else {@code credsStore}), the secret lives in the helper, as docker keeps it:
 * lookups ask the helper first (then the file, which docker would not: a {@code hostvirt login} from
 * before the helper was configured keeps working; a helper that is not installed is passed over),
 * login stores there (and fails when it is not installed), logout erases the file's entry and the
 * helper's (warning when the helper fails).
 */
public final class DockerConfigFile {
    /** Docker Hub's credentials live under this legacy key (docker/cli registry.IndexServer). */
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    private static final long MAX_SIZE = 1 << 20;

    private final Path file;
    /** Where credential helpers are looked for: the user's PATH. */
    private final String searchPath;

    public DockerConfigFile(Path file) {
        this(file, System.getenv("PATH"));
    }

    public DockerConfigFile(Path file, String searchPath) {
        this.file = file;
        this.searchPath = searchPath;
    }

    /** Where docker looks: DOCKER_CONFIG, else HOME (USERPROFILE on Windows). */
    public static DockerConfigFile locate(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        String path = env.get("PATH");
        if (dir != null && !dir.isEmpty()) {
            return new DockerConfigFile(Path.of(dir, "config.json"), path);
        }
        String home = env.getOrDefault("HOME", env.getOrDefault("USERPROFILE", System.getProperty("user.home")));
        return new DockerConfigFile(Path.of(home, ".docker", "config.json"), path);
    }

    public Path file() {
        return file;
    }

    /** The credentials stored for a registry (as the user names it: docker.io, host:port). */
    public Optional<Credentials> lookup(String registry) {
        Map<String, Object> values = readValues();
        // A helper that is not installed is passed over here (docker fails every pull, even of public
        // images, when a config copied from Docker Desktop names "desktop"): then the file, then none.
        Optional<CredentialHelper> helper = helperName(values, registry).flatMap(name -> CredentialHelper.locate(name, searchPath, file));
        if (helper.isPresent()) {
            Optional<Credentials> kept = helper.get().get(key(registry));
            if (kept.isPresent()) {
                return kept;
            }
        }
        Map<String, Object> auths = JsonValues.object(values, "auths");
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

    /**
     * The helper docker would use for {@code registry}: its entry in {@code credHelpers}, else
     * {@code credsStore}; empty when neither names one.
     */
    private Optional<CredentialHelper> helperFor(Map<String, Object> values, String registry) {
        return helperName(values, registry).map(name -> CredentialHelper.find(name, searchPath, file));
    }

    /**
     * Where the credentials of {@code registry} are kept, for messages: its credential helper
     * ({@code docker-credential-NAME}) when the file names one, else the file.
     */
    public String placeOf(String registry) {
        return helperName(readValues(), registry).map(name -> "docker-credential-" + name).orElse(file.toString());
    }

    private static Optional<String> helperName(Map<String, Object> values, String registry) {
        for (Map.Entry<String, Object> e : JsonValues.object(values, "credHelpers").entrySet()) {
            if (sameRegistry(e.getKey(), registry)) {
                // As docker: an entry wins even when empty, which is how one registry opts out of credsStore.
                return e.getValue() instanceof String name && !name.isEmpty() ? Optional.of(name) : Optional.empty();
            }
        }
        String store = JsonValues.string(values, "credsStore", "");
        return store.isEmpty() ? Optional.empty() : Optional.of(store);
    }

    /**
     * Saves credentials for a registry, replacing any older entry for it: in its credential helper
     * when the file names one (the file then keeps no secret for it), else in the file.
     */
    public void store(String registry, Credentials credentials) {
        Optional<CredentialHelper> helper = helperFor(readValues(), registry);
        if (helper.isPresent()) {
            helper.get().store(key(registry), credentials);
            if (Files.exists(file)) {
                ObjectNode root = read();
                if (root.path("auths").isObject() && removeEntries((ObjectNode) root.get("auths"), registry)) {
                    write(root);
                }
            }
            return;
        }
        ObjectNode root = read();
        ObjectNode auths = root.path("auths").isObject() ? (ObjectNode) root.get("auths") : root.putObject("auths");
        removeEntries(auths, registry);
        String encoded = Base64.getEncoder().encodeToString(
                (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
        auths.putObject(key(registry)).put("auth", encoded);
        write(root);
    }

    /** What logout did: whether anything was removed, and a helper's failure to pass on as a warning. */
    public record Erasure(boolean removed, HostvirtException helperFailure) {
    }

    /**
     * Removes the credentials for a registry: the file's entry first (so a secret in the file goes even
     * when the helper is missing or fails), then the helper's. A helper that is not installed is passed
     * over; one that fails is reported, not fatal, as docker warns and logs out.
     */
    public Erasure erase(String registry) {
        if (!Files.exists(file)) {
            return new Erasure(false, null);
        }
        boolean removed = false;
        ObjectNode root = read();
        if (root.path("auths").isObject() && removeEntries((ObjectNode) root.get("auths"), registry)) {
            write(root);
            removed = true;
        }
        Optional<CredentialHelper> helper = helperName(readValues(), registry).flatMap(name -> CredentialHelper.locate(name, searchPath, file));
        if (helper.isPresent()) {
            try {
                removed |= helper.get().erase(key(registry));
            } catch (HostvirtException e) {
                return new Erasure(removed, e);
            }
        }
        return new Erasure(removed, null);
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

    /** See {@link ConfigFileSave}: through a link, atomically, keeping the old file's mode and owner. */
    private void write(ObjectNode root) {
        try {
            ConfigFileSave.save(file, json().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root));
        } catch (IOException e) {
            throw new HostvirtException(Text.of("pull.error.cannotWrite", file, e.getMessage()), 125);
        }
    }
}
