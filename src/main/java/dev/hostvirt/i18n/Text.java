package dev.hostvirt.i18n;

import java.util.List;

/**
 * A user-facing sentence not yet translated: a bundle key and its arguments. Arguments may be
 * {@code Text} themselves (translated in turn) or plain values (shown as they are).
 */
public record Text(String key, List<Object> args) {
    public Text {
        args = List.copyOf(args);
    }

    public static Text of(String key, Object... args) {
        return new Text(key, List.of(args));
    }
}
