package dev.adjoint.core.eval;

import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Tensor;

/**
 * A {@link Runner} that checks every value it computes and throws an {@link AnomalyException} at the first
 * holding a NaN or an infinity ({@link AnomalyCheck} writes the report). It runs the same plan as the unchecked
 * function, with the same kernels, so a call that finds no anomaly returns bit-identical results. It keeps every
 * value of a call until the call ends (a report may need any of them) and allocates every array fresh.
 */
final class CheckingRunner extends Runner {

    private final AnomalyCheck check;

    CheckingRunner(Plan plan, AnomalyCheck check) {
        super(plan);
        this.check = check;
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
