package dev.hostvirt.report;

import dev.hostvirt.rules.Status;
import dev.hostvirt.rules.Verdict;

/** ANSI colour, on only for a terminal and never when NO_COLOR is set (no-color.org). */
public record Style(boolean colour) {
    private static final String RESET = "\u001b[0m";

    public static Style plain() {
        return new Style(false);
    }

    public String status(Status s, String text) {
        return paint(switch (s) {
            case PASS -> "\u001b[32m";
            case WARN -> "\u001b[33m";
            case FAIL -> "\u001b[1;31m";
            case SKIP -> "\u001b[34m";
        }, text);
    }

    public String verdict(Verdict v, String text) {
        return paint(switch (v) {
            case READY -> "\u001b[32m";
            case DEGRADED -> "\u001b[33m";
            case BLOCKED -> "\u001b[1;31m";
            case UNKNOWN -> "\u001b[34m";
        }, text);
    }

    public String bold(String text) {
        return paint("\u001b[1m", text);
    }

    private String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }
}
