package dev.hostvirt.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.engine.Json;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An image as {@code podman image inspect} shows one (the keys scripts read: Id, RepoTags,
 * RepoDigests, Created, Architecture, Os, Config, RootFS), from its record and its config blob.
 */
public final class ImageInspection {
    private ImageInspection() {
    }

    /**
     * @param image the record asked for
     * @param names every record of the same image (config), for its tags and digests
     * @param config the image's config blob, as stored
     */
    public static ObjectNode of(ImageRecord image, List<ImageRecord> names, JsonNode config) {
        ObjectNode n = Json.object();
        n.put("Id", image.config().hex());
        n.put("Digest", image.manifest().toString());
        ArrayNode tags = n.putArray("RepoTags");
        Set<String> digests = new LinkedHashSet<>();
        for (ImageRecord r : names) {
            if (r.ref().contains("@")) {
                digests.add(r.ref());
            } else {
                tags.add(r.ref());
                if (r.index() != null) { // first, as podman lists them
                    digests.add(ImageNames.repository(r.ref()) + "@" + r.index());
                }
                digests.add(ImageNames.repository(r.ref()) + "@" + r.manifest());
            }
        }
        ArrayNode repoDigests = n.putArray("RepoDigests");
        digests.forEach(repoDigests::add);
        if (image.created() == null || image.created().isEmpty()) {
            n.putNull("Created"); // as podman shows an image that says nothing of it
        } else {
            n.put("Created", image.created());
        }
        n.put("Architecture", config.path("architecture").asText(""));
        n.put("Os", config.path("os").asText(""));
        if (config.hasNonNull("variant")) {
            n.put("Variant", config.path("variant").asText());
        }
        ObjectNode cfg = config.path("config").isObject() ? ((ObjectNode) config.get("config")).deepCopy() : Json.object();
        // The zero values podman's structure shows for what the image does not set, so that a template
        // naming them ({{.Config.Entrypoint}}) prints [] as podman's does instead of failing.
        for (String list : new String[] {"Env", "Entrypoint", "Cmd"}) {
            if (!cfg.hasNonNull(list)) {
                cfg.putArray(list);
            }
        }
        for (String text : new String[] {"User", "WorkingDir", "StopSignal"}) {
            if (!cfg.hasNonNull(text)) {
                cfg.put(text, "");
            }
        }
        for (String map : new String[] {"Labels", "ExposedPorts", "Volumes"}) {
            if (!cfg.hasNonNull(map)) {
                cfg.putObject(map);
            }
        }
        n.set("Config", cfg);
        ObjectNode rootfs = n.putObject("RootFS");
        rootfs.put("Type", config.path("rootfs").path("type").asText("layers"));
        ArrayNode layers = rootfs.putArray("Layers");
        config.path("rootfs").path("diff_ids").forEach(layers::add);
        return n;
    }
}
