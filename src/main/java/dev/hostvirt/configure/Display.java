package dev.hostvirt.configure;

import java.util.List;

/**
 * How the plan shows a command: each argv element readable, quoted only when it needs it, so that the
 * line can be pasted into PowerShell and cmd as well as a POSIX shell. Braces, commas and '@' are
 * quoted: PowerShell reads {@code {current}} as a script block (bcdedit then says "The set command
 * specified is not valid"), {@code a,b} as an array and a leading '@' as splatting. The argv that runs
 * is never this text.
 */
public final class Display {
    private Display() {
    }

    public static String argv(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(a));
        }
        return sb.toString();
    }

    static String quote(String a) {
        if (!a.isEmpty() && a.matches("[A-Za-z0-9_./:=%+\\\\-]+")) {
            return a;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : a.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
