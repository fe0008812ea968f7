package dev.hostvirt.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.engine.Json;
import dev.hostvirt.engine.bundle.ProcessPlan;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A container as {@code podman inspect} shows one, so that scripts written for podman or docker
 * ({@code jq '.[0].State.Status'}, {@code --format '{{.State.ExitCode}}'}) read it the same way: the
 * keys podman 4 uses, with what hostvirt knows, and the zero values podman shows for what hostvirt
 * does not do (health checks, restart policies, a network address), so that a template naming them
 * prints what podman prints instead of failing. hostvirt's own additions are its notes (limits it
 * lowered) and the whole OCI config it generated.
 *
 * <p>{@code StartedAt} is the creation time (a container starts right after). Containers made before
 * the run recorded where the entrypoint ends show the whole command as {@code Config.Cmd}, and the
 * user as uid:gid.
 */
final class ContainerInspection {
    /** Go's zero time, which podman shows for a time that has not happened. */
    static final String NEVER = "0001-01-01T00:00:00Z";

    private ContainerInspection() {
    }

    /**
     * @param config the generated config.json, or a missing node when there is none
     * @param imageConfig the image config's "config" object (labels, stop signal), or a missing node
     * @param pid the container's init while it runs
     */
    static ObjectNode of(ContainerRecord r, Path bundle, JsonNode config, JsonNode imageConfig, Optional<Long> pid) {
        ObjectNode n = Json.object();
        n.put("Id", r.id());
        n.put("Created", r.created());
        n.put("Path", r.command().isEmpty() ? "" : r.command().get(0));
        ArrayNode args = n.putArray("Args");
        r.command().stream().skip(1).forEach(args::add);
        boolean running = "running".equals(r.status());
        ObjectNode state = n.putObject("State");
        state.put("Status", r.status()).put("Running", running).put("Paused", false).put("Restarting", false)
                .put("OOMKilled", r.oomKilled()).put("Dead", false).put("Pid", running ? pid.orElse(0L) : 0L);
        state.put("ExitCode", r.reportedExitCode());
        state.put("Error", "");
        state.put("StartedAt", r.created()).put("FinishedAt", r.finishedAt() == null ? NEVER : r.finishedAt());
        state.putObject("Health").put("Status", "").put("FailingStreak", 0).putNull("Log");
        n.put("Image", r.imageId().startsWith("sha256:") ? r.imageId().substring(7) : r.imageId());
        n.put("ImageName", r.image());
        n.put("Name", r.name());
        n.put("RestartCount", 0);
        n.put("Driver", "copy".equals(r.rootfsMode()) ? "vfs" : "overlay");
        n.put("OCIRuntime", r.runtime());
        n.put("OCIConfigPath", bundle.resolve("config.json").toString());
        n.put("StaticDir", bundle.toString());
        n.put("ResolvConfPath", bundle.resolve("resolv.conf").toString());
        n.put("HostnamePath", bundle.resolve("hostname").toString());
        n.put("HostsPath", bundle.resolve("hosts").toString());
        JsonNode process = config.path("process");
        ArrayNode caps = n.putArray("EffectiveCaps");
        process.path("capabilities").path("effective").forEach(caps::add);
        ArrayNode mounts = n.putArray("Mounts");
        for (JsonNode m : config.path("mounts")) {
            String source = m.path("source").asText();
            // The user's volumes: binds from outside the bundle (the bundle's own are /etc/hosts and the like).
            if ("bind".equals(m.path("type").asText()) && !source.startsWith(bundle + "/")) {
                boolean ro = false;
                for (JsonNode o : m.path("options")) {
                    ro |= "ro".equals(o.asText());
                }
                mounts.addObject().put("Type", "bind").put("Source", source).put("Destination", m.path("destination").asText())
                        .put("RW", !ro);
            }
        }
        n.putObject("NetworkSettings").put("IPAddress", "").putObject("Ports");
        ObjectNode cfg = n.putObject("Config");
        cfg.put("Hostname", config.path("hostname").asText(""));
        JsonNode annotations = config.path("annotations");
        JsonNode user = process.path("user");
        cfg.put("User", annotations.has(ProcessPlan.USER_ANNOTATION) ? annotations.get(ProcessPlan.USER_ANNOTATION).asText()
                : user.isMissingNode() ? "" : user.path("uid").asLong() + ":" + user.path("gid").asLong());
        ArrayNode env = cfg.putArray("Env");
        process.path("env").forEach(env::add);
        int entrypoint = Math.min(annotations.path(ProcessPlan.ENTRYPOINT_WORDS_ANNOTATION).asInt(0), r.command().size());
        ArrayNode entry = cfg.putArray("Entrypoint");
        r.command().subList(0, entrypoint).forEach(entry::add);
        ArrayNode cmd = cfg.putArray("Cmd");
        r.command().subList(entrypoint, r.command().size()).forEach(cmd::add);
        cfg.put("Image", r.image());
        cfg.put("WorkingDir", process.path("cwd").asText("/"));
        cfg.put("Tty", process.path("terminal").asBoolean(false));
        cfg.set("Labels", imageConfig.path("Labels").isObject() ? imageConfig.get("Labels") : Json.object());
        // A number, as podman's container inspect gives it (scripts compare it with 15): the one stop sends.
        cfg.put("StopSignal", StopSignal.recorded(annotations.path(StopSignal.ANNOTATION).asText(null)));
        ObjectNode host = n.putObject("HostConfig");
        host.put("AutoRemove", r.autoRemove());
        ArrayNode binds = host.putArray("Binds");
        for (JsonNode m : n.path("Mounts")) {
            binds.add(m.path("Source").asText() + ":" + m.path("Destination").asText() + (m.path("RW").asBoolean() ? "" : ":ro"));
        }
        host.put("Privileged", false);
        host.putObject("RestartPolicy").put("Name", "").put("MaximumRetryCount", 0);
        boolean ownNetwork = false;
        for (JsonNode ns : config.path("linux").path("namespaces")) {
            ownNetwork |= "network".equals(ns.path("type").asText());
        }
        host.put("NetworkMode", ownNetwork ? "none" : "host");
        host.put("ReadonlyRootfs", config.path("root").path("readonly").asBoolean(false));
        host.put("Runtime", "oci"); // podman's word here; the runtime itself is OCIRuntime
        JsonNode resources = config.path("linux").path("resources");
        host.put("Memory", resources.path("memory").path("limit").asLong(0));
        long quota = resources.path("cpu").path("quota").asLong(0);
        long period = resources.path("cpu").path("period").asLong(0);
        host.put("NanoCpus", quota > 0 && period > 0 ? quota * 1_000_000_000L / period : 0);
        host.put("PidsLimit", resources.path("pids").path("limit").asLong(0));
        ArrayNode notes = n.putArray("HostvirtNotes");
        r.notes().forEach(notes::add);
        if (!config.isMissingNode()) {
            n.set("OCIConfig", config);
        }
        return n;
    }
}
