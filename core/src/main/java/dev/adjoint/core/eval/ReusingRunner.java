package dev.adjoint.core.eval;

import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.kernel.BufferPool;
import dev.adjoint.core.kernel.BufferSafe;
import dev.adjoint.core.kernel.Parallel;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.lang.ref.SoftReference;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link Runner} that recycles arrays: a released value's array goes back to a {@link BufferPool} once no
 * live value holds it, and the next kernel asking for an array of that length gets it, later in the same call
 * or in the next one. Arrays of the inputs, of constants and of the outputs are never recycled, so every
 * tensor a call returns stays unchanged; results are bit-identical to the plain runner's.
 *
 * <p>A user-defined op ({@link CustomOp} that is not {@link BufferSafe}) may keep the tensors it sees: its
 * arguments are pinned (never recycled) and the pool is suspended while it runs, so its result is a plain
 * allocation.
 */
final class ReusingRunner extends Runner {

    /**
     * Whether step i's value can be large enough for the pool (its shape has N, or at least
     * {@link BufferPool#MIN_ELEMENTS} elements): only those are handed to the pool on hold and release, so a
     * graph of small values never touches it.
     */
    private final boolean[] mayPool;
    /** Whether step i is a user-defined op that may keep tensors. */
    private final boolean[] foreign;
    /**
     * The pools of finished calls, kept for the next ones (each taken by one call at a time; calls running at
     * once, such as a loop's blocks of rows on several threads, each take their own). Softly reachable: under
     * memory pressure the collector may drop them, and the next call starts a new pool.
     */
    private final ConcurrentLinkedDeque<SoftReference<BufferPool>> idlePools = new ConcurrentLinkedDeque<>();
    private final LongAdder recycledArrays = new LongAdder();
    private final LongAdder freshArrays = new LongAdder();
    private final LongAdder recycledBytes = new LongAdder();
    private final LongAdder freshBytes = new LongAdder();
    /** What the idle pool kept at the end of the last call, read without touching a pool another call may own. */
    private volatile long retainedBytes;

    ReusingRunner(Plan plan) {
        super(plan);
        mayPool = new boolean[plan.size()];
        foreign = new boolean[plan.size()];
        for (int i = 0; i < plan.size(); i++) {
            Shape shape = plan.step(i).shape();
            mayPool[i] = !shape.isConcrete() || shape.size() >= BufferPool.MIN_ELEMENTS;
            foreign[i] = plan.step(i).op() instanceof CustomOp && !(plan.step(i).op() instanceof BufferSafe);
        }
    }

    @Override
    public List<Tensor> run(List<Tensor> args, int batch) {
        BufferPool pool = takeIdle();
        if (pool == null) {
            pool = new BufferPool();
        }
        long[] before = pool.counts();
        pool.open();
        try {
            List<Tensor> results = super.run(args, batch);
            pool.pinShared(results);
            return results;
        } finally {
            pool.close();
            long[] after = pool.counts();
            recycledArrays.add(after[0] - before[0]);
            freshArrays.add(after[1] - before[1]);
            recycledBytes.add(after[2] - before[2]);
            freshBytes.add(after[3] - before[3]);
            retainedBytes = pool.retainedBytes();
            putIdle(pool);
        }
    }

    /** An idle pool, or null. */
    private BufferPool takeIdle() {
        for (SoftReference<BufferPool> idle = idlePools.pollFirst(); idle != null; idle = idlePools.pollFirst()) {
            BufferPool pool = idle.get();
            if (pool != null) {
                return pool;
            }
        }
        return null;
    }

    /** Keeps {@code pool} for a later call, at most {@link Parallel#threads()} pools. */
    private void putIdle(BufferPool pool) {
        idlePools.addFirst(new SoftReference<>(pool));
        while (idlePools.size() > Parallel.threads()) {
            idlePools.pollLast();
        }
    }

    /** Gives results of the last two calls back to the idle pool ({@link BufferPool#reclaim}). */
    void reclaim(List<Tensor> values) {
        BufferPool pool = takeIdle();
        if (pool != null) {
            for (Tensor value : values) {
                pool.reclaim(value);
            }
            putIdle(pool);
        }
    }

    @Override
    protected Tensor compute(int s, Tensor[] in, Shape out) {
        if (!foreign[s]) {
            return super.compute(s, in, out);
        }
        BufferPool pool = BufferPool.current();
        for (Tensor t : in) {
            pool.pin(t);
        }
        pool.suspend(true);
        try {
            return super.compute(s, in, out);
        } finally {
            pool.suspend(false);
        }
    }

    @Override
    protected void computed(int s, Tensor[] in, Tensor[] values) {
        if (mayPool[s]) {
            BufferPool.current().hold(values[s]);
        }
    }

    @Override
    protected void release(Tensor[] values, int slot) {
        if (mayPool[slot]) {
            BufferPool.current().release(values[slot]);
        }
        values[slot] = null;
    }

    /** What buffer reuse did over all calls so far. */
    BufferReuse reuse() {
        return new BufferReuse(recycledArrays.sum(), freshArrays.sum(), recycledBytes.sum(), freshBytes.sum(),
                retainedBytes);
    }
}
