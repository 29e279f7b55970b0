package attnlab.tensor;

import java.util.Random;

/**
 * The one seeded random stream behind the facade's {@code randn(...)} and {@code mha(dModel, nHeads)}. It lives
 * here, below the front-ends, so that a REPL or notebook session can start it from seed 0 without reaching up into
 * the facade. Not thread-safe by design: a session runs one snippet at a time.
 */
public final class SharedRandom {
    private static Random stream = new Random(0);

    private SharedRandom() {}

    /** Restarts the stream from {@code seed}. */
    public static void seed(long seed) {
        stream = new Random(seed);
    }

    /** The current stream (replaced by {@link #seed}). */
    public static Random stream() {
        return stream;
    }
}
