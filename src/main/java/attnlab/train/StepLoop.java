package attnlab.train;

import attnlab.tensor.Interrupts;

import java.util.function.Supplier;

/**
 * The training loop every trainer shares: steps with a {@link ProgressBar}, and Ctrl-C. Every step polls
 * {@link Interrupts}; a stop ends the loop cleanly between two steps and the caller gets the steps done. (The stock
 * jshell tool, and JDK 17's local engine, stop a snippet with an asynchronous {@code ThreadDeath} instead; that is
 * caught too, though it may land inside a step.)
 */
final class StepLoop {
    private StepLoop() {}

    /** One training step: {@code index} is 0-based; the result's loss and accuracy go to the bar. */
    @FunctionalInterface
    interface Step {
        CrossEntropy.Result run(int index);
    }

    /** How the loop ended: steps completed, whether Ctrl-C stopped it, and the wall-clock seconds of the loop. */
    record Outcome(int done, boolean stopped, double seconds) {}

    static Outcome run(int steps, ProgressBar bar, Step step) {
        long start = System.nanoTime();
        int done = 0;
        boolean stopped = false;
        CrossEntropy.Result last = null;
        try {
            while (done < steps) {
                Interrupts.poll();
                last = step.run(done);
                done++;
                bar.update(done, last.loss(), last.accuracy());
            }
        } catch (Interrupts.Stopped e) {
            stopped = true;
        } catch (Error e) {
            if (!isThreadDeath(e)) throw e;
            stopped = true;
            Thread.interrupted(); // the stop may also have interrupted us: that is the same Ctrl-C, not a second one
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        bar.finish(done, last != null ? last.loss() : Double.NaN, last != null ? last.accuracy() : Double.NaN,
                stopped);
        return new Outcome(done, stopped, seconds);
    }

    /** {@code work} after training (an evaluation); a second Ctrl-C skips it and gives null. */
    static <T> T skippable(Supplier<T> work) {
        try {
            return work.get();
        } catch (Interrupts.Stopped e) {
            return null;
        } catch (Error e) {
            if (!isThreadDeath(e)) throw e;
            return null;
        }
    }

    /**
     * JShell's JDI engine and JDK 17's local one stop a snippet with an asynchronous {@code ThreadDeath} (or a
     * subclass), thrown wherever the thread is; catching it keeps Ctrl-C's promise there too (matched by name: the
     * class is deprecated for removal).
     */
    static boolean isThreadDeath(Throwable e) {
        for (Class<?> c = e.getClass(); c != null; c = c.getSuperclass())
            if (c.getName().equals("java.lang.ThreadDeath")) return true;
        return false;
    }
}
