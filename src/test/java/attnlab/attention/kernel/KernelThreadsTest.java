package attnlab.attention.kernel;

import attnlab.attention.*;
import attnlab.tensor.Interrupts;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelThreadsTest {

    @Test
    void smallWorkStaysOnTheCallingThread() {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        KernelThreads.forEach(50, KernelThreads.MIN_PARALLEL_FLOPS - 1, u -> seen.add(Thread.currentThread()));
        assertEquals(Set.of(Thread.currentThread()), seen);
    }

    @Test
    void largeWorkRunsEveryUnitExactlyOnce() {
        AtomicIntegerArray hits = new AtomicIntegerArray(1000);
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        KernelThreads.forEach(1000, Long.MAX_VALUE, u -> {
            hits.incrementAndGet(u);
            seen.add(Thread.currentThread());
            busy();
        });
        for (int u = 0; u < 1000; u++) assertEquals(1, hits.get(u), "unit " + u);
        if (KernelThreads.CORES > 1) assertTrue(seen.size() > 1, "expected helper threads to take units");
    }

    @Test
    void helpersAreNoThreadsOfTheCallersGroup() throws Exception {
        // a REPL snippet's group: on JDK 17 its Ctrl-C is ThreadGroup.stop, which killed helpers created inside it
        ThreadGroup snippet = new ThreadGroup("snippet");
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        Thread caller = new Thread(snippet, () -> KernelThreads.forEach(1000, Long.MAX_VALUE, u -> {
            seen.add(Thread.currentThread());
            busy();
        }));
        caller.start();
        caller.join();
        seen.remove(caller);
        if (KernelThreads.CORES > 1) assertFalse(seen.isEmpty(), "expected helper threads to take units");
        for (Thread t : seen) assertFalse(snippet.parentOf(t.getThreadGroup()), t.toString());
    }

    @Test
    void anErrorInAHelperReachesTheCaller() {
        Thread caller = Thread.currentThread();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelThreads.forEach(200, Long.MAX_VALUE, u -> {
                    busy();
                    if (Thread.currentThread() != caller || u == 150) throw new IllegalStateException("unit failed");
                }));
        assertEquals("unit failed", e.getMessage());
    }

    @Test
    void aConcurrentCallRunsOnItsOwnThreadAndCompletes() throws Exception {
        AtomicIntegerArray hits = new AtomicIntegerArray(400);
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        Thread other = new Thread(() -> KernelThreads.forEach(200, Long.MAX_VALUE, u -> {
            inside.countDown();
            hits.incrementAndGet(u);
            busy();
        }));
        other.start();
        inside.await();
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        KernelThreads.forEach(200, Long.MAX_VALUE, u -> {
            hits.incrementAndGet(200 + u);
            seen.add(Thread.currentThread());
            busy();
        });
        other.join();
        for (int u = 0; u < 400; u++) assertEquals(1, hits.get(u), "unit " + u);
        assertTrue(seen.contains(Thread.currentThread()));
    }

    @Test
    void manyBackToBackCallsAllComplete() { // the helpers hand over between calls without losing one
        for (int call = 0; call < 2000; call++) {
            AtomicIntegerArray hits = new AtomicIntegerArray(3);
            KernelThreads.forEach(3, Long.MAX_VALUE, hits::incrementAndGet);
            for (int u = 0; u < 3; u++) assertEquals(1, hits.get(u), "call " + call + " unit " + u);
        }
    }

    @Test
    void anInterruptedCallerStopsWithStopped() {
        Thread.currentThread().interrupt();
        assertThrows(Interrupts.Stopped.class, () -> KernelThreads.forEach(10, 0, u -> {}));
        assertTrue(!Thread.interrupted(), "poll() clears the flag");
        Thread.currentThread().interrupt();
        assertThrows(Interrupts.Stopped.class, () -> KernelThreads.forEach(10, Long.MAX_VALUE, u -> busy()));
        assertTrue(!Thread.interrupted());
    }

    private static void busy() {
        double x = 0;
        for (int i = 0; i < 20_000; i++) x += Math.sqrt(i);
        if (x < 0) throw new AssertionError();
    }
}
