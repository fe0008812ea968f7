package dev.hostvirt.facts.macos;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the machine-readable listings of the VM-based container engines. Each answers null when
 * the text is not what the engine prints (never throws), an empty list when there are no VMs.
 */
public final class EngineListings {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One engine VM: its name, state, and the VM type or driver (applehv, vz, qemu, ...). */
    public record Vm(String name, boolean running, String vmType) {
    }

    /** A docker CLI context: which one is current and where it points. */
    public record DockerContext(String name, boolean current, String endpoint) {
    }

    private EngineListings() {
    }

    /** {@code podman machine list --format json}: a JSON array of Podman's ListReporter. */
    public static List<Vm> podmanMachines(String text) {
        List<JsonNode> nodes = values(text);
        if (nodes == null) {
            return null;
        }
        List<Vm> vms = new ArrayList<>();
        for (JsonNode array : nodes) {
            if (!array.isArray()) {
                return null;
            }
            for (JsonNode n : array) {
                vms.add(new Vm(n.path("Name").asText(""), n.path("Running").asBoolean(false),
                        lower(n.path("VMType").asText(null))));
            }
        }
        return vms;
    }

    /**
     * {@code limactl list --json}: one object per instance, concatenated rather than an array (on
     * purpose, lima-vm/lima#646). Lima 0.14+ adds {@code vmType}; older instances are QEMU.
     */
    public static List<Vm> limaInstances(String text) {
        List<JsonNode> nodes = values(text);
        if (nodes == null) {
            return null;
        }
        List<Vm> vms = new ArrayList<>();
        for (JsonNode n : nodes) {
            if (!n.isObject() || !n.has("name")) {
                return null;
            }
            vms.add(new Vm(n.path("name").asText(), "Running".equalsIgnoreCase(n.path("status").asText()),
                    lower(n.path("vmType").asText("qemu"))));
        }
        return vms;
    }

    /** {@code docker context ls --format json}: one object per line (Docker 23+), or an array. */
    public static List<DockerContext> dockerContexts(String text) {
        List<JsonNode> nodes = values(text);
        if (nodes == null) {
            return null;
        }
        List<DockerContext> contexts = new ArrayList<>();
        for (JsonNode n : nodes) {
            for (JsonNode c : n.isArray() ? n : List.of(n)) {
                if (!c.has("Name")) {
                    return null;
                }
                contexts.add(new DockerContext(c.path("Name").asText(), c.path("Current").asBoolean(false),
                        c.path("DockerEndpoint").asText(null)));
            }
        }
        return contexts;
    }

    /** {@code colima status --json}: the driver ("macOS Virtualization.Framework", "QEMU"), or null. */
    public static String colimaDriver(String text) {
        List<JsonNode> nodes = values(text);
        if (nodes == null || nodes.size() != 1 || !nodes.get(0).isObject()) {
            return null;
        }
        String driver = nodes.get(0).path("driver").asText(null);
        return driver == null || driver.isBlank() ? null : driver;
    }

    private static List<JsonNode> values(String text) {
        if (text == null || text.isBlank()) {
            return text == null ? null : List.of();
        }
        List<JsonNode> nodes = new ArrayList<>();
        // Read root values one by one: a reader's readValues would unwrap a root array.
        try (JsonParser parser = JSON.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                nodes.add(JSON.readTree(parser));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return nodes;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
