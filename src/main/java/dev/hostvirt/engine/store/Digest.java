package dev.hostvirt.engine.store;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A content digest as OCI writes it ({@code sha256:<64 hex>}). Validated before it ever becomes part
 * of a file name: an unchecked digest string such as {@code sha256:../../etc} is a path traversal
 * (CVE-2024-3727, containers/image).
 */
public record Digest(String algorithm, String hex) {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        boolean ok = switch (algorithm) {
            case "sha256" -> SHA256.matcher(hex).matches();
            case "sha512" -> SHA512.matcher(hex).matches();
            default -> false;
        };
        if (!ok) {
            throw new HostvirtException(Text.of("engine.error.digest.invalidParts", algorithm, abbreviate(hex)), 125);
        }
    }

    // Written out: a record's equals and hashCode are bootstrapped through invokedynamic on first use,
    // several milliseconds of a pull's or run's start-up, and digests are map keys on both paths.
    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && algorithm.equals(d.algorithm) && hex.equals(d.hex);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + hex.hashCode();
    }

    public static Digest parse(String text) {
        if (text == null) {
            throw new HostvirtException(Text.of("engine.error.digest.missing"), 125);
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new HostvirtException(Text.of("engine.error.digest.invalid", abbreviate(text)), 125);
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest sha256(byte[] raw) {
        StringBuilder sb = new StringBuilder(64);
        for (byte b : raw) {
            sb.append(String.format(Locale.ROOT, "%02x", b));
        }
        return new Digest("sha256", sb.toString());
    }

    /** A digest from raw hash bytes of the given algorithm ("sha256" or "sha512"). */
    public static Digest ofRaw(String algorithm, byte[] raw) {
        StringBuilder sb = new StringBuilder(raw.length * 2);
        for (byte b : raw) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return new Digest(algorithm, sb.toString());
    }

    /** The JDK MessageDigest name for this algorithm. */
    public String javaAlgorithm() {
        return "sha256".equals(algorithm) ? "SHA-256" : "SHA-512";
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
