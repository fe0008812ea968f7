package dev.hostvirt.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.engine.store.Digest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The parts of an image config (image-spec config.md) the engine uses. {@code entrypoint} and
 * {@code cmd} are null when the image does not set them (which differs from set-but-empty);
 * {@code stopSignal} is empty when it sets none.
 */
public record ImageConfig(String os, String architecture, List<String> env, List<String> entrypoint, List<String> cmd,
        String workingDir, String user, List<String> exposedPorts, List<Digest> diffIds, String created, String stopSignal) {

    static ImageConfig from(JsonNode n) {
        JsonNode c = n.path("config");
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode d : n.path("rootfs").path("diff_ids")) {
            diffIds.add(Digest.parse(d.asText(null)));
        }
        List<String> ports = new ArrayList<>();
        Iterator<String> it = c.path("ExposedPorts").fieldNames();
        it.forEachRemaining(ports::add);
        return new ImageConfig(n.path("os").asText(""), n.path("architecture").asText(""),
                strings(c.get("Env")), nullableStrings(c.get("Entrypoint")), nullableStrings(c.get("Cmd")),
                c.path("WorkingDir").asText(""), c.path("User").asText(""), ports, diffIds, n.path("created").asText(""),
                c.path("StopSignal").asText(""));
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = nullableStrings(n);
        return out == null ? List.of() : out;
    }

    private static List<String> nullableStrings(JsonNode n) {
        if (n == null || n.isNull() || !n.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return List.copyOf(out);
    }
}
