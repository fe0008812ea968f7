package dev.hostvirt.rules;

import java.util.List;
import java.util.Locale;

/** What a target's findings add up to. */
public enum Verdict {
    /** No WARN and no FAIL. */
    READY,
    /** WARN only: it works, with a caveat. */
    DEGRADED,
    /** Any FAIL. */
    BLOCKED,
    /** A required check was skipped and nothing failed: we cannot say. */
    UNKNOWN;

    public static Verdict of(List<Finding> findings) {
        boolean warn = false;
        boolean skipped = false;
        for (Finding f : findings) {
            switch (f.status()) {
                case FAIL -> {
                    return BLOCKED;
                }
                case WARN -> warn = true;
                case SKIP -> skipped |= f.required();
                default -> {
                }
            }
        }
        if (skipped) {
            return UNKNOWN;
        }
        return warn ? DEGRADED : READY;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
