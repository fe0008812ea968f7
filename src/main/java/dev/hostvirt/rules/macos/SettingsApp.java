package dev.hostvirt.rules.macos;

import dev.hostvirt.facts.Version;
import dev.hostvirt.i18n.Text;

/**
 * Where a macOS release shows a setting, so a fix names what the user will see. The app became
 * System Settings in 13 Ventura, with panes renamed (Security & Privacy became Privacy & Security,
 * Software Update moved under General); before it was System Preferences, and until 10.13 High Sierra
 * macOS updates came from the App Store's Updates tab (10.14 Mojave moved them into System Preferences).
 */
enum SettingsApp {
    SETTINGS("settings", "settings"),
    PREFERENCES("preferences", "preferences"),
    APP_STORE("appStore", "preferences"),
    /** The release was not read: both names, the current one first. */
    UNKNOWN("unknown", "unknown");

    private final String update;
    private final String security;

    SettingsApp(String update, String security) {
        this.update = update;
        this.security = security;
    }

    static SettingsApp of(Version macos) {
        if (macos == null) {
            return UNKNOWN;
        }
        if (macos.part(0) >= 13) {
            return SETTINGS;
        }
        return macos.part(0) > 10 || macos.part(1) >= 14 ? PREFERENCES : APP_STORE;
    }

    /** Where macOS updates are installed from. */
    Text softwareUpdate() {
        return Text.of("macos.where.softwareUpdate." + update);
    }

    /** Where a blocked kernel extension is allowed. */
    Text security() {
        return Text.of("macos.where.security." + security);
    }
}
