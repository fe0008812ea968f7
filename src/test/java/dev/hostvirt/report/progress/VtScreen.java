package dev.hostvirt.report.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a terminal {@code width} columns wide shows after some output: the little of VT100 that the
 * progress writers use (CR, LF, cursor up {@code ESC[nA}, erase line {@code ESC[2K}) and auto-wrap
 * at the last column, as xterm does (the wrap is pending until the next printed character).
 */
final class VtScreen {
    private static final Pattern CSI = Pattern.compile("\u001b\\[(\\d*)([A-Za-z])");

    private VtScreen() {
    }

    static List<String> render(String output, int width) {
        List<StringBuilder> rows = new ArrayList<>(List.of(new StringBuilder()));
        int r = 0;
        int c = 0;
        boolean pendingWrap = false;
        for (int i = 0; i < output.length(); i++) {
            char ch = output.charAt(i);
            if (ch == '\u001b') {
                Matcher m = CSI.matcher(output).region(i, output.length());
                if (!m.lookingAt()) {
                    throw new AssertionError("unexpected escape at " + i);
                }
                int n = m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1));
                if (m.group(2).equals("A")) {
                    r = Math.max(0, r - n);
                    pendingWrap = false;
                } else if (m.group(2).equals("K")) {
                    rows.get(r).setLength(0);
                }
                i = m.end() - 1;
                continue;
            }
            if (ch == '\r') {
                c = 0;
                pendingWrap = false;
            } else if (ch == '\n') {
                r = row(rows, r + 1);
                pendingWrap = false;
            } else {
                if (pendingWrap) {
                    r = row(rows, r + 1);
                    c = 0;
                    pendingWrap = false;
                }
                StringBuilder line = rows.get(r);
                while (line.length() <= c) {
                    line.append(' ');
                }
                line.setCharAt(c, ch);
                if (c == width - 1) {
                    pendingWrap = true;
                } else {
                    c++;
                }
            }
        }
        List<String> screen = new ArrayList<>();
        rows.forEach(l -> screen.add(l.toString().stripTrailing()));
        while (!screen.isEmpty() && screen.get(screen.size() - 1).isEmpty()) {
            screen.remove(screen.size() - 1);
        }
        return screen;
    }

    private static int row(List<StringBuilder> rows, int r) {
        while (rows.size() <= r) {
            rows.add(new StringBuilder());
        }
        return r;
    }
}
