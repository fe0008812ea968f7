package dev.hostvirt.engine.registry;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.i18n.Text;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference normalized exactly as Docker does it (distribution/reference
 * {@code ParseNormalizedNamed}): {@code nginx} is {@code docker.io/library/nginx:latest}; the first
 * path component is a registry only when it contains '.' or ':', is {@code localhost}, or has an
 * upper-case letter; {@code index.docker.io} is {@code docker.io}; a digest without a tag gets no
 * default tag; a tag and a digest may both be given, and the digest is what gets pulled.
 *
 * @param registry the registry as the user names it ({@code docker.io}, {@code 127.0.0.1:5000})
 * @param repository the repository path inside the registry ({@code library/nginx})
 * @param tag the tag, or null when only a digest was given
 * @param digest the digest, or null
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";

    // distribution/reference regexp.go, written out: a path component, and a domain.
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");
    private static final int NAME_TOTAL_LENGTH_MAX = 255;

    public ImageReference {
        if (tag == null && digest == null) {
            tag = "latest";
        }
    }

    /** Parses what a user typed; a malformed reference is exit 125, as docker and podman answer it. */
    public static ImageReference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text, Text.of("pull.error.reference.empty"));
        }
        String remainder = text;
        Digest digest = null;
        int at = remainder.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(remainder.substring(at + 1));
            } catch (HostvirtException e) {
                throw invalid(text, Text.of("pull.error.reference.digest"));
            }
            remainder = remainder.substring(0, at);
        }
        String tag = null;
        int colon = remainder.lastIndexOf(':');
        if (colon > remainder.lastIndexOf('/')) {
            tag = remainder.substring(colon + 1);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(text, Text.of("pull.error.reference.tag", tag));
            }
            remainder = remainder.substring(0, colon);
        }
        if (remainder.isEmpty()) {
            throw invalid(text, Text.of("pull.error.reference.noRepository"));
        }
        if (HEX64.matcher(remainder).matches()) {
            throw invalid(text, Text.of("pull.error.reference.imageId"));
        }
        String registry;
        String path;
        int slash = remainder.indexOf('/');
        String first = slash < 0 ? "" : remainder.substring(0, slash);
        if (slash < 0 || (first.indexOf('.') < 0 && first.indexOf(':') < 0 && !first.equals("localhost")
                && first.toLowerCase(Locale.ROOT).equals(first))) {
            registry = DOCKER_HUB;
            path = remainder;
        } else {
            registry = first;
            path = remainder.substring(slash + 1);
            if (!DOMAIN.matcher(registry).matches()) {
                throw invalid(text, Text.of("pull.error.reference.registry", registry));
            }
            if (!portInRange(registry)) {
                throw invalid(text, Text.of("pull.error.reference.port", registry.substring(registry.lastIndexOf(':') + 1)));
            }
        }
        if (registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
            path = "library/" + path;
        }
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                if (!component.toLowerCase(Locale.ROOT).equals(component)) {
                    throw invalid(text, Text.of("pull.error.reference.lowercase"));
                }
                throw invalid(text, Text.of("pull.error.reference.repository", path));
            }
        }
        if (registry.length() + 1 + path.length() > NAME_TOTAL_LENGTH_MAX) {
            throw invalid(text, Text.of("pull.error.reference.tooLong"));
        }
        return new ImageReference(registry, path, tag, digest);
    }

    /**
     * A registry as given to login/logout: {@code https://host:port/v1/} and {@code host:port} are the
     * same; Docker Hub's three names are {@code docker.io}. Bad input is exit 125.
     */
    public static String registryHost(String text) {
        String host = text == null ? "" : text.trim().replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        if (!DOMAIN.matcher(host).matches() || !portInRange(host)) {
            throw new HostvirtException(Text.of("pull.error.registry", text), 125);
        }
        return host.equals("index.docker.io") || host.equals("registry-1.docker.io") ? DOCKER_HUB : host;
    }

    /**
     * Whether a domain's port, if it has one, is a TCP port (1-65535). The grammar (distribution's)
     * takes any digits; a port out of range then failed at the first connection, with the JDK's words.
     */
    private static boolean portInRange(String domain) {
        int colon = domain.lastIndexOf(':');
        if (colon < 0 || domain.endsWith("]")) {
            return true;
        }
        String port = domain.substring(colon + 1);
        return port.length() <= 5 && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
    }

    /** The host serving a registry's API (Docker Hub's is registry-1.docker.io). */
    public static String apiHostOf(String registry) {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    private static HostvirtException invalid(String text, Text why) {
        String shown = text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
        return new HostvirtException(Text.of("pull.error.reference.invalid", shown, why), 125);
    }

    /** {@code registry/repository}, as docker prints the name. */
    public String name() {
        return registry + "/" + repository;
    }

    /** What to ask the registry for: the digest when there is one, else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** The host the HTTP API lives on: Docker Hub's API is not at docker.io itself. */
    public String apiHost() {
        return apiHostOf(registry);
    }

    /** The same image pinned to a digest (drops the tag, as {@code name@digest}). */
    public ImageReference withDigest(Digest pinned) {
        return new ImageReference(registry, repository, tag, pinned);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name());
        if (tag != null) {
            sb.append(':').append(tag);
        }
        if (digest != null) {
            sb.append('@').append(digest);
        }
        return sb.toString();
    }
}
