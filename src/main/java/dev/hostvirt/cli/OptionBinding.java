package dev.hostvirt.cli;

import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Binds an option declared in code to a field of its owner: picocli reads and writes it through this. */
final class OptionBinding<T> implements IGetter, ISetter {
    private final Supplier<T> getter;
    private final Consumer<T> setter;

    private OptionBinding(Supplier<T> getter, Consumer<T> setter) {
        this.getter = getter;
        this.setter = setter;
    }

    /** The option, read and written through {@code getter} and {@code setter}. */
    static <T> OptionSpec bound(OptionSpec.Builder option, Supplier<T> getter, Consumer<T> setter) {
        OptionBinding<T> binding = new OptionBinding<>(getter, setter);
        return option.getter(binding).setter(binding).build();
    }

    /** The positional parameter, read and written through {@code getter} and {@code setter}. */
    static <T> PositionalParamSpec bound(PositionalParamSpec.Builder parameter, Supplier<T> getter, Consumer<T> setter) {
        OptionBinding<T> binding = new OptionBinding<>(getter, setter);
        return parameter.getter(binding).setter(binding).build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R get() {
        return (R) getter.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R set(R value) {
        R old = get();
        setter.accept((T) value);
        return old;
    }
}
