package attnlab.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Channels over the zip entry streams of {@link Npz}, moving up to 1 MiB per call ({@code Channels.newChannel}
 * moves 8 KiB, which made an .npz entry thousands of small calls into the zip stream). Closing them does not close
 * the stream.
 */
final class StreamChannels {
    private StreamChannels() {}

    private static final int TRANSFER = 1 << 20;

    static ReadableByteChannel of(InputStream in) {
        return new ReadableByteChannel() {
            private byte[] transfer = new byte[0];

            @Override
            public int read(ByteBuffer dst) throws IOException {
                int want = Math.min(dst.remaining(), TRANSFER);
                if (want == 0) return 0;
                if (transfer.length < want) transfer = new byte[want];
                int n = in.read(transfer, 0, want);
                if (n > 0) dst.put(transfer, 0, n);
                return n;
            }

            @Override
            public boolean isOpen() { return true; }

            @Override
            public void close() {}
        };
    }

    static WritableByteChannel of(OutputStream out) {
        return new WritableByteChannel() {
            private byte[] transfer = new byte[0];

            @Override
            public int write(ByteBuffer src) throws IOException {
                int n = Math.min(src.remaining(), TRANSFER);
                if (transfer.length < n) transfer = new byte[n];
                src.get(transfer, 0, n);
                out.write(transfer, 0, n);
                return n;
            }

            @Override
            public boolean isOpen() { return true; }

            @Override
            public void close() {}
        };
    }
}
