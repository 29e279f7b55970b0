package attnlab.exercises;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** The public tally of failed checks that script mode and the kernel grade with. */
class TallyTest {
    static final Signatures.AttentionArrays RIGHT = (q, k, v) -> Student.attention(q, k, v, null, Student.Bug.NONE);
    static final Signatures.AttentionArrays NO_SCALE = (q, k, v) -> Student.attention(q, k, v, null, Student.Bug.NO_SCALE);

    @Test
    void failingAndUnimplementedChecksAreCountedAndSummarised() {
        long mark = Checker.failedChecks();
        assertTrue(Ex55DotProduct.check(RIGHT).passed());
        assertEquals(mark, Checker.failedChecks(), "a passing check is not counted");
        Report wrong = Ex55DotProduct.check(NO_SCALE);
        Report todo = Ex58PositionalEncoding.checkTensor((n, d) -> null);
        Report part = Ex56CausalMask.checkEjml(n -> null, (q, k, v, m) -> { throw new UnsupportedOperationException("TODO"); });
        assertEquals(mark + 3, Checker.failedChecks());
        long fails = wrong.sections().get(0).lines().stream().filter(l -> l.status() != Report.Status.PASS).count();
        assertEquals(List.of("check55 (" + fails + " of " + wrong.sections().get(0).lines().size() + " cases fail)",
                "check58Tensor (not implemented yet)", "check56Ejml (5.6a: not implemented yet; 5.6b: not implemented yet)"),
                Checker.failuresSince(mark));
        assertEquals(List.of("check56Ejml (5.6a: not implemented yet; 5.6b: not implemented yet)"),
                Checker.failuresSince(mark + 2));
        assertEquals(List.of(), Checker.failuresSince(Checker.failedChecks()));
        assertEquals("check55", wrong.check());
        assertEquals("check55 (all 7 cases pass)", Ex55DotProduct.check(RIGHT).summary());
    }

    @Test
    void aPartThatPassesIsLeftOutOfTheSummary() {
        long mark = Checker.failedChecks();
        Ex56CausalMask.check(n -> Student.transpose(Student.transpose(attnlab.Lab.causalMask(n).toArray()[0])),
                (q, k, v, m) -> Student.attention(q, k, v, m, Student.Bug.MASK_AFTER_SOFTMAX));
        List<String> f = Checker.failuresSince(mark);
        assertEquals(1, f.size(), f::toString);
        assertTrue(f.get(0).matches("check56 \\(5\\.6b: \\d of 7 cases fail\\)"), f::toString);
    }

    @Test
    void expectFailureExcusesADemonstrationAndFlagsOneThatPasses() {
        long mark = Checker.failedChecks();
        Report demo = Ex55DotProduct.check(NO_SCALE);
        String printed = demo.toString();
        assertSame(demo, demo.expectFailure());
        assertEquals(printed, demo.toString(), "prints as before");
        assertEquals(List.of(), Checker.failuresSince(mark), "excused");
        assertEquals(mark + 1, Checker.failedChecks(), "marks stay valid: the entry keeps its place");
        demo.expectFailure();
        assertEquals(List.of(), Checker.failuresSince(mark));

        Ex55DotProduct.checkTensor(attnlab.Lab::attention).expectFailure().expectFailure();
        assertEquals(List.of("check55Tensor (expected to fail, but every case passes)"), Checker.failuresSince(mark));
    }

    @Test
    void countsChecksFromManyThreadsExactly() throws Exception {
        long mark = Checker.failedChecks();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Report>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                boolean fail = t % 2 == 0;
                futures.add(pool.submit(() -> Ex58PositionalEncoding.check((n, d) -> fail ? new double[n][d]
                        : attnlab.Lab.positionalEncoding(n, d).toArray()[0])));
            }
            for (Future<Report> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
        List<String> failed = Checker.failuresSince(mark);
        assertTrue(failed.size() >= 8, failed::toString); // other tests may check in parallel: at least ours
        assertEquals(8, failed.stream().filter(s -> s.equals("check58 (6 of 6 cases fail)")).count(), failed::toString);
    }

    @Test
    void aNegativeMarkIsRefusedWithItsValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checker.failuresSince(-1));
        assertEquals("mark must be >= 0 (a value of failedChecks()) but was -1", e.getMessage());
    }
}
