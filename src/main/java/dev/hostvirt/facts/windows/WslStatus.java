package dev.hostvirt.facts.windows;

/** What {@code wsl --status} said: the default version (1, 2 or null) and whether WSL is installed (null = not said). */
public record WslStatus(Integer defaultVersion, Boolean installed) {
    public static final WslStatus UNKNOWN = new WslStatus(null, null);
}
