package dev.hostvirt.facts.macos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the recorded macOS outputs under src/test/resources/macos (sources in SOURCE.md there). */
public final class Resources {
    private Resources() {
    }

    public static String text(String name) {
        try (InputStream in = Resources.class.getResourceAsStream("/macos/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource macos/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
