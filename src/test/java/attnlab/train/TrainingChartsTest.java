package attnlab.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class TrainingChartsTest {

    @Test
    void curveAndHeadHeatmapsRenderToPng(@TempDir Path dir) throws Exception {
        Task task = Task.previousToken(8, 6);
        AttentionModel m = AttentionModel.forTask(task, 8, 2, MaskKind.STRICT_CAUSAL, 0);
        TrainResult r = Trainer.of(m, task).steps(30).batch(8).out(new PrintStream(new ByteArrayOutputStream()))
                .progress(ProgressBar.Mode.OFF).run();
        Path curve = r.curve().save(dir.resolve("curve.png").toString(), 400, 300);
        BufferedImage img = ImageIO.read(curve.toFile());
        assertEquals(400, img.getWidth());
        assertEquals(300, img.getHeight());
        assertEquals("Training: previous token, 2 heads, strict causal mask", r.curve().title());
        Path heads = TrainingCharts.heads(m, new int[] {1, 2, 3, 4, 5, 6}).save(dir.resolve("heads.png").toString());
        assertNotNull(ImageIO.read(heads.toFile()));
        assertTrue(r.heatmaps().title().startsWith("Attention per head, strict causal mask"));
    }

    /** Issue 12 item 5: labelled by token id only, "4" appeared three times; labels are position:token. */
    @Test
    void headHeatmapsLabelRowsAndColumnsByPositionAndToken() {
        Task task = Task.previousToken(8, 6);
        AttentionModel m = AttentionModel.forTask(task, 8, 1, MaskKind.CAUSAL, 0);
        String view = TrainingCharts.heads(m, new int[] {4, 2, 4, 1, 4, 3}).terminal(false);
        for (String label : new String[] {"0:4", "1:2", "2:4", "3:1", "4:4", "5:3"})
            assertTrue(view.contains(label), label + " missing:\n" + view);
        assertTrue(TrainingCharts.heads(m, new int[] {4, 2, 4, 1, 4, 3}).title().contains("position:token"));
    }

    @Test
    void sampleSequenceIsSeeded() {
        Task task = Task.previousToken(8, 10);
        assertArrayEquals(TrainingCharts.sampleSequence(task, 3), TrainingCharts.sampleSequence(task, 3));
    }

    @Test
    void noStepsNoCurve() {
        Task task = Task.previousToken(8, 6);
        AttentionModel m = AttentionModel.forTask(task, 8, 1, MaskKind.CAUSAL, 0);
        TrainResult r = Trainer.of(m, task).steps(0).progress(ProgressBar.Mode.OFF).evalSequences(0).run();
        assertMessage("result has no completed steps: nothing to plot", () -> TrainingCharts.curve(r));
    }
}
