package dev.hostvirt.facts;

import java.util.function.Supplier;

/** Computes a value on first use and keeps it: probes gather only what the requested rules need. */
public final class Lazy<T> implements Supplier<T> {
    private Supplier<T> compute;
    private T value;

    private Lazy(Supplier<T> compute) {
        this.compute = compute;
    }

    public static <T> Lazy<T> of(Supplier<T> compute) {
        return new Lazy<>(compute);
    }

    @Override
    public synchronized T get() {
        if (compute != null) {
            value = compute.get();
            compute = null;
        }
        return value;
    }
}
