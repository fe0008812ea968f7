package dev.hostvirt.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.store.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A manifest as a registry serves it: either an index (several platforms) or one image's manifest. */
public sealed interface ManifestDocument {

    /** An OCI image index or a Docker manifest list. */
    record Index(String mediaType, List<Descriptor> manifests) implements ManifestDocument {
        public Index {
            manifests = List.copyOf(manifests);
        }

        /**
         * The entry for {@code wanted}: an exact variant first, then the older variants the CPU also
         * runs. Entries whose platform is {@code unknown/unknown} (BuildKit attestations) never match.
         */
        public Optional<Descriptor> select(Platform wanted) {
            for (String variant : wanted.acceptedVariants()) {
                for (Descriptor d : manifests) {
                    Platform p = d.platform();
                    if (p != null && (d.mediaType() == null || MediaTypes.isManifest(d.mediaType()))) {
                        if (p.os().equals(wanted.os()) && p.architecture().equals(wanted.architecture())
                                && p.variant().equals(variant)) {
                            return Optional.of(d);
                        }
                    }
                }
            }
            return Optional.empty();
        }

        /** The platforms offered, for the error that says none matched. */
        public List<String> platforms() {
            List<String> out = new ArrayList<>();
            for (Descriptor d : manifests) {
                if (d.platform() != null && !d.platform().os().equals("unknown")) {
                    out.add(d.platform().toString());
                }
            }
            return out;
        }
    }

    /** One image: its config and its layers, in order. */
    record Image(String mediaType, Descriptor config, List<Descriptor> layers) implements ManifestDocument {
        public Image {
            layers = List.copyOf(layers);
        }
    }

    /**
     * Reads a manifest body. The media type comes from the body's {@code mediaType} field when it has
     * one, else from the response's Content-Type (OCI manifests may omit the field). Anything that is
     * not JSON of a known type is a registry error, exit 125.
     */
    static ManifestDocument parse(byte[] body, String contentType, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new HostvirtException("the registry sent a manifest that is not valid JSON", 125);
        }
        if (root == null || !root.isObject()) {
            throw new HostvirtException("the registry sent a manifest that is not a JSON object", 125);
        }
        String mediaType = root.path("mediaType").asText("");
        if (mediaType.isEmpty()) {
            mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim();
        }
        if (mediaType.isEmpty() || mediaType.equals("application/json")) {
            // OCI allows omitting mediaType; the shape tells them apart.
            mediaType = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        }
        if (mediaType.equals(MediaTypes.DOCKER_SCHEMA1) || mediaType.equals(MediaTypes.DOCKER_SCHEMA1_SIGNED)
                || root.path("schemaVersion").asInt(2) == 1) {
            throw new HostvirtException("the image uses Docker's deprecated manifest schema 1, which hostvirt does not pull; "
                    + "push it again with a current tool", 125);
        }
        if (MediaTypes.isIndex(mediaType)) {
            List<Descriptor> entries = new ArrayList<>();
            for (JsonNode m : root.path("manifests")) {
                entries.add(descriptor(m, true));
            }
            return new Index(mediaType, entries);
        }
        if (MediaTypes.isManifest(mediaType)) {
            if (!root.path("config").isObject()) {
                throw new HostvirtException("the registry sent a manifest without a config", 125);
            }
            Descriptor config = descriptor(root.path("config"), false);
            List<Descriptor> layers = new ArrayList<>();
            for (JsonNode l : root.path("layers")) {
                layers.add(descriptor(l, false));
            }
            return new Image(mediaType, config, layers);
        }
        throw new HostvirtException("the registry sent a manifest of unsupported type '" + mediaType + "'", 125);
    }

    private static Descriptor descriptor(JsonNode node, boolean withPlatform) {
        Digest digest = Digest.parse(node.path("digest").asText(null));
        long size = node.path("size").asLong(-1);
        if (size < 0) {
            throw new HostvirtException("the registry sent a descriptor for " + digest + " without a valid size", 125);
        }
        String mediaType = node.path("mediaType").isTextual() ? node.path("mediaType").asText() : null;
        Platform platform = null;
        if (withPlatform && node.path("platform").isObject()) {
            JsonNode p = node.path("platform");
            platform = new Platform(p.path("os").asText(""), p.path("architecture").asText(""),
                    p.path("variant").asText(""));
        }
        return new Descriptor(mediaType, digest, size, platform);
    }
}
