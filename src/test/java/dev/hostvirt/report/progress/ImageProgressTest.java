package dev.hostvirt.report.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** image import's terminal line: redrawn at most every 100 ms, always at the end of a phase, cleared for warnings. */
class ImageProgressTest {
    private static final String ERASE = "\r\u001b[2K";

    @Test
    void oneLineRedrawnInPlaceAndClearedForWarningsAndAtTheEnd() {
        StringWriter sw = new StringWriter();
        PullProgressTest.ManualClock clock = new PullProgressTest.ManualClock();
        List<Text> warned = new ArrayList<>();
        TerminalImageProgress p = new TerminalImageProgress(new PrintWriter(sw), Messages.forLanguage("en"), clock, warned::add, () -> 200);
        p.storing(1_000_000, 95_000_000);
        clock.millis += 50;
        p.storing(2_000_000, 95_000_000); // too soon: not drawn
        clock.millis += 60;
        p.storing(3_000_000, 95_000_000);
        clock.millis += 10;
        p.storing(95_000_000, 95_000_000); // a phase's end is always drawn
        p.unpacking(1, 2, 500, 40_000_000);
        p.warn(Text.of("engine.warning.layer.device", "dev/null"));
        clock.millis += 10;
        p.unpacking(2, 2, 9_000_000, 9_000_000);
        p.finish();
        p.finish();
        assertEquals(ERASE + "Storing   1.0MB / 95.0MB" + ERASE + "Storing   3.0MB / 95.0MB" + ERASE + "Storing   95.0MB / 95.0MB"
                + ERASE + ERASE + "Unpacking layer 2/2   9.0MB / 9.0MB" + ERASE, sw.toString());
        assertEquals(1, warned.size());
    }

    @Test
    void nothingIsDrawnAfterFinishUntilTheNextImage() {
        StringWriter sw = new StringWriter();
        TerminalImageProgress p = new TerminalImageProgress(new PrintWriter(sw), Messages.forLanguage("en"),
                new PullProgressTest.ManualClock(), w -> { }, () -> 200);
        p.unpacking(1, 1, 10, 10);
        p.finish();
        p.unpacking(1, 1, 10, 10); // a read-ahead thread still stopping after a failure
        assertEquals(ERASE + "Unpacking layer 1/1   10B / 10B" + ERASE, sw.toString());
        p.resume();
        p.storing(5, 5);
        assertEquals(ERASE + "Unpacking layer 1/1   10B / 10B" + ERASE + ERASE + "Storing   5B / 5B", sw.toString());
    }

    @Test
    void onANarrowTerminalTheLineIsCutSoThatEachRedrawErasesAllOfIt() {
        StringWriter sw = new StringWriter();
        PullProgressTest.ManualClock clock = new PullProgressTest.ManualClock();
        TerminalImageProgress p = new TerminalImageProgress(new PrintWriter(sw), Messages.forLanguage("es"), clock, w -> { }, () -> 20);
        for (int i = 1; i <= 4; i++) {
            clock.millis += 200;
            p.unpacking(i, 4, i * 1_000_000L, 9_000_000);
        }
        assertEquals(List.of("Desempaquetando la"), VtScreen.render(sw.toString(), 20));
        p.finish();
        assertEquals(List.of(), VtScreen.render(sw.toString(), 20));
    }

    @Test
    void spanish() {
        StringWriter sw = new StringWriter();
        TerminalImageProgress p = new TerminalImageProgress(new PrintWriter(sw), Messages.forLanguage("es"),
                new PullProgressTest.ManualClock(), w -> { }, () -> 200);
        p.unpacking(1, 3, 5, 10);
        assertEquals(ERASE + "Desempaquetando la capa 1/3   5B / 10B", sw.toString());
    }
}
