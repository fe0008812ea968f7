package dev.hostvirt.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.i18n.Text;
import java.util.Map;
import java.util.TreeMap;

/** An OCI content descriptor; the digest is validated on parse (CVE-2024-3727). */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform, Map<String, String> annotations) {

    public Descriptor {
        annotations = Map.copyOf(annotations);
    }

    static Descriptor from(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new HostvirtException(Text.of("engine.error.image.descriptor"), 125);
        }
        Digest d = Digest.parse(n.path("digest").asText(null));
        Platform p = null;
        JsonNode pl = n.get("platform");
        if (pl != null && pl.isObject()) {
            p = new Platform(pl.path("os").asText(""), pl.path("architecture").asText(""), pl.path("variant").asText(""));
        }
        Map<String, String> ann = new TreeMap<>();
        JsonNode a = n.path("annotations");
        a.fieldNames().forEachRemaining(k -> ann.put(k, a.get(k).asText()));
        return new Descriptor(n.path("mediaType").asText(""), d, n.path("size").asLong(-1), p, ann);
    }
}
