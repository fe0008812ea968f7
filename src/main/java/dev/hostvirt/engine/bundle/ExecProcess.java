package dev.hostvirt.engine.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OCI process of {@code hostvirt exec}, given to the runtime whole ({@code exec --process}) as
 * podman does: made from the container's own process (capabilities, rlimits, no-new-privileges,
 * environment), so an exec'd command is confined as the container is. Passing --env instead meant
 * different things to the two runtimes: runc adds to the container's environment, crun 1.8 replaces
 * it (PATH went missing and {@code exec -e A=1 c sh} found no sh).
 */
public final class ExecProcess {
    private ExecProcess() {
    }

    /**
     * @param config the container's config.json: its process, and the names of the variables that
     *     run set by default rather than from the image or -e ({@link ProcessPlan#DEFAULTED_ANNOTATION})
     * @param user the user to run as, resolved in the container's files; null for the container's own
     */
    public static ObjectNode of(JsonNode config, ExecRequest request, UserResolver.User user) {
        if (request.workdir() != null && !request.workdir().startsWith("/")) {
            throw new HostvirtException(Text.of("engine.error.workdirRelative", request.workdir()), 125);
        }
        JsonNode container = config.path("process");
        ObjectNode p = container.deepCopy();
        p.put("terminal", request.tty());
        p.remove("consoleSize");
        ArrayNode args = p.putArray("args");
        request.args().forEach(args::add);
        Set<String> defaulted = new HashSet<>(List.of(config.path("annotations").path(ProcessPlan.DEFAULTED_ANNOTATION).asText("").split(",")));
        p.set("env", env(container.path("env"), defaulted, request, user));
        if (request.workdir() != null) {
            p.put("cwd", request.workdir());
        }
        if (user != null) {
            ObjectNode u = p.putObject("user");
            u.put("uid", user.uid()).put("gid", user.gid());
            ArrayNode gids = u.putArray("additionalGids");
            user.additionalGids().forEach(gids::add);
        }
        long uid = p.path("user").path("uid").asLong(0);
        long containersUid = container.path("user").path("uid").asLong(0);
        ObjectNode caps = p.withObject("/capabilities");
        // As podman: root gets the container's capabilities; the container's own user, when not root,
        // what --cap-add gave it (its ambient set); anyone else none.
        ArrayNode bounding = caps.withArray("bounding");
        JsonNode ambient = container.path("capabilities").path("ambient");
        ArrayNode given = uid == 0 ? bounding.deepCopy()
                : uid == containersUid && ambient.isArray() ? ((ArrayNode) ambient).deepCopy() : caps.arrayNode();
        for (String set : new String[] {"effective", "permitted"}) {
            caps.set(set, given.deepCopy());
        }
        caps.set("inheritable", uid == 0 ? caps.arrayNode() : given.deepCopy());
        caps.set("ambient", uid == 0 ? caps.arrayNode() : given.deepCopy());
        return p;
    }

    /**
     * Docker's order: TERM=xterm with -t, then the container's environment, then -e; the last of a
     * name wins. What run set by default is made again for this process, as Docker makes it per
     * process: a -t run's TERM only with exec -t, HOME from the exec's own user.
     */
    private static ArrayNode env(JsonNode containerEnv, Set<String> defaulted, ExecRequest request, UserResolver.User user) {
        Map<String, String> env = new LinkedHashMap<>();
        if (request.tty()) {
            env.put("TERM", "xterm");
        }
        String containersHome = "/";
        for (JsonNode e : containerEnv) {
            String kv = e.asText();
            String name = kv.contains("=") ? kv.substring(0, kv.indexOf('=')) : kv;
            if (name.equals("HOME") && defaulted.contains(name)) {
                containersHome = kv.substring(kv.indexOf('=') + 1);
            } else if (!defaulted.contains(name)) {
                ProcessPlan.put(env, kv);
            }
        }
        request.env().forEach(e -> ProcessPlan.put(env, e));
        if (env.getOrDefault("HOME", "").isEmpty()) {
            String home = user != null ? user.home() : containersHome;
            env.put("HOME", home == null || home.isEmpty() ? "/" : home);
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }
}
