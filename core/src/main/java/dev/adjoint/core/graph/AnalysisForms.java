package dev.adjoint.core.graph;

/**
 * The fluent forms on {@link Node} of the op library's numerical-analysis and statistics compositions: finite
 * differences and integrals ({@link Differences}), interpolation ({@link Interpolation}), covariance
 * ({@link Covariance}), distances ({@link Distances}), order statistics ({@link OrderStatistics}), the
 * log-determinant ({@link LogDeterminant}), pixel shuffles ({@link PixelShuffle}), sliding blocks
 * ({@link Patches}) and the binary search of {@link Bucketing}: {@code x.diff(1, -1)} is
 * {@code Differences.diff(x, 1, -1)}. Sugar only: each form calls its factory, which holds the rules.
 */
public sealed interface AnalysisForms permits Node {

    /** The node these forms are called on. */
    private Node self() {
        return (Node) this;
    }

    /** {@link Differences#diff(Node, int, int)}: the n-th forward difference along {@code axis}. */
    default Node diff(int n, int axis) { return Differences.diff(self(), n, axis); }

    /**
     * {@link Differences#diff(Node, int, int, Node, Node)}: the n-th forward difference along {@code axis} of
     * {@code prepend}, this and {@code append} joined (a null part: none).
     */
    default Node diff(int n, int axis, Node prepend, Node append) {
        return Differences.diff(self(), n, axis, prepend, append);
    }

    /** {@link Differences#trapezoid(Node, double, int)}: the trapezoidal rule with spacing {@code dx}. */
    default Node trapezoid(double dx, int axis) { return Differences.trapezoid(self(), dx, axis); }

    /** {@link Differences#trapezoid(Node, Node, int)}: the trapezoidal rule at the sample points {@code x}. */
    default Node trapezoid(Node x, int axis) { return Differences.trapezoid(self(), x, axis); }

    /** {@link Interpolation#lerp(Node, Node, Node)}: {@code this + w (end - this)}. */
    default Node lerp(Node end, Node w) { return Interpolation.lerp(self(), end, w); }

    /** {@link Interpolation#lerp(Node, Node, double)}: {@code this + w (end - this)} for a constant w. */
    default Node lerp(Node end, double w) { return Interpolation.lerp(self(), end, w); }

    /** {@link Covariance#cov(Node, int)}: the covariance matrix of {@code [variables, observations]}. */
    default Node cov(int correction) { return Covariance.cov(self(), correction); }

    /** {@link Covariance#cov(Node, int, Node, Node)}: the weighted covariance matrix (a null weight: none). */
    default Node cov(int correction, Node fweights, Node aweights) {
        return Covariance.cov(self(), correction, fweights, aweights);
    }

    /** {@link Covariance#corrcoef}: the correlation coefficients of {@code [variables, observations]}. */
    default Node corrcoef() { return Covariance.corrcoef(self()); }

    /** {@link Distances#cdist}: the p-norm distances between the rows of this and of {@code other}. */
    default Node cdist(Node other, double p) { return Distances.cdist(self(), other, p); }

    /** {@link Distances#cosineSimilarity}: the cosine of the angle between vectors along {@code axis}. */
    default Node cosineSimilarity(Node other, int axis, double eps) {
        return Distances.cosineSimilarity(self(), other, axis, eps);
    }

    /** {@link OrderStatistics#kthvalue}: the k-th smallest values along {@code axis} and their positions. */
    default OrderStatistics.KthValue kthvalue(int k, int axis, boolean keepDims) {
        return OrderStatistics.kthvalue(self(), k, axis, keepDims);
    }

    /** {@link OrderStatistics#nanmedian}: NumPy's median of the values that are not NaN along {@code axis}. */
    default Node nanmedian(int axis, boolean keepDims) { return OrderStatistics.nanmedian(self(), axis, keepDims); }

    /** {@link LogDeterminant#logdet}: {@code log det} of each matrix (NaN if negative, -inf if singular). */
    default Node logdet() { return LogDeterminant.logdet(self()); }

    /** {@link PixelShuffle#pixelShuffle}: {@code [..., H, W, C r²] -> [..., H r, W r, C]}. */
    default Node pixelShuffle(int r) { return PixelShuffle.pixelShuffle(self(), r); }

    /** {@link PixelShuffle#pixelUnshuffle}: {@code [..., H r, W r, C] -> [..., H, W, C r²]}. */
    default Node pixelUnshuffle(int r) { return PixelShuffle.pixelUnshuffle(self(), r); }

    /**
     * {@link Bucketing#searchsorted(Node, Node, boolean)}: the INT64 positions at which {@code values} would be
     * inserted in this.
     */
    default Node searchsorted(Node values, boolean right) { return Bucketing.searchsorted(self(), values, right); }

    /** {@link Bucketing#searchsorted(Node, Node, boolean, Node)}: in this sequence as {@code sorter} orders it. */
    default Node searchsorted(Node values, boolean right, Node sorter) {
        return Bucketing.searchsorted(self(), values, right, sorter);
    }

    /** {@link Bucketing#bucketize}: the INT64 index of each element's bucket among the 1-D {@code boundaries}. */
    default Node bucketize(Node boundaries, boolean right) { return Bucketing.bucketize(self(), boundaries, right); }

    /**
     * {@link Patches#unfold}: the sliding blocks of channels-last images, {@code [N, H, W, C] -> [N, L, C kh kw]}
     * (one image: {@code [H, W, C] -> [L, C kh kw]}).
     */
    default Node unfold(int[] kernel, int[] stride, int[] padding, int[] dilation) {
        return Patches.unfold(self(), kernel, stride, padding, dilation);
    }

    /**
     * {@link Patches#fold}: blocks summed into channels-last images, {@code [N, L, C kh kw] -> [N, H, W, C]} (one
     * image: {@code [L, C kh kw] -> [H, W, C]}).
     */
    default Node fold(int[] outputSize, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        return Patches.fold(self(), outputSize, kernel, stride, padding, dilation);
    }
}
