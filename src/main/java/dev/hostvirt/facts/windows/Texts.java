package dev.hostvirt.facts.windows;

import java.util.ArrayList;
import java.util.List;

/** Small text helpers shared by the Windows parsers; all total (no exceptions on odd input). */
final class Texts {
    private Texts() {
    }

    /**
     * Lines of a command's output: CR LF, lone CR (wsl.exe writes CR CR LF) and LF all end a line;
     * NUL characters (UTF-16LE read as a single-byte charset) are dropped.
     */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        String t = text.replace("\u0000", "").replace("\uFEFF", "").replace("\r\r\n", "\n");
        for (String line : t.split("\r\n|\r|\n", -1)) {
            out.add(line);
        }
        return out;
    }

    /** Trims, turning no-break spaces (French typography puts one before ':') into spaces. */
    static String squash(String s) {
        return s.replace('\u00A0', ' ').replace('\u202F', ' ').strip();
    }

    static boolean blank(String s) {
        return squash(s).isEmpty();
    }

    static boolean indented(String s) {
        return !s.isEmpty() && Character.isWhitespace(s.charAt(0));
    }
}
