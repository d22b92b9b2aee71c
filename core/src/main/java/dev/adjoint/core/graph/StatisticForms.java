package dev.adjoint.core.graph;

/**
 * The fluent forms on {@link Node} of the op library's reductions: products, variance and norms
 * ({@link StatisticOp}), the reductions that skip NaN entries ({@link NanFunctions}), running reductions
 * ({@link CumulativeOp}) and sorting ({@link SortOp}): {@code x.cumsum(1)} is {@code CumulativeOp.cumsum(x, 1)}.
 * Sugar only: each form calls its factory, which holds the rules.
 */
public sealed interface StatisticForms permits Node {

    /** The node these forms are called on. */
    private Node self() {
        return (Node) this;
    }

    /** {@link StatisticOp#prod}: the product over the axes, which are dropped (no axes: all). */
    default Node prod(int... axes) { return StatisticOp.prod(self(), axes); }

    /** {@link StatisticOp#prod}: the product over the axes, kept as size 1 if {@code keepDims}. */
    default Node prod(boolean keepDims, int... axes) { return StatisticOp.prod(self(), keepDims, axes); }

    /** {@link StatisticOp#var}: the variance with {@code correction} (0: NumPy's default, 1: unbiased). */
    default Node var(double correction, boolean keepDims, int... axes) {
        return StatisticOp.var(self(), correction, keepDims, axes);
    }

    /**
     * {@link StatisticOp#batchNormalize}: {@code gamma * (x - mean) / sqrt(var + eps) + beta}, each column (the last
     * axis) normalized over the rows.
     */
    default Node batchNormalize(Node gamma, Node beta, double epsilon) {
        return StatisticOp.batchNormalize(self(), gamma, beta, epsilon);
    }

    /** {@link StatisticOp#nansum}: the sum with NaN entries counted as 0. */
    default Node nansum(boolean keepDims, int... axes) { return StatisticOp.nansum(self(), keepDims, axes); }

    /** {@link StatisticOp#nanmean}: the mean of the entries that are not NaN. */
    default Node nanmean(boolean keepDims, int... axes) { return StatisticOp.nanmean(self(), keepDims, axes); }

    /** {@link NanFunctions#nanmax}: the largest entry that is not NaN (NaN where all are). */
    default Node nanmax(boolean keepDims, int... axes) { return NanFunctions.nanmax(self(), keepDims, axes); }

    /** {@link NanFunctions#nanmin}: the smallest entry that is not NaN (NaN where all are). */
    default Node nanmin(boolean keepDims, int... axes) { return NanFunctions.nanmin(self(), keepDims, axes); }

    /** {@link NanFunctions#nanvar}: the variance of the entries that are not NaN, with {@code correction}. */
    default Node nanvar(double correction, boolean keepDims, int... axes) {
        return NanFunctions.nanvar(self(), correction, keepDims, axes);
    }

    /** {@link NanFunctions#nanstd}: the standard deviation of the entries that are not NaN. */
    default Node nanstd(double correction, boolean keepDims, int... axes) {
        return NanFunctions.nanstd(self(), correction, keepDims, axes);
    }

    /** {@link NanFunctions#nanprod}: the product of the entries that are not NaN. */
    default Node nanprod(boolean keepDims, int... axes) { return NanFunctions.nanprod(self(), keepDims, axes); }

    /** {@link StatisticOp#std}: the standard deviation with {@code correction}. */
    default Node std(double correction, boolean keepDims, int... axes) {
        return StatisticOp.std(self(), correction, keepDims, axes);
    }

    /** {@link StatisticOp#normL1}: {@code Σ |x|} over the axes. */
    default Node normL1(boolean keepDims, int... axes) { return StatisticOp.normL1(self(), keepDims, axes); }

    /** {@link StatisticOp#normL2}: {@code sqrt(Σ x²)} over the axes. */
    default Node normL2(boolean keepDims, int... axes) { return StatisticOp.normL2(self(), keepDims, axes); }

    /** {@link StatisticOp#normMax}: {@code max |x|} over the axes. */
    default Node normMax(boolean keepDims, int... axes) { return StatisticOp.normMax(self(), keepDims, axes); }

    /** {@link StatisticOp#normFrobenius}: the Frobenius norm of the matrices in the last two axes. */
    default Node normFrobenius(boolean keepDims) { return StatisticOp.normFrobenius(self(), keepDims); }

