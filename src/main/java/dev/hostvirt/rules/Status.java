package dev.hostvirt.rules;

/** The outcome of one check. SKIP means it could not be decided (not captured, needs root, ...). */
public enum Status {
    PASS, WARN, FAIL, SKIP
}
