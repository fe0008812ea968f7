package dev.hostvirt.cli;

import java.util.HashMap;
import java.util.Map;

/**
 * The environment as the user set it, which is what {@code -e NAME} and {@code -e 'PREFIX*'} pass to a
 * container: the Linux launcher rewrites LC_ALL, LC_CTYPE, LC_MESSAGES and LANG for the JVM (a UTF-8
 * character type) and hands the user's values on under private names, {@code HOSTVIRT_ORIG} (the names
 * it rewrote) and {@code HOSTVIRT_ORIG_<NAME>} (each one that was set). Without this a container given
 * {@code -e 'LC_*'} got the launcher's LC_CTYPE=C.UTF-8 and lost the user's LC_ALL. The private names
 * themselves never reach a container, with or without the launcher.
 */
final class CallerEnvironment {
    static final String SAVED = "HOSTVIRT_ORIG";

    private CallerEnvironment() {
    }

    static Map<String, String> of(Map<String, String> env) {
        Map<String, String> user = new HashMap<>(env);
        String rewritten = env.get(SAVED);
        if (rewritten != null) {
            for (String name : rewritten.split(" ")) {
                if (!name.isEmpty()) {
                    user.remove(name);
                    String original = env.get(SAVED + "_" + name);
                    if (original != null) {
                        user.put(name, original);
                    }
                }
            }
        }
        user.keySet().removeIf(name -> name.equals(SAVED) || name.startsWith(SAVED + "_"));
        return Map.copyOf(user);
    }
}
