package attnlab.io;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two ways {@link DataReader} fills a tensor: positional reads on two threads (a file, large) and the stream
 * (an .npz entry, or a small file). Every element must land in its C-order place, whichever thread read it and
 * wherever the split between the threads falls: inside the one slice of a matrix, or between slices.
 */
class DataReaderTest {
    @TempDir
    Path dir;

    // element k of the file: exact in every dtype below, and different for neighbours
    private static double value(long k, String descr) {
        return descr.contains("u1") ? k % 251 : descr.contains("i2") ? k % 32749 - 16000 : k * 0.5 - 7;
    }

    private static byte[] data(long n, String descr) {
        ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int size = Integer.parseInt(descr.substring(2));
        ByteBuffer b = ByteBuffer.allocate((int) (n * size)).order(order);
        for (long k = 0; k < n; k++) {
            double v = value(k, descr);
            switch (descr.substring(1)) {
                case "f8" -> b.putDouble(v);
                case "f4" -> b.putFloat((float) v);
                case "i2" -> b.putShort((short) v);
                case "u1" -> b.put((byte) v);
                default -> throw new AssertionError(descr);
            }
        }
        return b.array();
    }

    private void readsEveryElement(String descr, String shapeText, int[] tensorShape) throws IOException {
        long n = 1;
        for (int d : tensorShape) n *= d;
        byte[] file = HostileFilesTest.npy(1, HostileFilesTest.dict("'" + descr + "'", shapeText), data(n, descr));
        Path p = Files.write(dir.resolve("a.npy"), file);
        Tensor fromFile = Npy.read(p);                                              // positional, two threads if large
        Tensor fromStream = Npy.read(Channels.newChannel(new ByteArrayInputStream(file)), "a.npy", -1).tensor();
        assertArrayEquals(tensorShape, fromFile.shape(), descr + " " + shapeText);
        assertArrayEquals(tensorShape, fromStream.shape(), descr + " " + shapeText);
        int per = fromFile.rows() * fromFile.cols();
        for (int b = 0; b < fromFile.batch(); b++) {
            double[] x = fromFile.slice(b).data, y = fromStream.slice(b).data;
            for (int i = 0; i < per; i++) {
                double want = value((long) b * per + i, descr);
                if (x[i] != want || y[i] != want)
                    throw new AssertionError(descr + " " + shapeText + " slice " + b + " element " + i + ": file "
                            + x[i] + ", stream " + y[i] + ", expected " + want);
            }
        }
    }

    @Test
    void oneLargeSliceSplitInsideItAtAnOddCount() throws IOException {
        readsEveryElement("<f8", "(" + ((1 << 20) + 3) + ",)", new int[] {1, (1 << 20) + 3});
        readsEveryElement(">f8", "(1025, 1031)", new int[] {1025, 1031});
    }

    @Test
    void manySlicesSplitBetweenSlices() throws IOException {
        readsEveryElement("<f8", "(3, 1000, 700)", new int[] {3, 1000, 700});        // odd count: 1 + 2 slices
        readsEveryElement("<f4", "(2, 3, 512, 700)", new int[] {2, 3, 512, 700});
        readsEveryElement("<i2", "(5, 512, 513)", new int[] {5, 512, 513});
        readsEveryElement("|u1", "(2, 1024, 1024)", new int[] {2, 1024, 1024});
    }

    @Test
    void smallFilesAndManyTinySlices() throws IOException {
        readsEveryElement("<f8", "(2, 2)", new int[] {2, 2});
        readsEveryElement("<f8", "(300000, 2, 2)", new int[] {300000, 2, 2});       // 1.2M elements of 4
        readsEveryElement("<f8", "(7, 0, 3)", new int[] {7, 0, 3});
    }

    @Test
    void aTruncatedLargeFileIsRefusedBeforeAnyAllocation() throws IOException {
        byte[] file = HostileFilesTest.npy(1, HostileFilesTest.dict("'<f8'", "(2, 1024, 1024)"), new byte[8]);
        Path p = Files.write(dir.resolve("short.npy"), file);
        RuntimeException e = assertThrows(RuntimeException.class, () -> Npy.read(p));
        assertTrue(e.getMessage().contains("truncated: the header promises 16777216 data bytes"), e.getMessage());
        assertEquals(true, e.getMessage().contains("short.npy"), e.getMessage());
    }
}
