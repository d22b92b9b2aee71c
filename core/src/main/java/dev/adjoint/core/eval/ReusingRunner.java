package dev.adjoint.core.eval;

import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.kernel.BufferPool;
import dev.adjoint.core.kernel.BufferSafe;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.lang.ref.SoftReference;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
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
     * The pool of the last finished call, kept for the next one (taken atomically: one call per pool). Softly
     * reachable: under memory pressure the collector may drop it, and the next call starts a new pool.
     */
    private final AtomicReference<SoftReference<BufferPool>> idlePool = new AtomicReference<>();
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
        SoftReference<BufferPool> idle = idlePool.getAndSet(null);
        BufferPool pool = idle == null ? null : idle.get();
        if (pool == null) {
            pool = new BufferPool();
        }
        long[] before = pool.counts();
        pool.open();
        try {
            return super.run(args, batch);
        } finally {
            pool.close();
            long[] after = pool.counts();
            recycledArrays.add(after[0] - before[0]);
            freshArrays.add(after[1] - before[1]);
            recycledBytes.add(after[2] - before[2]);
            freshBytes.add(after[3] - before[3]);
            retainedBytes = pool.retainedBytes();
            idlePool.set(new SoftReference<>(pool));
        }
    }

    /** Gives results of the last two calls back to the idle pool ({@link BufferPool#reclaim}). */
    void reclaim(List<Tensor> values) {
        SoftReference<BufferPool> idle = idlePool.getAndSet(null);
        BufferPool pool = idle == null ? null : idle.get();
        if (pool != null) {
            for (Tensor value : values) {
                pool.reclaim(value);
            }
            idlePool.set(new SoftReference<>(pool));
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
