package dev.hostvirt.rules.windows;

import dev.hostvirt.facts.windows.WindowsFacts;
import dev.hostvirt.i18n.Text;

/** The detail of a SKIP: what was not read, and whether elevation (and which kind) would read it. */
final class UnknownReasons {
    private static final String USER_HIVE = "registry:HKCU\\";

    private final WindowsFacts facts;

    UnknownReasons(WindowsFacts facts) {
        this.facts = facts;
    }

    /** Why a fact is unknown; when this process is not elevated, say so, since that is the usual cause. */
    Text unknown(String source) {
        if (source.startsWith(USER_HIVE)) {
            // HKCU is the user's own hive, readable from any prompt: a value missing there was never
            // set or not captured, and elevation would change neither. Only machine sources (HKLM,
            // the boot store, WMI) can be closed to an unelevated token.
            return Text.of("windows.unknown.user", source);
        }
        return Boolean.FALSE.equals(facts.elevated().value()) ? Text.of("windows.unknown.unelevated", source)
                : Text.of("windows.unknown", source);
    }

    /**
     * "Run from an elevated prompt", told apart by the token: an administrator whose prompt UAC
     * filtered (elevation type limited) only needs Run as administrator; a standard user needs an
     * administrator's credentials.
     */
    Text elevationNeeded() {
        String type = facts.elevationType().value();
        if ("limited".equals(type)) {
            return Text.of("windows.elevation.limited");
        }
        return "default".equals(type) ? Text.of("windows.elevation.notAdmin") : Text.of("windows.elevation.needed");
    }
}
