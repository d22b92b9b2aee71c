package dev.adjoint.core.eval;

import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * A {@link Runner} that checks every value it computes and throws an {@link AnomalyException} at the first
 * holding a NaN or an infinity ({@link AnomalyCheck} writes the report). It runs the same plan as the unchecked
 * function, with the same kernels, so a call that finds no anomaly returns bit-identical results. It keeps every
 * value of a call until the call ends (a report may need any of them) and allocates every array fresh. The bodies of
 * the loops and conditionals a checked call runs are checked too, and a report from inside one says which node
 * ran it.
 */
final class CheckingRunner extends Runner {

    private final AnomalyCheck check;

    CheckingRunner(Plan plan, AnomalyCheck check) {
        super(plan);
        this.check = check;
    }

    /** How many checked calls this thread is inside: the bodies of loops they run are checked too. */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    /** True while this thread runs a checked call (so a loop's body, evaluated meanwhile, is checked too). */
    static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    @Override
    public List<Tensor> run(List<Tensor> args, int batch) {
        int[] depth = DEPTH.get();
        depth[0]++;
        try {
            return super.run(args, batch);
        } finally {
            depth[0]--;
        }
    }

    /** A loop or conditional whose body found an anomaly: the report names the body's node, this says whose. */
    @Override
    protected List<Tensor> computeAll(int s, Tensor[] in, int batch) {
        try {
            return super.computeAll(s, in, batch);
        } catch (AnomalyException e) {
            throw e.inBody(check.describeStep(s));
        }
    }

    @Override
    protected void computed(int s, Tensor[] in, Tensor[] values) {
        if (plan.step(s).op() instanceof SourceOp || AnomalyCheck.isFinite(values[s])
                || AnomalyCheck.emptyIdentity(s, plan::step, plan::argumentSlot, t -> values[t])) {
            return;
        }
        throw check.anomaly(s, values);
    }

    /** Keeps the value: a report may need it. */
    @Override
    protected void release(Tensor[] values, int slot) {
    }
}
