package dev.hostvirt.configure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file under a fake root with its exact bytes, to prove a restore is byte-identical. */
public final class Trees {
    private Trees() {
    }

    /** Files under {@code root}, except those under {@code skip} (hostvirt's own state directory). */
    public static Map<String, String> snapshot(Path root, Path skip) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(Files::isRegularFile).filter(p -> skip == null || !p.startsWith(skip)).forEach(p -> {
                try {
                    out.put(root.relativize(p).toString(), Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
