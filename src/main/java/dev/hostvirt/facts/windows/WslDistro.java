package dev.hostvirt.facts.windows;

/** One row of {@code wsl --list --verbose} (or of the Lxss registry). Version is 1 or 2, 0 when not known. */
public record WslDistro(String name, String state, int version, boolean isDefault) {
}
