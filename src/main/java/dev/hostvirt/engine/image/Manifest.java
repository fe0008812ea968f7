package dev.hostvirt.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.ArrayList;
import java.util.List;

/** An image manifest (OCI or Docker schema 2): the config and the ordered layers. */
public record Manifest(Descriptor config, List<Descriptor> layers) {
    public Manifest {
        layers = List.copyOf(layers);
    }

    static Manifest from(JsonNode n) {
        if (n.path("schemaVersion").asInt(0) != 2 || !n.has("config")) {
            throw new HostvirtException(Text.of("engine.error.image.notManifest"), 125);
        }
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode l : n.path("layers")) {
            layers.add(Descriptor.from(l));
        }
        return new Manifest(Descriptor.from(n.get("config")), layers);
    }
}
