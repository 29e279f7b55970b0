package attnlab.plot;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColormapTest {
    @Test
    void endsMiddleAndClamping() {
        assertEquals(0x440154, Colormap.VIRIDIS.rgb(0));
        assertEquals(0xfde725, Colormap.VIRIDIS.rgb(1));
        assertEquals(0xfde725, Colormap.VIRIDIS.rgb(7), "clamped");
        assertEquals(0x440154, Colormap.VIRIDIS.rgb(-3), "clamped");
        assertEquals(0xf7f7f7, Colormap.RDBU.rgb(0.5), "diverging map is white at the centre");
        // halfway between the first two anchors 0x440154 and 0x482878
        assertEquals(0x461566, Colormap.VIRIDIS.rgb(0.5 / 9)); // (0x01 + 0x28) / 2 = 20.5 rounds up
        assertEquals(Colormap.NAN.getRGB() & 0xffffff, Colormap.MAGMA.rgb(Double.NaN));
    }

    @Test
    void viridisAndMagmaGetBrighterMonotonically() {
        for (Colormap c : new Colormap[] {Colormap.VIRIDIS, Colormap.MAGMA}) {
            double prev = -1;
            for (int k = 0; k <= 100; k++) {
                double l = Colormap.luminance(c.rgb(k / 100.0));
                assertTrue(l >= prev - 0.01, c + " at " + k);
                prev = l;
            }
        }
    }
}
