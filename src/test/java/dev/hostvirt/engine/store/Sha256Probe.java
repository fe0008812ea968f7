package dev.hostvirt.engine.store;

import java.util.HexFormat;

/** A second JVM for Sha256Test: prints the digest of "abc" from {@link Sha256#forSize}(-1), twice. */
public final class Sha256Probe {
    private Sha256Probe() {
    }

    public static void main(String[] args) {
        for (int i = 0; i < 2; i++) {
            System.out.println(HexFormat.of().formatHex(Sha256.forSize(-1).digest("abc".getBytes())));
        }
    }
}
