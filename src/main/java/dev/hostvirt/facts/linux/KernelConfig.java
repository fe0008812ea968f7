package dev.hostvirt.facts.linux;

import java.util.HashMap;
import java.util.Map;

/**
 * A kernel .config read once (check-config.sh greps it once per option: 109 times). Options are kept
 * without their CONFIG_ prefix.
 */
public final class KernelConfig {
    public enum State { BUILTIN, MODULE, MISSING }

    private final Map<String, String> options;

    private KernelConfig(Map<String, String> options) {
        this.options = options;
    }

    public static KernelConfig parse(String text) {
        Map<String, String> options = new HashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int end = text.indexOf('\n', i);
            if (end < 0) {
                end = n;
            }
            if (text.startsWith("CONFIG_", i)) {
                int eq = text.indexOf('=', i);
                if (eq > 0 && eq < end) {
                    options.put(text.substring(i + 7, eq), text.substring(eq + 1, end).trim());
                }
            }
            i = end + 1;
        }
        return new KernelConfig(options);
    }

    public State state(String option) {
        String v = options.get(option);
        if ("y".equals(v)) {
            return State.BUILTIN;
        }
        if ("m".equals(v)) {
            return State.MODULE;
        }
        return State.MISSING;
    }

    public boolean enabled(String option) {
        return state(option) != State.MISSING;
    }

    public int size() {
        return options.size();
    }
}
