package attnlab.train;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LanesTest {

    @Test
    void theWorkerIsNoThreadOfTheCallersGroup() throws Exception {
        // a REPL snippet's group: on JDK 17 its Ctrl-C is ThreadGroup.stop, which killed a worker created inside it
        assumeTrue(Lanes.PARALLEL);
        ThreadGroup snippet = new ThreadGroup("snippet");
        AtomicReference<Thread> worker = new AtomicReference<>();
        Thread caller = new Thread(snippet, () -> Lanes.both(() -> {}, () -> worker.set(Thread.currentThread())));
        caller.start();
        caller.join();
        assertEquals("attnlab-train-lane", worker.get().getName());
        assertFalse(snippet.parentOf(worker.get().getThreadGroup()), worker.get().toString());
    }
}
