package dev.hostvirt.engine.image;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.registry.ImageReference;
import dev.hostvirt.i18n.Text;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one reference grammar shared by the engine and the registry client: every name is parsed by
 * the registry's {@link ImageReference} (Docker's {@code ParseNormalizedNamed}), so
 * {@code hostvirt pull busybox}, {@code hostvirt run busybox} and {@code hostvirt images} all mean
 * {@code docker.io/library/busybox:latest}. An image pulled by digest is named
 * {@code repository@sha256:...} in the index (as podman lists it; {@code images} shows its tag as
 * {@code <none>}, as docker and podman do), because a tag the registry was not asked about would be a guess.
 */
public final class ImageNames {
    /** What {@code images} shows as the tag of a name kept by digest. */
    public static final String NO_TAG = "<none>";
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

    private ImageNames() {
    }

    /** The local name of a reference: its tag ({@code latest} when only a digest was given). */
    public static ImageRef local(ImageReference reference) {
        return new ImageRef(reference.registry(), reference.repository(), reference.tag() == null ? "latest" : reference.tag());
    }

    /** The name a pull of {@code reference} is recorded under: {@code repo@digest} when pinned, else {@code repo:tag}. */
    public static String stored(ImageReference reference) {
        return reference.digest() != null ? reference.name() + "@" + reference.digest() : local(reference).toString();
    }

    /** What the user typed, parsed; empty when it is not a reference (an image ID, a typo). */
    public static Optional<ImageReference> parse(String text) {
        try {
            return Optional.of(ImageReference.parse(text));
        } catch (HostvirtException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the text is written as an image ID ({@code sha256:...}, or 64 hex digits): it then names
     * the image with that ID, never an image of that name. An archive calling itself
     * {@code sha256:<another image's ID>} was stored as {@code docker.io/library/sha256:<hex>}, and
     * run, inspect and rmi of that ID found the impostor first.
     */
    public static boolean isId(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return t.startsWith("sha256:") || HEX64.matcher(t).matches();
    }

    /** The name in the index that the text means; empty when it is an ID or no reference at all. */
    public static Optional<String> nameIn(String text) {
        return isId(text) ? Optional.empty() : parse(text).map(ImageNames::stored);
    }

    /** Refuses, as podman does ("tag by digest not supported"), a name to give that reads as an image ID. */
    public static void requireNamable(String text) {
        if (isId(text)) {
            throw new HostvirtException(Text.of("engine.error.image.nameIsId", text), 125);
        }
    }

    /** The repository part of a name in the index ({@code docker.io/library/busybox}). */
    public static String repository(String storedName) {
        int at = storedName.indexOf('@');
        if (at >= 0) {
            return storedName.substring(0, at);
        }
        int colon = storedName.lastIndexOf(':');
        return colon > storedName.lastIndexOf('/') ? storedName.substring(0, colon) : storedName;
    }

    /** The tag part of a name in the index, or {@link #NO_TAG} for a name kept by digest. */
    public static String tag(String storedName) {
        if (storedName.indexOf('@') >= 0) {
            return NO_TAG;
        }
        int colon = storedName.lastIndexOf(':');
        return colon > storedName.lastIndexOf('/') ? storedName.substring(colon + 1) : "latest";
    }
}
