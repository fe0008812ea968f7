package dev.hostvirt.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A table as podman prints its lists (Go's tabwriter): each column as wide as its widest cell, two
 * spaces between columns, the last one not padded. Fixed widths misaligned as soon as a cell was
 * longer ("Exited (137) Less than a second ago").
 */
public final class Columns {
    private final List<String[]> rows = new ArrayList<>();

    public Columns(String... header) {
        rows.add(header.clone());
    }

    public void add(String... row) {
        if (row.length != rows.get(0).length) {
            throw new IllegalArgumentException(row.length + " cells for " + rows.get(0).length + " columns");
        }
        rows.add(row.clone());
    }

    public void print(PrintWriter out) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            out.println(line);
        }
    }
}
