package dev.adjoint.core.graph;

/**
 * The fluent forms of the reduction factories ({@link ReduceOp}) on {@link Node}: {@code x.sum(true, 1)} is
 * {@code ReduceOp.sum(x, true, 1)}. Sugar only: each form calls its factory, which holds the rules.
 */
public sealed interface ReductionForms permits Node {

    /** The node these forms are called on. */
    private Node self() {
        return (Node) this;
    }


    /** {@link ReduceOp#sum}: the sum over the axes, which are dropped (no axes: all). */
    default Node sum(int... axes) { return ReduceOp.sum(self(), axes); }

    /** {@link ReduceOp#sum}: the sum over the axes, kept as size 1 if {@code keepDims} (no axes: all). */
    default Node sum(boolean keepDims, int... axes) { return ReduceOp.sum(self(), keepDims, axes); }

    /** {@link ReduceOp#mean}: the mean over the axes, which are dropped (no axes: all). */
    default Node mean(int... axes) { return ReduceOp.mean(self(), axes); }

    /** {@link ReduceOp#mean}: the mean over the axes, kept as size 1 if {@code keepDims} (no axes: all). */
    default Node mean(boolean keepDims, int... axes) { return ReduceOp.mean(self(), keepDims, axes); }

    /** {@link ReduceOp#max}: the maximum over the axes, which are dropped (no axes: all). */
    default Node max(int... axes) { return ReduceOp.max(self(), axes); }

    /** {@link ReduceOp#max}: the maximum over the axes, kept as size 1 if {@code keepDims} (no axes: all). */
    default Node max(boolean keepDims, int... axes) { return ReduceOp.max(self(), keepDims, axes); }

    /** {@link ReduceOp#min}: the minimum over the axes, which are dropped (no axes: all). */
    default Node min(int... axes) { return ReduceOp.min(self(), axes); }

    /** {@link ReduceOp#min}: the minimum over the axes, kept as size 1 if {@code keepDims} (no axes: all). */
    default Node min(boolean keepDims, int... axes) { return ReduceOp.min(self(), keepDims, axes); }

    /** {@link ReduceOp#logSumExp}: the stable log-sum-exp over the axes, which are dropped (no axes: all). */
    default Node logSumExp(int... axes) { return ReduceOp.logSumExp(self(), axes); }

    /** {@link ReduceOp#logSumExp}: the stable log-sum-exp over the axes, kept if {@code keepDims} (no axes: all). */
    default Node logSumExp(boolean keepDims, int... axes) { return ReduceOp.logSumExp(self(), keepDims, axes); }

    /** {@link ReduceOp#softmax}: the softmax along {@code axis}. */
    default Node softmax(int axis) { return ReduceOp.softmax(self(), axis); }

    /** {@link ReduceOp#logSoftmax}: the log-softmax along {@code axis}. */
    default Node logSoftmax(int axis) { return ReduceOp.logSoftmax(self(), axis); }
}
