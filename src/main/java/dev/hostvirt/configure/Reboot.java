package dev.hostvirt.configure;

/** What a step needs before it takes effect. */
public enum Reboot {
    NONE, RELOGIN, REBOOT;

    public Reboot max(Reboot other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
