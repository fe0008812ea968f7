package dev.hostvirt.rules.windows;

import dev.hostvirt.i18n.Text;

/**
 * Every Windows fix is an action plus what it needs: elevation, a reboot, the firmware setup, the
 * outer host. The pair is one Text so that no fix can leave the "needs" line out.
 */
enum Fixes {
    ELEVATED_REBOOT("windows.needs.elevatedReboot"),
    ELEVATED("windows.needs.elevated"),
    NOTHING("windows.needs.none"),
    FIRMWARE("windows.needs.firmware"),
    OUTER_HOST("windows.needs.outerHost"),
    HARDWARE("windows.needs.hardware"),
    UPGRADE("windows.needs.upgrade"),
    UPDATE("windows.needs.update"),
    REINSTALL("windows.needs.reinstall");

    private final String key;

    Fixes(String key) {
        this.key = key;
    }

    Text fix(String actionKey, Object... args) {
        return Text.of("windows.fix", Text.of(actionKey, args), Text.of(key));
    }
}
