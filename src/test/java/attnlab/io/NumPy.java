package attnlab.io;

import attnlab.tensor.Tensor;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a Python script with the real NumPy: {@code /usr/bin/python3} (Debian's, numpy 1.24; {@code .ci/run} installs
 * it). Missing Python or NumPy FAILS the test, never skips it. Values cross between the two as {@code float.hex}
 * strings, so comparisons are exact.
 */
public final class NumPy {
    private NumPy() {}

    public static final Path PYTHON = Path.of("/usr/bin/python3");

    /** Runs {@code script} in {@code dir} with {@code args}; returns its stdout. Fails on any error. */
    public static String run(Path dir, String script, String... args) {
        if (!Files.isExecutable(PYTHON))
            fail(PYTHON + " is missing: these tests need the real NumPy (.ci/run installs python3-numpy)");
        try {
            Path file = Files.writeString(dir.resolve("script.py"), script, StandardCharsets.UTF_8);
            List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON.toString(), file.toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            pb.redirectError(dir.resolve("stderr.txt").toFile());
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("python did not finish within 300 s");
            }
            String err = Files.readString(dir.resolve("stderr.txt"));
            if (p.exitValue() != 0) {
                if (err.contains("No module named 'numpy'"))
                    fail("NumPy is missing for " + PYTHON + ": these tests need it (.ci/run installs python3-numpy)");
                fail("python exited with " + p.exitValue() + ":\n" + err);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Python's {@code float.hex} text ({@code 0x1.8p+1}, {@code inf}, {@code -inf}, {@code nan}) to a double. */
    public static double hex(String s) {
        switch (s) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            case "nan": case "-nan": return Double.NaN;
            default: return Double.parseDouble(s);
        }
    }

    /** A JSON array of hex strings. */
    public static double[] hexArray(JsonArray a) {
        double[] r = new double[a.size()];
        int k = 0;
        for (JsonElement e : a) r[k++] = hex(e.getAsString());
        return r;
    }

    /** The tensor's entries in C order. */
    public static double[] flat(Tensor t) {
        double[] r = new double[t.size()];
        int per = t.rows() * t.cols();
        for (int b = 0; b < t.batch(); b++) System.arraycopy(t.slice(b).data, 0, r, b * per, per);
        return r;
    }

    /** Bit-for-bit equality (any NaN equals any NaN; -0.0 differs from 0.0). */
    public static void assertSameBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int k = 0; k < expected.length; k++) {
            boolean same = Double.isNaN(expected[k]) ? Double.isNaN(actual[k])
                    : Double.doubleToRawLongBits(expected[k]) == Double.doubleToRawLongBits(actual[k]);
            assertTrue(same, what + ": entry " + k + " is " + actual[k] + " but NumPy has " + expected[k]);
        }
    }

    /** Python helpers every script starts with. */
    public static final String PRELUDE = """
            import json, struct, sys, os
            import numpy as np
            def hexes(a):
                return [float(v).hex() for v in np.asarray(a, dtype=np.float64).ravel(order='C')]
            """;
}
