package dev.hostvirt.engine.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.LinkedHashMap;
import java.util.Map;

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
     * @param container the {@code process} object of the container's config.json
     * @param user the user to run as, resolved in the container's files; null for the container's own
     */
    public static ObjectNode of(JsonNode container, ExecRequest request, UserResolver.User user) {
        if (request.workdir() != null && !request.workdir().startsWith("/")) {
            throw new HostvirtException(Text.of("engine.error.workdirRelative", request.workdir()), 125);
        }
        ObjectNode p = container.deepCopy();
        p.put("terminal", request.tty());
        p.remove("consoleSize");
        ArrayNode args = p.putArray("args");
        request.args().forEach(args::add);
        p.set("env", env(container.path("env"), request));
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
        ObjectNode caps = p.with("capabilities");
        // As for the container's own process: root gets the container's capabilities, others none.
        ArrayNode bounding = caps.withArray("bounding");
        for (String set : new String[] {"effective", "permitted"}) {
            caps.set(set, uid == 0 ? bounding.deepCopy() : caps.arrayNode());
        }
        caps.putArray("ambient");
        return p;
    }

    /** Docker's order: TERM=xterm with -t, then the container's environment, then -e; the last of a name wins. */
    private static ArrayNode env(JsonNode containerEnv, ExecRequest request) {
        Map<String, String> env = new LinkedHashMap<>();
        if (request.tty()) {
            env.put("TERM", "xterm");
        }
        containerEnv.forEach(e -> ProcessPlan.put(env, e.asText()));
        request.env().forEach(e -> ProcessPlan.put(env, e));
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }
}
