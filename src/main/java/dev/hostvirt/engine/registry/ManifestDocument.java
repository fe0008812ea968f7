package dev.hostvirt.engine.registry;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    static ManifestDocument parse(byte[] body, String contentType) {
        Object parsed;
        try {
            parsed = JsonValues.parse(body);
        } catch (IOException e) {
            throw new HostvirtException(Text.of("pull.error.manifest.notJson"), 125);
        }
        if (!(parsed instanceof Map)) {
            throw new HostvirtException(Text.of("pull.error.manifest.notObject"), 125);
        }
        Map<String, Object> root = JsonValues.object(parsed);
        String mediaType = JsonValues.string(root, "mediaType", "");
        if (mediaType.isEmpty()) {
            mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim();
        }
        if (mediaType.isEmpty() || mediaType.equals("application/json")) {
            // OCI allows omitting mediaType; the shape tells them apart.
            mediaType = root.containsKey("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        }
        if (mediaType.equals(MediaTypes.DOCKER_SCHEMA1) || mediaType.equals(MediaTypes.DOCKER_SCHEMA1_SIGNED)
                || JsonValues.number(root, "schemaVersion", 2) == 1) {
            throw new HostvirtException(Text.of("pull.error.manifest.schema1"), 125);
        }
        if (MediaTypes.isIndex(mediaType)) {
            List<Descriptor> entries = new ArrayList<>();
            for (Object m : JsonValues.array(root, "manifests")) {
                entries.add(descriptor(JsonValues.object(m), true));
            }
            return new Index(mediaType, entries);
        }
        if (MediaTypes.isManifest(mediaType)) {
            if (!(root.get("config") instanceof Map)) {
                throw new HostvirtException(Text.of("pull.error.manifest.noConfig"), 125);
            }
            Descriptor config = descriptor(JsonValues.object(root, "config"), false);
            List<Descriptor> layers = new ArrayList<>();
            for (Object l : JsonValues.array(root, "layers")) {
                layers.add(descriptor(JsonValues.object(l), false));
            }
            return new Image(mediaType, config, layers);
        }
        throw new HostvirtException(Text.of("pull.error.manifest.type", mediaType), 125);
    }

    private static Descriptor descriptor(Map<String, Object> node, boolean withPlatform) {
        Digest digest = Digest.parse(JsonValues.string(node, "digest", null));
        long size = JsonValues.number(node, "size", -1);
        if (size < 0) {
            throw new HostvirtException(Text.of("pull.error.manifest.size", digest), 125);
        }
        String mediaType = JsonValues.string(node, "mediaType", null);
        Platform platform = null;
        if (withPlatform && node.get("platform") instanceof Map) {
            Map<String, Object> p = JsonValues.object(node, "platform");
            platform = new Platform(JsonValues.string(p, "os", ""), JsonValues.string(p, "architecture", ""),
                    JsonValues.string(p, "variant", ""));
        }
        return new Descriptor(mediaType, digest, size, platform);
    }
}
