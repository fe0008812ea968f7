package dev.hostvirt.facts;

/**
 * One thing known (or not) about the host, with where it came from. A {@code null} value means
 * unknown: the source was absent from a snapshot or could not be read; it is shown as "unknown".
 *
 * @param source what was read, e.g. {@code file:/proc/cpuinfo} or {@code command:runc --version}
 */
public record Fact<T>(T value, String source) {

    public static <T> Fact<T> of(T value, String source) {
        return new Fact<>(value, source);
    }

    public static <T> Fact<T> unknown(String source) {
        return new Fact<>(null, source);
    }

    public boolean known() {
        return value != null;
    }

    public T orElse(T fallback) {
        return value == null ? fallback : value;
    }

    /** The value as shown to people and scripts: "unknown" when not known. */
    public Object shown() {
        return value == null ? "unknown" : value;
    }
}
