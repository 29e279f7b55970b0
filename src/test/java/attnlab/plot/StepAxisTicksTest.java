package attnlab.plot;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 5: the training curve's step axis printed "1,0691,1581,2471,...": XChart put a tick on every k-th
 * data point of the equally spaced steps, with labels almost touching. The ticks must be round numbers, with room
 * between neighbouring labels. Reads the ticks XChart actually drew (its internals, by reflection).
 */
class StepAxisTicksTest {
    @ParameterizedTest
    @ValueSource(ints = {50, 300, 1500, 2400, 5000})
    void stepTicksAreRoundAndTheirLabelsDoNotTouch(int steps) throws Exception {
        double[] x = new double[steps], loss = new double[steps], acc = new double[steps];
        for (int i = 0; i < steps; i++) {
            x[i] = i + 1;
            loss[i] = Math.exp(-i / 300.0);
            acc[i] = 1 - loss[i];
        }
        XYChart c = LineChart.of(x, loss, "loss").add(x, acc, "accuracy").axes("step", "loss / accuracy")
                .title("Training").xchart(760, 480);
        BitmapEncoder.getBufferedImage(c);
        List<String> allLabels = xTicks(c, "getTickLabels");
        List<Double> allAt = xTicks(c, "getTickLocations");
        List<String> labels = new java.util.ArrayList<>();
        List<Double> at = new java.util.ArrayList<>();
        for (int k = 0; k < allLabels.size(); k++) { // XChart also lists ticks just outside the data range
            double v = Double.parseDouble(allLabels.get(k).replace(",", ""));
            if (v >= 1 && v <= steps) {
                labels.add(allLabels.get(k));
                at.add(allAt.get(k));
            }
        }
        assertTrue(labels.size() >= 3 && labels.size() <= 12, "ticks " + labels);
        double step = Double.parseDouble(labels.get(1).replace(",", "")) - Double.parseDouble(labels.get(0).replace(",", ""));
        double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
        assertTrue(List.of(1.0, 2.0, 2.5, 5.0).contains(mantissa), "step " + step + " is not round: " + labels);
        for (String l : labels) assertTrue(Double.parseDouble(l.replace(",", "")) % step == 0, l + " in " + labels);
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Font font = c.getStyler().getAxisTickLabelsFont();
        FontMetrics fm = scratch.createGraphics().getFontMetrics(font);
        for (int k = 0; k + 1 < labels.size(); k++) {
            double gap = at.get(k + 1) - at.get(k) - (fm.stringWidth(labels.get(k)) + fm.stringWidth(labels.get(k + 1))) / 2.0;
            assertTrue(gap >= 10, "labels " + labels.get(k) + " and " + labels.get(k + 1) + " are " + gap + " px apart: " + labels);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> xTicks(XYChart c, String getter) throws Exception {
        Field pair = org.knowm.xchart.internal.chartpart.Chart.class.getDeclaredField("axisPair");
        pair.setAccessible(true);
        Object axisPair = pair.get(c);
        Object xAxis = axisPair.getClass().getMethod("getXAxis").invoke(axisPair);
        Method calc = xAxis.getClass().getMethod("getAxisTickCalculator");
        calc.setAccessible(true);
        Object calculator = calc.invoke(xAxis);
        Method m = org.knowm.xchart.internal.chartpart.AxisTickCalculator_.class.getDeclaredMethod(getter);
        m.setAccessible(true);
        return (List<T>) m.invoke(calculator);
    }
}
