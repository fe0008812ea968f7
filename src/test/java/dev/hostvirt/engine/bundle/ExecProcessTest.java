package dev.hostvirt.engine.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** exec's process: the container's own, with the command, environment, user and terminal asked for. */
class ExecProcessTest {
    /** A container's config.json: its process, and what run set by default in its environment. */
    private static JsonNode container(String defaulted, String... env) throws IOException {
        ObjectNode config = (ObjectNode) container();
        config.withObject("/annotations").put(ProcessPlan.DEFAULTED_ANNOTATION, defaulted);
        var list = ((ObjectNode) config.get("process")).putArray("env");
        for (String e : env) {
            list.add(e);
        }
        return config;
    }

    private static JsonNode container() throws IOException {
        return Json.read(("""
                {"process": {"terminal": false, "consoleSize": {"height": 1, "width": 1},
                 "user": {"uid": 0, "gid": 0, "additionalGids": [10]},
                 "args": ["sh"], "env": ["PATH=/bin", "TERM=linux", "A=container"], "cwd": "/srv",
                 "capabilities": {"bounding": ["CAP_CHOWN", "CAP_KILL"], "effective": ["CAP_CHOWN", "CAP_KILL"],
                   "permitted": ["CAP_CHOWN", "CAP_KILL"], "inheritable": [], "ambient": []},
                 "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}], "noNewPrivileges": true},
                 "mounts": [], "annotations": {"dev.hostvirt.env.defaulted": ""}}
                """).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void keepsTheContainersConfinementAndAddsTheRequest() throws IOException {
        ObjectNode p = ExecProcess.of(container(), new ExecRequest(List.of("ls", "-l"), List.of("A=user", "B=2"), null, null, false, false),
                null);
        assertEquals(List.of("ls", "-l"), texts(p.get("args")));
        assertEquals(List.of("PATH=/bin", "TERM=linux", "A=user", "B=2", "HOME=/"), texts(p.get("env")),
                "-e adds to and overrides the container's; HOME is never missing");
        assertEquals("/srv", p.get("cwd").asText());
        assertTrue(p.get("noNewPrivileges").asBoolean());
        assertEquals(1024, p.at("/rlimits/0/hard").asInt());
        assertEquals(List.of("CAP_CHOWN", "CAP_KILL"), texts(p.at("/capabilities/effective")));
        assertEquals(List.of(10), List.of(p.at("/user/additionalGids/0").asInt()));
        assertFalse(p.get("terminal").asBoolean());
        assertEquals(List.of("sh"), texts(container().at("/process/args")), "the container's own is not changed");
    }

    @Test
    void aTerminalAddsTermUnderTheContainersAndAnotherUserLosesTheCapabilities() throws IOException {
        ObjectNode p = ExecProcess.of(container(), new ExecRequest(List.of("sh"), List.of(), "web", "/tmp", true, true),
                new UserResolver.User(33, 33, List.of(4L), "/var/www"));
        assertTrue(p.get("terminal").asBoolean());
        assertFalse(p.has("consoleSize"), "the runtime takes the size from the user's terminal");
        assertTrue(texts(p.get("env")).contains("TERM=linux"), "the container's TERM wins, as Docker's does");
        assertEquals("/tmp", p.get("cwd").asText());
        assertEquals(33, p.at("/user/uid").asInt());
        assertEquals(List.of(4), List.of(p.at("/user/additionalGids/0").asInt()));
        assertEquals(List.of(), texts(p.at("/capabilities/effective")));
        assertEquals(List.of(), texts(p.at("/capabilities/permitted")));
        assertEquals(List.of("CAP_CHOWN", "CAP_KILL"), texts(p.at("/capabilities/bounding")));

        assertEquals(List.of("TERM=xterm", "PATH=/bin", "HOME=/"), texts(ExecProcess.of(container("", "PATH=/bin"),
                new ExecRequest(List.of("sh"), List.of(), null, null, true, true), null).get("env")));
    }

    @Test
    void whatRunSetByDefaultIsMadeAgainForTheExecsOwnProcess() throws IOException {
        // run -t -u root: TERM and HOME were run's defaults; the image set LANG.
        JsonNode config = container("HOME,TERM", "PATH=/bin", "TERM=xterm", "LANG=C.UTF-8", "HOME=/root");
        ExecRequest plain = new ExecRequest(List.of("sh"), List.of(), null, null, false, false);
        assertEquals(List.of("PATH=/bin", "LANG=C.UTF-8", "HOME=/root"), texts(ExecProcess.of(config, plain, null).get("env")),
                "no -t, no TERM; the container's user's HOME");
        UserResolver.User web = new UserResolver.User(33, 33, List.of(), "/var/www");
        assertEquals(List.of("PATH=/bin", "LANG=C.UTF-8", "HOME=/var/www"), texts(ExecProcess.of(config, plain, web).get("env")),
                "exec -u web: web's HOME, as run -u web gives");
        assertEquals(List.of("PATH=/bin", "LANG=C.UTF-8", "HOME=/tmp"), texts(ExecProcess.of(config,
                new ExecRequest(List.of("sh"), List.of("HOME=/tmp"), null, null, false, false), web).get("env")), "-e wins");
        // The image's own HOME is the image's, whoever runs.
        JsonNode imageHome = container("", "PATH=/bin", "HOME=/srv");
        assertEquals(List.of("PATH=/bin", "HOME=/srv"), texts(ExecProcess.of(imageHome, plain, web).get("env")));
    }

    @Test
    void aRelativeWorkdirOrABadVariableIsRefused() {
        assertThrows(HostvirtException.class, () -> ExecProcess.of(container(),
                new ExecRequest(List.of("sh"), List.of(), null, "tmp", false, false), null));
        assertThrows(HostvirtException.class, () -> ExecProcess.of(container(),
                new ExecRequest(List.of("sh"), List.of("=x"), null, null, false, false), null));
    }
}
