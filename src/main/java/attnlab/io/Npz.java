package attnlab.io;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz}: a zip archive of {@code .npy} files, one per array, entry {@code NAME.npy} for array NAME
 * ({@code np.savez} stores the entries, {@code np.savez_compressed} deflates them). Read with {@link ZipFile}, which
 * handles both methods and zip64; each entry streams into its tensor ({@link DataReader}).
 */
public final class Npz {
    private Npz() {}

    /** Deflate expands at most about 1032:1; an entry claiming more is a zip bomb, refused before allocating. */
    private static final long MAX_DEFLATE_RATIO = 1100;

    /** Reads every array, in archive order. @throws BadFileException naming the file (and entry) if one is bad */
    public static TensorFile read(Path path) {
        Checks.notNull(path, "path");
        String file = path.toString();
        checkStart(path, file);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, TensorFile.Info> info = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            long fileSize = Files.size(path);
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String where = file + "[" + e.getName() + "]";
                if (e.isDirectory()) continue;
                if (!e.getName().endsWith(".npy"))
                    throw new BadFileException(where, "an .npz holds only NAME.npy entries; this one is not an array");
                String name = e.getName().substring(0, e.getName().length() - 4);
                checkSizes(where, e, fileSize);
                Npy.Entry a;
                try (InputStream in = zip.getInputStream(e)) {
                    a = Npy.read(StreamChannels.of(in), where, e.getSize());
                } catch (ZipException z) {
                    throw new BadFileException(where, "the entry is damaged (" + z.getMessage() + ")");
                }
                if (tensors.put(name, a.tensor()) != null)
                    throw new BadFileException(file, "the array name '" + name + "' appears twice");
                info.put(name, new TensorFile.Info(a.header().dtype().descr(a.header().order()), a.header().shape()));
            }
        } catch (ZipException e) {
            throw new BadFileException(file, "not a readable zip archive (.npz): " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read (" + e + ")", e);
        }
        return new TensorFile(file, tensors, info, Map.of());
    }

    // A .npy or a pickle given to loadz gets told what it is, rather than "zip END header not found".
    private static void checkStart(Path path, String file) {
        byte[] head = new byte[6];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, 6);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read (" + e + ")", e);
        }
        if (n == 0) throw new BadFileException(file, "the file is empty: an .npz is a zip archive");
        if (n == 6 && java.util.Arrays.equals(head, Npy.MAGIC))
            throw new BadFileException(file, "this is a .npy, not an .npz: use load");
        if ((head[0] & 0xff) == 0x80)
            throw new BadFileException(file, "this is a Python pickle, not an .npz. Pickles are not supported:"
                    + " unpickling runs code from the file, so attnlab never unpickles");
        if (n < 4 || head[0] != 'P' || head[1] != 'K')
            throw new BadFileException(file, "bad magic: an .npz is a zip archive starting with \"PK\"");
    }

    private static void checkSizes(String where, ZipEntry e, long fileSize) {
        long size = e.getSize(), packed = e.getCompressedSize();
        if (packed > fileSize)
            throw new BadFileException(where, "the entry claims " + packed + " bytes but the archive has only "
                    + fileSize);
        if (e.getMethod() == ZipEntry.DEFLATED && size > 0 && packed >= 0 && size > packed * MAX_DEFLATE_RATIO + 4096)
            throw new BadFileException(where, "the entry claims " + size + " bytes from " + packed
                    + " compressed, more than deflate can produce (a zip bomb?)");
        if (e.getMethod() == ZipEntry.STORED && size > fileSize)
            throw new BadFileException(where, "the entry claims " + size + " bytes but the archive has only "
                    + fileSize);
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes {@code arrays} as {@code NAME.npy} entries, {@code <f8}, stored ({@code np.savez}) or deflated
     * ({@code np.savez_compressed}), atomically. A {@link TensorFile}'s 0-d and 1-d entries keep their file shape.
     */
    public static void write(Path path, Map<String, Tensor> arrays, boolean compressed) {
        write(path, arrays, compressed, Dtype.F8);
    }

    /** The same in {@code dtype} (F8 or F4). */
    public static void write(Path path, Map<String, Tensor> arrays, boolean compressed, Dtype dtype) {
        Checks.notNull(path, "path");
        Checks.notNull(arrays, "arrays");
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            String name = Checks.notNull(e.getKey(), "an array name");
            if (name.isEmpty()) throw new IllegalArgumentException("an array name must not be empty");
            Tensor t = Checks.notNull(e.getValue(), "array '" + name + "'");
            headers.put(name, Npy.header(t, dtype, TensorFile.rememberedShape(arrays, name)));
        }
        AtomicFile.write(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Channels.newOutputStream(out), 1 << 20));
            zip.setLevel(Deflater.DEFAULT_COMPRESSION);
            for (Map.Entry<String, byte[]> h : headers.entrySet()) {
                Tensor t = arrays.get(h.getKey());
                ZipEntry e = new ZipEntry(h.getKey() + ".npy");
                if (compressed) {
                    e.setMethod(ZipEntry.DEFLATED);
                } else {
                    e.setMethod(ZipEntry.STORED);               // STORED needs size and CRC up front: one extra pass
                    CrcChannel crc = new CrcChannel();
                    Npy.write(crc, h.getValue(), t, dtype);
                    e.setSize(crc.size);
                    e.setCompressedSize(crc.size);
                    e.setCrc(crc.crc.getValue());
                }
                zip.putNextEntry(e);
                Npy.write(StreamChannels.of(zip), h.getValue(), t, dtype);
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
        });
    }

    /** Counts and checksums bytes without keeping them. */
    private static final class CrcChannel implements WritableByteChannel {
        final CRC32 crc = new CRC32();
        long size;

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            crc.update(src);
            size += n;
            return n;
        }

        @Override
        public boolean isOpen() { return true; }

        @Override
        public void close() {}
    }

}
