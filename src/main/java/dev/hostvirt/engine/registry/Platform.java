package dev.hostvirt.engine.registry;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An image platform as the OCI image index writes it ({@code os/architecture[/variant]}), normalized
 * the way containerd's {@code platforms.Normalize} does, so that {@code x86_64}, {@code aarch64},
 * {@code armhf} and friends compare equal to the GOARCH names registries use.
 *
 * @param variant empty when the platform has none (arm64 "v8" and amd64 "v1" normalize to empty)
 */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        os = os == null ? "" : os.toLowerCase(Locale.ROOT);
        String arch = architecture == null ? "" : architecture.toLowerCase(Locale.ROOT);
        String v = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "i386", "i686" -> { arch = "386"; v = ""; }
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                if (v.equals("v1")) {
                    v = "";
                }
            }
            case "aarch64", "arm64" -> {
                arch = "arm64";
                if (v.equals("8") || v.equals("v8") || v.equals("v8.0")) {
                    v = "";
                }
            }
            case "armhf" -> { arch = "arm"; v = "v7"; }
            case "armel" -> { arch = "arm"; v = "v6"; }
            case "arm" -> {
                switch (v) {
                    case "", "7" -> v = "v7";
                    case "5", "6", "8" -> v = "v" + v;
                    default -> { }
                }
            }
            default -> { }
        }
        architecture = arch;
        variant = v;
    }

    /**
     * Parses {@code os/arch[/variant]} as given to {@code --platform}; a bad value is exit 125, as in
     * podman ("invalid platform").
     */
    public static Platform parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new HostvirtException(Text.of("pull.error.platform", text), 125);
        }
        for (String p : parts) {
            if (!p.matches("[A-Za-z0-9_.-]+")) {
                throw new HostvirtException(Text.of("pull.error.platform", text), 125);
            }
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    /**
     * The platform to pull for when none is given. Always a Linux image: on macOS and Windows the
     * containers hostvirt runs live in a Linux VM (as with Docker Desktop and podman machine), so the
     * host's OS is not the image's OS; the CPU architecture is the host's.
     */
    public static Platform host() {
        return fromJvm(System.getProperty("os.arch", ""));
    }

    static Platform fromJvm(String osArch) {
        return switch (osArch) {
            // The JVM says "arm" for 32-bit ARM without telling the variant; v7 is what armhf runs.
            case "arm" -> new Platform("linux", "arm", "v7");
            case "x86" -> new Platform("linux", "386", "");
            default -> new Platform("linux", osArch, "");
        };
    }

    /**
     * Variants this platform can run, best first: an arm v7 CPU runs v6 and v5 images, an amd64 v3
     * CPU runs v2 and v1 (containerd's {@code platforms.Only}).
     */
    public List<String> acceptedVariants() {
        List<String> out = new ArrayList<>();
        out.add(variant);
        if (architecture.equals("arm") && variant.matches("v[5-8]")) {
            for (int n = variant.charAt(1) - '0' - 1; n >= 5; n--) {
                out.add("v" + n);
            }
        }
        if (architecture.equals("amd64") && variant.matches("v[2-4]")) {
            for (int n = variant.charAt(1) - '0' - 1; n >= 2; n--) {
                out.add("v" + n);
            }
            out.add("");
        }
        return out;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
