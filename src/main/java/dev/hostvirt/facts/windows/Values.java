package dev.hostvirt.facts.windows;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Coerces WMI and registry values as they come from the live natives (Integer, Boolean, byte[]) or
 * from a snapshot (Long, Boolean, String, List). Unreadable shapes give null, never an exception.
 */
final class Values {
    private Values() {
    }

    static Boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.longValue() != 0;
        }
        if (v instanceof String s) {
            String t = s.strip().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("1")) {
                return Boolean.TRUE;
            }
            if (t.equals("false") || t.equals("0")) {
                return Boolean.FALSE;
            }
        }
        return null;
    }

    static Long number(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            String t = s.strip();
            try {
                return t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static String string(Object v) {
        if (v == null || v instanceof List || v instanceof Map) {
            return null;
        }
        String s = String.valueOf(v).strip();
        return s.isEmpty() ? null : s;
    }

    /** A WMI uint32[] (SecurityServicesRunning): a list of numbers, or null when not a list. */
    static List<Long> numbers(Object v) {
        if (!(v instanceof List<?> list)) {
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (Object o : list) {
            Long n = number(o);
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * A BCD integer element as the registry stores it: REG_BINARY, 8 bytes little-endian
     * (windows-anchors.md 1.7). Live natives give byte[]; snapshots write "hex:0100000000000000".
     */
    static Long bcdInteger(Object v) {
        byte[] bytes = null;
        if (v instanceof byte[] b) {
            bytes = b;
        } else if (v instanceof String s && s.startsWith("hex:")) {
            try {
                bytes = HexFormat.of().parseHex(s.substring(4).replace(" ", "").replace(",", ""));
            } catch (IllegalArgumentException e) {
                return null;
            }
        } else if (v instanceof Number n) {
            return n.longValue();
        }
        if (bytes == null || bytes.length == 0 || bytes.length > 8) {
            return null;
        }
        long value = 0;
        for (int i = bytes.length - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }
}
