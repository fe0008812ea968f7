package dev.hostvirt.configure;

import dev.hostvirt.i18n.Text;

/**
 * Checks every value a user or a profile gives before it can reach an argv element or a file. Values
 * are never passed through a shell, but each still must be one inert argument: no leading '-' (an
 * option), no control characters (a second line in a config file), and bounded length.
 */
public final class UserInput {
    /** bcdedit descriptions are shown in the boot menu; 64 characters are plenty. */
    public static final int MAX_BOOT_ENTRY = 64;

    private UserInput() {
    }

    /** useradd(8)'s portable name rule (NAME_REGEX default), at most 32 characters. */
    public static String userName(String raw) {
        if (raw == null || !raw.matches("[a-z_][a-z0-9_-]{0,30}\\$?")) {
            throw new ConfigureException(Text.of("configure.error.bad-user", safe(raw)), 2);
        }
        return raw;
    }

    /**
     * A boot-menu name: printable, no '"' or '\' (Java quotes a Windows argv element with '"' and a
     * '\' before a quote changes how the program splits its command line), at most 64 characters.
     * Characters a shell would act on ({@code & | { < > %}) are fine: the plan shows the name in double
     * quotes, inert in PowerShell and cmd alike. '$' and '`' are not: PowerShell expands them inside
     * double quotes (and takes the typographic quotes as '"'), so the shown line would not be the argv.
     */
    public static String bootEntryName(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > MAX_BOOT_ENTRY || raw.startsWith("/") || raw.startsWith("-")
                || raw.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '$' || c == '`'
                || c == '\u201c' || c == '\u201d' || c == '\u201e')) {
            throw new ConfigureException(Text.of("configure.error.bad-boot-entry", safe(raw), MAX_BOOT_ENTRY), 2);
        }
        return raw;
    }

    /** A value shortened and with control characters made visible, to quote in a one-line error. */
    public static String safe(String raw) {
        if (raw == null) {
            return "";
        }
        String s = raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
