package dev.hostvirt.engine.image;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.regex.Pattern;

/**
 * A normalized image reference, as Docker normalizes them (parsed by the registry's
 * {@link dev.hostvirt.engine.registry.ImageReference}, see {@link ImageNames}): {@code busybox} is
 * {@code docker.io/library/busybox:latest}; a first component with a dot, a colon or named
 * {@code localhost} is a registry host. Digests ({@code @sha256:...}) are not part of a local name.
 */
public record ImageRef(String domain, String path, String tag) {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DOMAIN = Pattern.compile("(?:[A-Za-z0-9.-]+|\\[[a-fA-F0-9:]+\\])(?::[0-9]{1,5})?");
    public static final String DEFAULT_DOMAIN = "docker.io";

    public ImageRef {
        if (!DOMAIN.matcher(domain).matches()) {
            throw bad(domain + "/" + path);
        }
        for (String c : path.split("/", -1)) {
            if (!COMPONENT.matcher(c).matches()) {
                throw bad(domain + "/" + path);
            }
        }
        if (!TAG.matcher(tag).matches()) {
            throw bad(domain + "/" + path + ":" + tag);
        }
    }

    /** A name to give an image; one written as an image ID is refused ({@link ImageNames#requireNamable}). */
    public static ImageRef parse(String text) {
        ImageNames.requireNamable(text);
        // One grammar with the registry client (Docker's ParseNormalizedNamed), so that pull, run and
        // images agree on every name; a digest is not part of a local name.
        return ImageNames.local(dev.hostvirt.engine.registry.ImageReference.parse(text));
    }

    /** True when the text is a reference at all (used to tell names from image IDs). */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (HostvirtException e) {
            return false;
        }
    }

    /** {@code docker.io/library/busybox} */
    public String repository() {
        return domain + "/" + path;
    }

    @Override
    public String toString() {
        return repository() + ":" + tag;
    }

    private static HostvirtException bad(String text) {
        return new HostvirtException(Text.of("engine.error.image.reference", text), 125);
    }
}
