package dev.hostvirt.engine.image;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.Locale;

/** An OCI platform ({@code os/architecture[/variant]}) with GOARCH-style names. */
public record Platform(String os, String architecture, String variant) {

    public static Platform parse(String text) {
        String[] p = text.split("/");
        if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].isEmpty()) {
            throw new HostvirtException(Text.of("engine.error.image.platform", text), 125);
        }
        return new Platform(p[0], normalizeArch(p[1]), p.length == 3 ? p[2] : "");
    }

    /** The platform this JVM runs on. */
    public static Platform host() {
        return new Platform("linux", normalizeArch(System.getProperty("os.arch", "")), "");
    }

    /** x86_64/amd64 and aarch64/arm64 are the same thing under two names (image-spec uses GOARCH). */
    public static String normalizeArch(String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "x86_64", "x86-64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "i386", "i686", "x86" -> "386";
            default -> a;
        };
    }

    /** Whether an index entry's platform satisfies this one; an empty variant here accepts any. */
    public boolean accepts(String entryOs, String entryArch, String entryVariant) {
        return os.equals(entryOs) && architecture.equals(normalizeArch(entryArch))
                && (variant.isEmpty() || variant.equals(entryVariant == null ? "" : entryVariant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
