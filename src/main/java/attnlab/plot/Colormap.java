package attnlab.plot;

import java.awt.Color;

/**
 * Perceptually ordered colour maps, as small anchor tables interpolated linearly in sRGB.
 *
 * <p>{@link #VIRIDIS} (the default) and {@link #MAGMA} are matplotlib's perceptually uniform maps (van der Walt and
 * Smith), sampled at ten evenly spaced points: they read the same in greyscale and for colour-blind viewers.
 * {@link #RDBU} is ColorBrewer's diverging red–white–blue, for signed data centred on 0 (positional encodings).
 * None of them contains a neutral grey, so {@link #MASKED} cannot be confused with a value.
 */
public enum Colormap {
    VIRIDIS(0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725),
    MAGMA(0x000004, 0x180f3d, 0x440f76, 0x721f81, 0x9e2f7f, 0xcd4071, 0xf1605d, 0xfd9668, 0xfeca8d, 0xfcfdbf),
    /** Low values blue, 0.5 near-white, high values red. */
    RDBU(0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b,
            0x67001f);

    static { Headless.enforce(); } // java.awt.Color's own initialiser asks AWT whether it is headless: decide first

    /** Colour of blocked ({@code -inf}) cells: a neutral light grey. */
    public static final Color MASKED = new Color(0xd9d9d9);
    /** Colour of NaN cells: a loud pink, so a bug is not mistaken for data. */
    public static final Color NAN = new Color(0xff2fa8);

    private final int[] anchors;

    Colormap(int... anchors) { this.anchors = anchors; }

    /** The colour at {@code t} in [0, 1] (clamped; NaN gives {@link #NAN}), as 0xRRGGBB. */
    public int rgb(double t) {
        if (Double.isNaN(t)) return NAN.getRGB() & 0xffffff;
        double x = Math.max(0, Math.min(1, t)) * (anchors.length - 1);
        int i = Math.min((int) x, anchors.length - 2);
        double f = x - i;
        int a = anchors[i], b = anchors[i + 1];
        return mix(a >> 16, b >> 16, f) << 16 | mix(a >> 8, b >> 8, f) << 8 | mix(a, b, f);
    }

    /** {@link #rgb(double)} as a {@link Color}. */
    public Color color(double t) { return new Color(rgb(t)); }

    private static int mix(int a, int b, double f) {
        a &= 0xff;
        b &= 0xff;
        return (int) Math.round(a + (b - a) * f);
    }

    /** Relative luminance in [0, 1] (Rec. 709 weights on sRGB), used to pick black or white text on a cell. */
    static double luminance(int rgb) {
        return (0.2126 * (rgb >> 16 & 0xff) + 0.7152 * (rgb >> 8 & 0xff) + 0.0722 * (rgb & 0xff)) / 255.0;
    }
}