    /** {@link StatisticOp#normNuclear}: the sum of the singular values of the matrices in the last two axes. */
    default Node normNuclear(boolean keepDims) { return StatisticOp.normNuclear(self(), keepDims); }

    /** {@link StatisticOp#normSpectral}: the largest singular value of the matrices in the last two axes. */
    default Node normSpectral(boolean keepDims) { return StatisticOp.normSpectral(self(), keepDims); }

    /** {@link StatisticOp#matrixNorm}: {@code torch.linalg.matrix_norm} of the matrices in the last two axes. */
    default Node matrixNorm(StatisticOp.MatrixNorm ord, boolean keepDims) {
        return StatisticOp.matrixNorm(self(), ord, keepDims);
    }

    /** {@link StatisticOp#normP}: {@code (Σ |x|^p)^(1/p)} over the axes. */
    default Node normP(double p, boolean keepDims, int... axes) { return StatisticOp.normP(self(), p, keepDims, axes); }

    /** {@link CumulativeOp#cumsum}: the inclusive cumulative sum along {@code axis}. */
    default Node cumsum(int axis) { return CumulativeOp.cumsum(self(), axis); }

    /** {@link CumulativeOp#cumsum}: the cumulative sum, from the end and/or exclusive. */
    default Node cumsum(int axis, boolean reverse, boolean exclusive) {
        return CumulativeOp.cumsum(self(), axis, reverse, exclusive);
    }

    /** {@link CumulativeOp#cumprod}: the inclusive cumulative product along {@code axis}. */
    default Node cumprod(int axis) { return CumulativeOp.cumprod(self(), axis); }

    /** {@link CumulativeOp#cumprod}: the cumulative product, from the end and/or exclusive. */
    default Node cumprod(int axis, boolean reverse, boolean exclusive) {
        return CumulativeOp.cumprod(self(), axis, reverse, exclusive);
    }

    /** {@link CumulativeOp#logcumsumexp}: the running log-sum-exp along {@code axis}. */
    default Node logcumsumexp(int axis) { return CumulativeOp.logcumsumexp(self(), axis); }

    /** {@link CumulativeOp#logcumsumexp}: the running log-sum-exp, from the end when {@code reverse}. */
    default Node logcumsumexp(int axis, boolean reverse) { return CumulativeOp.logcumsumexp(self(), axis, reverse); }

    /** {@link CumulativeOp#cummax}: the running maximum along {@code axis} and its INT64 indices. */
    default CumulativeOp.CumulativeExtremum cummax(int axis) { return CumulativeOp.cummax(self(), axis); }

    /** {@link CumulativeOp#cummin}: the running minimum along {@code axis} and its INT64 indices. */
    default CumulativeOp.CumulativeExtremum cummin(int axis) { return CumulativeOp.cummin(self(), axis); }

    /** {@link SortOp#argsort}: the INT64 positions that sort this along {@code axis}, stably. */
    default Node argsort(int axis) { return SortOp.argsort(self(), axis); }

    /** {@link SortOp#argsort}: the INT64 positions that sort this, descending when asked. */
    default Node argsort(int axis, boolean descending) { return SortOp.argsort(self(), axis, descending); }

    /** {@link SortOp#sort}: this sorted along {@code axis}, ascending. */
    default Node sort(int axis) { return SortOp.sort(self(), axis); }

    /** {@link SortOp#sort}: this sorted along {@code axis}, descending when asked. */
    default Node sort(int axis, boolean descending) { return SortOp.sort(self(), axis, descending); }

    /** {@link SortOp#topk}: the k largest values along {@code axis} and their indices. */
    default SortOp.TopK topk(int k, int axis) { return SortOp.topk(self(), k, axis); }

    /** {@link SortOp#unique}: the distinct values in {@code size} slots, the inverse indices and the counts. */
    default SortOp.Unique unique(int size, double fill) { return SortOp.unique(self(), size, fill); }

    /** {@link SortOp#quantile}: NumPy's linear quantile {@code q} along {@code axis}. */
    default Node quantile(double q, int axis, boolean keepDims) { return SortOp.quantile(self(), q, axis, keepDims); }

    /** {@link SortOp#median}: the median along {@code axis}. */
    default Node median(int axis, boolean keepDims) { return SortOp.median(self(), axis, keepDims); }
}
