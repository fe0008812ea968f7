package dev.hostvirt.engine.image;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.List;

/**
 * An OCI platform ({@code os/architecture[/variant]}), normalized as pull normalizes it
 * ({@link dev.hostvirt.engine.registry.Platform}, containerd's {@code platforms.Normalize}): the OS
 * lower-cased, GOARCH names, arm64's v8 and amd64's v1 as no variant, arm's default v7. Import and
 * pull then agree on what {@code --platform} names: {@code linux/arm64/v8} is {@code linux/arm64}.
 */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        dev.hostvirt.engine.registry.Platform n = new dev.hostvirt.engine.registry.Platform(os, architecture, variant);
        os = n.os();
        architecture = n.architecture();
        variant = n.variant();
    }

    public static Platform parse(String text) {
        String[] p = text.split("/", -1);
        if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].isEmpty()) {
            throw new HostvirtException(Text.of("engine.error.image.platform", text), 125);
        }
        return new Platform(p[0], p[1], p.length == 3 ? p[2] : "");
    }

    /** The platform this JVM runs on. */
    public static Platform host() {
        return new Platform("linux", System.getProperty("os.arch", ""), "");
    }

    /** x86_64/amd64 and aarch64/arm64 are the same thing under two names (image-spec uses GOARCH). */
    public static String normalizeArch(String arch) {
        return new Platform("", arch, "").architecture();
    }

    /**
     * How well an index entry's platform suits this one: 0 for the same variant, then the older
     * variants the CPU also runs (containerd's order), then any other variant of the same OS and
     * architecture when this one asks for the default (import always took those); -1 when it does not.
     */
    int rank(Platform entry) {
        if (!os.equals(entry.os()) || !architecture.equals(entry.architecture())) {
            return -1;
        }
        List<String> accepted = new dev.hostvirt.engine.registry.Platform(os, architecture, variant).acceptedVariants();
        int i = accepted.indexOf(entry.variant());
        if (i >= 0) {
            return i;
        }
        return variant.equals(new Platform(os, architecture, "").variant()) ? accepted.size() : -1;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
