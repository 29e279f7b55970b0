package attnlab.io;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * NumPy's {@code .npy} format, versions 1.0, 2.0 and 3.0 (numpy/lib/format.py):
 * <pre>
 *   "\x93NUMPY"  major minor   header length (v1: uint16 LE; v2, v3: uint32 LE)   header (v1, v2: latin-1; v3: UTF-8)
 *   data: the elements in C order, or Fortran order if the header says so
 * </pre>
 * Every supported dtype ({@link Dtype}) in either byte order is read as float64, 0-d and 1-d arrays as {@code [1, 1]}
 * and {@code [1, n]} ({@link Shapes}). Writing gives version 1.0 (2.0 if the header needs it), C order, {@code <f8}
 * or {@code <f4}, with the header padded so the data starts at a multiple of 64 bytes, as NumPy does.
 */
public final class Npy {
    private Npy() {}

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Longest header read (NumPy's own reader stops at 10000 bytes): a bigger claim is refused before allocating. */
    static final int MAX_HEADER = 1 << 20;

    // ------------------------------------------------------------------ reading

    /** Reads a {@code .npy} file. @throws BadFileException if it is not one, UncheckedIOException if unreadable */
    public static Tensor read(Path path) {
        return readEntry(path).tensor();
    }

    /** The tensor with the file's own dtype and shape. */
    record Entry(Tensor tensor, NpyHeader header) {}

    static Entry readEntry(Path path) {
        Checks.notNull(path, "path");
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(in, path.toString(), in.size());
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(path + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read (" + e + ")", e);
        }
    }

    /**
     * Reads one array from {@code in}, which holds {@code size} bytes (-1 if unknown).
     *
     * @param file the name used in messages
     */
    static Entry read(ReadableByteChannel in, String file, long size) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        pre.limit(8);
        int got = fill(in, pre);
        checkMagic(file, pre, got);
        int major = pre.get(6) & 0xff, minor = pre.get(7) & 0xff;
        if (!(minor == 0 && (major == 1 || major == 2 || major == 3)))
            throw new BadFileException(file, "format version " + major + "." + minor + " is not supported (attnlab"
                    + " reads .npy versions 1.0, 2.0 and 3.0)");
        int lenBytes = major == 1 ? 2 : 4;
        pre.limit(8 + lenBytes);
        if (fill(in, pre) < lenBytes) throw new BadFileException(file, "truncated: it ends inside the preamble");
        long headerLength = major == 1 ? pre.getShort(8) & 0xffff : pre.getInt(8) & 0xffffffffL;
        long preamble = 8 + lenBytes;
        if (headerLength > MAX_HEADER)
            throw new BadFileException(file, "the header length field says " + headerLength + " bytes; a .npy"
                    + " header is a short dict, so attnlab refuses more than " + MAX_HEADER + " (the file is damaged"
                    + " or hostile)");
        if (size >= 0 && preamble + headerLength > size)
            throw new BadFileException(file, "truncated: the header length field says " + headerLength
                    + " bytes but only " + (size - preamble) + " follow");
        ByteBuffer hb = ByteBuffer.allocate((int) headerLength);
        if (fill(in, hb) < headerLength) throw new BadFileException(file, "truncated: it ends inside the header");
        String text = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h = NpyHeader.parse(file, text);
        long available = size < 0 ? -1 : size - preamble - headerLength;
        Tensor t = DataReader.read(in, file, h.describe(), h.dtype(), h.order(), h.shape(), h.fortran(), available);
        return new Entry(t, h);
    }

    private static void checkMagic(String file, ByteBuffer pre, int got) {
        boolean magic = got >= 6;
        for (int k = 0; k < 6 && magic; k++) magic = pre.get(k) == MAGIC[k];
        if (magic) {
            if (got < 8) throw new BadFileException(file, "truncated: it ends inside the preamble");
            return;
        }
        if (got == 0) throw new BadFileException(file, "the file is empty: a .npy starts with \\x93NUMPY");
        if (got >= 4 && pre.get(0) == 'P' && pre.get(1) == 'K' && pre.get(2) == 3 && pre.get(3) == 4)
            throw new BadFileException(file, "this is a zip archive (.npz), not a .npy: use loadz");
        if ((pre.get(0) & 0xff) == 0x80)
            throw new BadFileException(file, "this is a Python pickle, not a .npy. Pickles are not supported:"
                    + " unpickling runs code from the file, so attnlab never unpickles");
        StringBuilder seen = new StringBuilder();
        for (int k = 0; k < Math.min(got, 6); k++) {
            int b = pre.get(k) & 0xff;
            seen.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        throw new BadFileException(file, "bad magic string: a .npy starts with \\x93NUMPY but this starts with \""
                + seen + "\"");
    }

    /** Reads until {@code buf} is full or the stream ends; returns the bytes now in it. */
    static int fill(ReadableByteChannel in, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) if (in.read(buf) < 0) break;
        return buf.position();
    }

    // ------------------------------------------------------------------ writing

    /** Writes {@code t} as {@code <f8} (C order) to {@code path}, atomically. */
    public static void write(Path path, Tensor t) {
        write(path, t, Dtype.F8, null);
    }

    /**
     * Writes {@code t} as {@code dtype} (F8 or F4) to {@code path}, atomically (a temporary file, then a rename).
     *
     * @param fileShape the shape to record, e.g. {@code (n,)} for a {@code [1, n]} tensor; null for the tensor's own
     */
    public static void write(Path path, Tensor t, Dtype dtype, long[] fileShape) {
        Checks.notNull(path, "path");
        Checks.notNull(t, "tensor");
        byte[] header = header(t, dtype, fileShape);
        AtomicFile.write(path, out -> write(out, header, t, dtype));
    }

    static void write(WritableByteChannel out, byte[] header, Tensor t, Dtype dtype) throws IOException {
        ByteBuffer h = ByteBuffer.wrap(header);
        while (h.hasRemaining()) out.write(h);
        DataWriter.write(out, t, dtype);
    }

    /** Magic, version, length and the padded dict: the data then starts at a multiple of 64. */
    static byte[] header(Tensor t, Dtype dtype, long[] fileShape) {
        if (dtype != Dtype.F8 && dtype != Dtype.F4)
            throw new IllegalArgumentException("dtype must be F8 or F4 for writing but was " + dtype);
        long[] shape = Shapes.forWriting(t.shape(), fileShape);
        if (Shapes.elements("(writing)", shape) != t.size())
            throw new IllegalArgumentException("file shape " + Shapes.str(shape) + " does not hold the "
                    + t.size() + " entries of a tensor of shape " + Checks.str(t.shape()));
        String dict = new NpyHeader(dtype, ByteOrder.LITTLE_ENDIAN, false, shape).literal();
        int lenBytes = 6 + 2 + 2 + dict.length() + 1 <= 65535 ? 2 : 4;
        int unpadded = 6 + 2 + lenBytes + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        byte[] out = new byte[total];
        System.arraycopy(MAGIC, 0, out, 0, 6);
        out[6] = (byte) (lenBytes == 2 ? 1 : 2);
        int headerLength = total - 6 - 2 - lenBytes;
        if (lenBytes == 2) ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putShort(8, (short) headerLength);
        else ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(8, headerLength);
        byte[] d = dict.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(d, 0, out, 8 + lenBytes, d.length);
        for (int k = 8 + lenBytes + d.length; k < total - 1; k++) out[k] = ' ';
        out[total - 1] = '\n';
        return out;
    }
}
