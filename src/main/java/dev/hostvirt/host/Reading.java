package dev.hostvirt.host;

import java.util.function.Function;

/**
 * What one read of a host source gave. Three states, kept apart everywhere (the snapshot contract):
 * the source was read and has a value; it was read and does not exist (no such file, registry key or
 * program); or it is unknown (not captured in a snapshot, or unreadable). An absent source may fail a
 * check; an unknown one never does, it makes the check SKIP.
 */
public sealed interface Reading<T> {

    record Present<T>(T value) implements Reading<T> {
    }

    record Absent<T>() implements Reading<T> {
    }

    /** Not captured or not readable; {@code reason} is for logs and --verbose, never for verdicts. */
    record Unknown<T>(String reason) implements Reading<T> {
    }

    static <T> Reading<T> present(T value) {
        return new Present<>(value);
    }

    static <T> Reading<T> absent() {
        return new Absent<>();
    }

    static <T> Reading<T> unknown(String reason) {
        return new Unknown<>(reason);
    }

    default boolean isPresent() {
        return this instanceof Present;
    }

    default boolean isAbsent() {
        return this instanceof Absent;
    }

    default boolean isUnknown() {
        return this instanceof Unknown;
    }

    /** The value, or {@code fallback} when absent or unknown. */
    default T orElse(T fallback) {
        return this instanceof Present<T> p ? p.value() : fallback;
    }

    default <R> Reading<R> map(Function<? super T, ? extends R> f) {
        if (this instanceof Present<T> p) {
            return new Present<>(f.apply(p.value()));
        }
        if (this instanceof Unknown<T> u) {
            return new Unknown<>(u.reason());
        }
        return new Absent<>();
    }
}
