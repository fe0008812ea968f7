package dev.hostvirt.facts.windows;

import java.nio.charset.StandardCharsets;

/**
 * wsl.exe writes UTF-16LE unless WSL_UTF8=1 is honoured (Store WSL 0.64+; not the inbox wsl.exe):
 * microsoft/WSL#4607, tailscale/tailscale#3170. Raw bytes are decoded as UTF-16LE when most odd bytes
 * are NUL (or a UTF-16LE BOM leads), else as UTF-8.
 */
public final class WslText {
    private WslText() {
    }

    public static String decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return "";
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        int pairs = bytes.length / 2;
        int nulOdd = 0;
        for (int i = 1; i < bytes.length; i += 2) {
            if (bytes[i] == 0) {
                nulOdd++;
            }
        }
        if (pairs > 0 && nulOdd * 10 >= pairs * 7) {
            return new String(bytes, 0, pairs * 2, StandardCharsets.UTF_16LE);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
