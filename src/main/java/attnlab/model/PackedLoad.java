package attnlab.model;

import attnlab.attention.kernel.AttentionKernel;
import attnlab.attention.kernel.PackedWeights;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads a model's large weights straight into the kernel's packed layout: each file chunk is decoded and written to
 * its packed place ({@link PackedWeights#put}, {@link PackedWeights#putTransposed}), with no whole-tensor float64 copy
 * in between. First the weights are planned ({@link #weight}, {@link #rows}, {@link #transposed}); {@link #run} then
 * <ul>
 *   <li>places them in two arrays of about half the total each, allocated at once on two threads. Arrays that large go
 *       straight to the JVM's old generation, so no collection copies the weights while they load (one array per
 *       tensor went to the young generation and was copied by every collection the load caused: more time than the
 *       reading itself);</li>
 *   <li>fills them on two threads, each taking the next range of about 4 Mi elements of any tensor.</li>
 * </ul>
 * The arrays hold exactly the packed weights: 8 bytes a parameter, nothing else.
 */
final class PackedLoad {
    /** One weight {@code W [K, N]} to fill; {@link #get} after {@link #run}. */
    static final class Weight {
        final int rows, cols;
        private PackedWeights packed;

        private Weight(int rows, int cols) {
            this.rows = rows;
            this.cols = cols;
        }

        PackedWeights get() {
            if (packed == null) throw new IllegalStateException("the load has not run yet");
            return packed;
        }
    }

    /** A range of one file tensor's elements and where they go. */
    private record Piece(String key, long from, long to, Weight into, boolean transposed, int col0) {}

    /** Elements one piece of work reads (32 MiB of float64): small enough for two threads to share the load evenly. */
    static final long PIECE = 4L << 20;
    /** The most doubles one array holds (a Java array has at most 2³¹ − 1 elements). */
    private static final long MAX_ARRAY = 1L << 30;

    private final Checkpoint ck;
    private final AttentionKernel kernel;
    private final List<Weight> weights = new ArrayList<>();
    private final List<Piece> pieces = new ArrayList<>();
    private final long piece;

    /** @param piece elements a piece of work reads ({@link #PIECE}; tests cut tensors into odd small pieces) */
    PackedLoad(Checkpoint ck, AttentionKernel kernel, long piece) {
        this.ck = ck;
        this.kernel = kernel;
        this.piece = piece;
    }

    /** Plans a weight {@code W [K, N]}. */
    Weight weight(int K, int N) {
        Weight w = new Weight(K, N);
        weights.add(w);
        return w;
    }

    /** {@code key} is W itself, {@code [K, N]} row-major (GPT-2's Conv1D weights). */
    Weight rows(String key, int K, int N) {
        ck.check(key, K, N);
        Weight w = weight(K, N);
        split(key, w, false, 0);
        return w;
    }

    /**
     * {@code key [M, K]} (an {@code nn.Linear} weight, an embedding) is {@code Wᵀ}'s rows {@code col0 … col0 + M − 1}:
     * it fills W's columns from {@code col0}.
     */
    void transposed(String key, Weight into, int col0, int M) {
        ck.check(key, M, into.rows);
        if (col0 + M > into.cols)
            throw new IllegalArgumentException(key + " would fill columns " + col0 + ".." + (col0 + M - 1) + " of a"
                    + " weight with " + into.cols);
        split(key, into, true, col0);
    }

    /** {@link #transposed} into a new {@code W [K, M]} of its own. */
    Weight transposed(String key, int M, int K) {
        Weight w = weight(K, M);
        transposed(key, w, 0, M);
        return w;
    }

    private void split(String key, Weight into, boolean transposed, int col0) {
        long n = ck.elements(key);
        for (long from = 0; from < n; from += piece)
            pieces.add(new Piece(key, from, Math.min(n, from + piece), into, transposed, col0));
    }

    /** Elements of all planned weights. */
    long elements() {
        long n = 0;
        for (Weight w : weights) n += (long) w.rows * w.cols;
        return n;
    }

    /** Allocates and fills every planned weight. */
    void run() {
        allocate();
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < pieces.size(); ) {
                Piece p = pieces.get(i);
                PackedWeights w = p.into.packed;
                if (p.transposed) ck.read(p.key, p.from, p.to, (first, v, n) -> w.putTransposed(first, v, n, p.col0));
                else ck.read(p.key, p.from, p.to, w::put);
            }
        };
        both(worker, worker);
    }

    /**
     * Two arrays (more only past 2³⁰ doubles each), allocated on two threads at once: the JVM zeroes a new array in
     * the allocating thread, as costly as filling it.
     */
    private void allocate() {
        long total = elements();
        int arrays = (int) Math.max(2, (total + MAX_ARRAY - 1) / MAX_ARRAY);
        long per = (total + arrays - 1) / arrays;
        List<List<Weight>> groups = new ArrayList<>();
        List<Weight> group = new ArrayList<>();
        long size = 0;
        for (Weight w : weights) { // in plan order; a group closes once it reaches its share
            long n = (long) w.rows * w.cols;
            if (!group.isEmpty() && (size + n > MAX_ARRAY || size >= per)) {
                groups.add(group);
                group = new ArrayList<>();
                size = 0;
            }
            group.add(w);
            size += n;
        }
        if (!group.isEmpty()) groups.add(group);
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int g; (g = next.getAndIncrement()) < groups.size(); ) {
                long n = 0;
                for (Weight w : groups.get(g)) n += (long) w.rows * w.cols;
                double[] data = new double[(int) n];
                int offset = 0;
                for (Weight w : groups.get(g)) {
                    w.packed = kernel.packEmpty(w.rows, w.cols, data, offset);
                    offset += w.rows * w.cols;
                }
            }
        };
        both(worker, worker);
    }

    /** Runs {@code a} on another thread and {@code b} on this one; rethrows what either threw. */
    private static void both(Runnable a, Runnable b) {
        CompletableFuture<Void> other = CompletableFuture.runAsync(a);
        try {
            b.run();
        } finally {
            try {
                other.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw e;
            }
        }
    }
}
