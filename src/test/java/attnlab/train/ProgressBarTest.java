package attnlab.train;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class ProgressBarTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long now = 0;

    private String text() { return bytes.toString(StandardCharsets.UTF_8); }

    @Test
    void plainModePrintsTheFirstStepAndEachQuarter() {
        ProgressBar p = new ProgressBar(out, ProgressBar.Mode.PLAIN, 8, () -> now);
        for (int s = 1; s <= 8; s++) {
            now = s * 250_000_000L; // 4 steps/s
            p.update(s, 1.0 / s, s / 8.0);
        }
        p.finish(8, 0.125, 1.0, false);
        assertEquals("""
                step 1/8  loss 1.0000  acc  12.5%
                step 2/8  loss 0.5000  acc  25.0%  4 steps/s  ETA 1.5s
                step 4/8  loss 0.2500  acc  50.0%  4 steps/s  ETA 1.0s
                step 6/8  loss 0.1667  acc  75.0%  4 steps/s  ETA 0.5s
                step 8/8  loss 0.1250  acc 100.0%  4 steps/s  2.00s
                """, text());
    }

    @Test
    void barModeRedrawsInPlaceAtMostEvery100ms() {
        ProgressBar p = new ProgressBar(out, ProgressBar.Mode.BAR, 10, () -> now);
        now = 50_000_000L;
        p.update(1, 2, 0);
        now = 100_000_000L;
        p.update(2, 2, 0);       // 50 ms after the last draw: skipped
        now = 200_000_000L;
        p.update(4, 1, 0.5);
        p.finish(4, 1, 0.5, true);
        String[] draws = text().split("\r");
        assertEquals(4, draws.length, text()); // "", step 1, step 4, the final redraw of step 4
        assertEquals("step  1/10 [##..................]  10%  loss 2.0000  acc   0.0%", draws[1],
                draws[1]);
        assertTrue(draws[2].startsWith(
                "step  4/10 [########............]  40%  loss 1.0000  acc  50.0%  20 steps/s  ETA 0.3s"),
                draws[2]);
        assertTrue(text().endsWith("\nstopped at step 4 of 10 (Ctrl-C): the model keeps the weights trained so far\n"),
                text());
    }

    @Test
    void plainModeStoppedEarlyPrintsTheLastStep() {
        ProgressBar p = new ProgressBar(out, ProgressBar.Mode.PLAIN, 100, () -> now);
        now = 1_000_000_000L;
        p.update(1, 1, 0);
        p.update(3, 0.5, 0.5);
        p.finish(3, 0.5, 0.5, true);
        assertEquals("""
                step   1/100  loss 1.0000  acc   0.0%
                step   3/100  loss 0.5000  acc  50.0%  3 steps/s  ETA 32.3s
                stopped at step 3 of 100 (Ctrl-C): the model keeps the weights trained so far
                """, text());
    }

    @Test
    void offPrintsNothing() {
        ProgressBar p = new ProgressBar(out, ProgressBar.Mode.OFF, 5, () -> now);
        p.update(1, 1, 1);
        p.finish(1, 1, 1, true);
        assertEquals("", text());
    }

    @Test
    void autoIsPlainForAStreamThatIsNotTheConsole() {
        assertEquals(ProgressBar.Mode.PLAIN, new ProgressBar(out, ProgressBar.Mode.AUTO, 5).mode());
    }

    @Test
    void inlineTheFinalStateIsDrawnOnceAndAStoppedStateIsDrawn() {
        java.util.List<String> drawn = new java.util.ArrayList<>();
        attnlab.display.Inline.install(new attnlab.display.Inline.Sink() {
            @Override
            public boolean show(Object value) { return false; }

            @Override
            public boolean update(String id, String text) { drawn.add(text); return true; }
        });
        try {
            ProgressBar done = new ProgressBar(out, ProgressBar.Mode.BAR, 3, () -> now);
            for (int s = 1; s <= 3; s++) {
                now = s * 10_000_000L; // 10 ms apart: only the first and the last step redraw
                done.update(s, 1.0 / s, s / 3.0);
            }
            done.finish(3, 1.0 / 3, 1.0, false);
            assertEquals(2, drawn.size(), drawn.toString());
            assertTrue(drawn.get(1).startsWith("step 3/3"), drawn.toString());

            drawn.clear();
            ProgressBar stopped = new ProgressBar(out, ProgressBar.Mode.BAR, 100, () -> now);
            now = 0;
            stopped.update(1, 1, 0);
            now = 20_000_000L;
            stopped.update(2, 0.5, 0);                       // within 100 ms: not drawn
            stopped.finish(2, 0.5, 0, true);
            assertEquals(2, drawn.size(), drawn.toString());
            assertTrue(drawn.get(1).matches("step +2/100 .*"), drawn.toString());
            assertTrue(text().contains("stopped at step 2 of 100"), text());
        } finally {
            attnlab.display.Inline.install(null);
        }
    }
}
