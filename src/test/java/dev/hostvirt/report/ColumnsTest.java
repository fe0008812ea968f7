package dev.hostvirt.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Columns as wide as their widest cell, two spaces apart, the last one unpadded. */
class ColumnsTest {
    @Test
    void eachColumnFitsItsWidestCell() {
        Columns t = new Columns("ID", "STATUS", "NAMES");
        t.add("abc", "Exited (137) Less than a second ago", "web");
        t.add("abcdef", "Up 2 seconds", "db");
        StringWriter out = new StringWriter();
        t.print(new PrintWriter(out, true));
        assertEquals(String.join(System.lineSeparator(),
                "ID      STATUS                               NAMES",
                "abc     Exited (137) Less than a second ago  web",
                "abcdef  Up 2 seconds                         db", ""), out.toString());
        assertThrows(IllegalArgumentException.class, () -> t.add("only one"));
    }
}
