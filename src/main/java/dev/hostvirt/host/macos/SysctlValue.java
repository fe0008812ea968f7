package dev.hostvirt.host.macos;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Turns the raw bytes sysctlbyname returned into the text {@code sysctl -n} prints, so the live host
 * and a snapshot's {@code sysctl} section hold the same thing. sysctlbyname gives no type: strings are
 * the names we know to be CTLTYPE_STRING; other 4- and 8-byte answers are native-endian integers
 * (int for kern.hv_support, hw.optional.arm64, sysctl.proc_translated; int64 for hw.memsize). Pure.
 */
public final class SysctlValue {
    /** The string sysctls hostvirt reads (and a few neighbours users paste), per xnu's sysctl tables. */
    static final Set<String> STRINGS = Set.of("kern.osproductversion", "kern.osversion", "kern.osrelease",
            "kern.ostype", "kern.version", "kern.hostname", "machdep.cpu.brand_string", "machdep.cpu.vendor",
            "machdep.cpu.features", "machdep.cpu.extfeatures", "machdep.cpu.leaf7_features", "hw.model",
            "hw.machine", "hw.targettype", "kern.osproductversioncompat");

    private SysctlValue() {
    }

    public static String decode(String name, byte[] raw, ByteOrder order) {
        if (raw == null) {
            return null;
        }
        if (!STRINGS.contains(name) && (raw.length == 4 || raw.length == 8)) {
            ByteBuffer b = ByteBuffer.wrap(raw).order(order);
            return raw.length == 4 ? Integer.toString(b.getInt()) : Long.toString(b.getLong());
        }
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8).strip();
    }
}
