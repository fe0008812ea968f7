package dev.hostvirt.engine.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.Json;
import dev.hostvirt.engine.image.ImageConfig;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container's process, merged from the image config and the run options as Docker does:
 * {@code --entrypoint} replaces the image's ENTRYPOINT and drops its CMD; arguments replace CMD;
 * {@code -e} overrides image Env; PATH and HOME are never missing or empty; TERM is xterm with -t
 * (under the image's and the user's), and not set without it.
 */
public record ProcessPlan(List<String> args, List<String> env, String cwd, boolean cwdFromUser, UserResolver.User user) {
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** config.json annotation: the variables {@link #defaulted} names, comma-separated, for exec. */
    public static final String DEFAULTED_ANNOTATION = "dev.hostvirt.env.defaulted";

    /** Where the command's entrypoint ends, for inspect's Config.Entrypoint and Config.Cmd. */
    public static final String ENTRYPOINT_WORDS_ANNOTATION = "dev.hostvirt.entrypoint.words";
    /** The user as asked (-u, else the image's USER; empty: root by default), for inspect's Config.User. */
    public static final String USER_ANNOTATION = "dev.hostvirt.user";

    /** How many of {@link #command}'s words are the entrypoint. */
    public static int entrypointWords(ImageConfig image, RunSpec run) {
        if (run.entrypoint() != null) {
            return entrypointWords(run.entrypoint()).size();
        }
        return image.entrypoint() == null ? 0 : image.entrypoint().size();
    }

    public static List<String> command(ImageConfig image, RunSpec run) {
        List<String> entry;
        List<String> cmd;
        if (run.entrypoint() != null) {
            entry = entrypointWords(run.entrypoint());
            cmd = run.args();
        } else {
            entry = image.entrypoint() == null ? List.of() : image.entrypoint();
            cmd = run.args().isEmpty() ? (image.cmd() == null ? List.of() : image.cmd()) : run.args();
        }
        List<String> all = new ArrayList<>(entry);
        all.addAll(cmd);
        return all;
    }

    /**
     * {@code --entrypoint} as podman reads it: a JSON array of strings is the whole entrypoint
     * ({@code '["sh","-c"]'}), anything else one word; the empty string clears the image's.
     */
    static List<String> entrypointWords(String given) {
        if (given.isEmpty() || given.strip().equals("null")) {
            return List.of(); // JSON null, which Go reads into an empty list: podman clears the entrypoint
        }
        if (given.strip().startsWith("[")) {
            try {
                JsonNode node = Json.read(given.getBytes(StandardCharsets.UTF_8));
                if (node.isArray()) {
                    List<String> words = new ArrayList<>();
                    for (JsonNode word : node) {
                        if (word.isNull()) {
                            words.add(""); // Go's json.Unmarshal into []string: null is ""
                        } else if (word.isTextual()) {
                            words.add(word.asText());
                        } else {
                            return List.of(given); // not a list of strings: podman takes it as one word
                        }
                    }
                    return words;
                }
            } catch (IOException notJson) {
                // a command whose name starts with '[' (test's other name, say): one word, as podman
            }
        }
        return List.of(given);
    }

    public static List<String> env(ImageConfig image, List<String> userEnv, String home, String hostname, boolean tty) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        if (tty) {
            env.put("TERM", "xterm"); // Docker's (daemon/oci_linux.go); podman's too
        }
        for (String e : image.env()) {
            put(env, e);
        }
        env.put("HOSTNAME", hostname);
        for (String e : userEnv) {
            put(env, e);
        }
        if (env.getOrDefault("PATH", "").isEmpty()) {
            env.put("PATH", DEFAULT_PATH);
        }
        if (env.getOrDefault("HOME", "").isEmpty()) {
            env.put("HOME", home == null || home.isEmpty() ? "/" : home);
        }
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /**
     * The variables of {@link #env} that come from run's defaults for this process (HOME from the
     * user, TERM from -t) rather than from the image or -e: exec makes them again for its own.
     */
    public static List<String> defaulted(ImageConfig image, List<String> userEnv, boolean tty) {
        Map<String, String> given = new LinkedHashMap<>();
        image.env().forEach(e -> put(given, e));
        userEnv.forEach(e -> put(given, e));
        List<String> out = new ArrayList<>();
        if (given.getOrDefault("HOME", "").isEmpty()) {
            out.add("HOME");
        }
        if (tty && !given.containsKey("TERM")) {
            out.add("TERM");
        }
        return out;
    }

    static void put(Map<String, String> env, String kv) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            throw new HostvirtException(Text.of("engine.error.envVariable", kv), 125);
        }
        env.put(kv.substring(0, eq), kv.substring(eq + 1));
    }

    /** -w wins over the image's WorkingDir; both must be absolute. */
    public static String cwd(ImageConfig image, RunSpec run) {
        String w = run.workdir() != null ? run.workdir() : image.workingDir();
        if (w == null || w.isEmpty()) {
            return "/";
        }
        if (!w.startsWith("/")) {
            throw new HostvirtException(Text.of("engine.error.workdirRelative", w), 125);
        }
        return w;
    }
}
