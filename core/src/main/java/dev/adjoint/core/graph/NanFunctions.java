package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * NumPy's reductions that skip NaN entries ({@code nanmax}, {@code nanmin}, {@code nanvar}, {@code nanstd},
 * {@code nanprod}; {@link StatisticOp#nansum} and {@link StatisticOp#nanmean} are beside the sum's relatives) and
 * PyTorch's {@code nan_to_num}, over the axes given (all when none are; negative ones count from the end).
 *
 * <p>Each is a composition: the NaN entries are replaced through {@link WhereOp#where} (by the reduction's neutral
 * value), so their gradient is 0, and a slice whose entries are all NaN gives NaN (nanprod: 1), as NumPy gives
 * (with a warning); its gradient is 0 there. Counts and divisors that can be 0 are replaced by 1 before they
 * divide, so no gradient meets {@code 0 / 0}. The operand must be floating-point: an integer tensor holds no
 * NaN, and the plain reductions serve it.
 */
public final class NanFunctions {

    private NanFunctions() {
    }

    /**
     * NumPy's {@code nanmax}: the largest entry that is not NaN over the axes, NaN where a slice has none. An
     * empty axis is refused at build time, as {@link ReduceOp#max} refuses it and NumPy does
     * ({@code zero-size array to reduction operation fmax which has no identity}). The gradient is
     * {@link ReduceOp#max}'s: the cotangent goes to the entries equal to the maximum, shared evenly among ties, and 0
     * to the NaN entries (a slice whose largest entry is {@code -inf} counts its NaN entries among the ties, as they
     * are read as {@code -inf}).
     */
    public static Node nanmax(Node x, boolean keepDims, int... axes) {
        return extremum(x, keepDims, axes, true);
    }

    /** NumPy's {@code nanmin}: as {@link #nanmax}, the smallest entry that is not NaN. */
    public static Node nanmin(Node x, boolean keepDims, int... axes) {
        return extremum(x, keepDims, axes, false);
    }

    /** {@link #nanmax} or {@link #nanmin}: the NaN entries read as {@code -inf} or {@code +inf}. */
    private static Node extremum(Node x, boolean keepDims, int[] axes, boolean isMax) {
        String op = isMax ? "nanmax" : "nanmin";
        checked(x, op, axes);
        ReduceOp.nonEmptyAxes(x, axes, op);
        Node nan = x.isNaN();
        Node skipped = nan.where(SourceOp.scalar(isMax ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY,
                x.dtype()), x);
        Node extremum = isMax ? ReduceOp.max(skipped, keepDims, axes) : ReduceOp.min(skipped, keepDims, axes);
        return nan.all(keepDims, axes).where(SourceOp.scalar(Double.NaN, x.dtype()), extremum);
    }

    /**
     * NumPy's {@code nanvar}: {@code Σ (x - m)² / (n - correction)} over the entries that are not NaN, n their
     * number and m their mean; NaN where {@code n - correction <= 0} (all NaN, or too few entries), as NumPy gives.
     * {@code correction} is NumPy's {@code ddof} (0 its default, 1 the unbiased estimate). Where no entry is NaN,
     * the same value, bit for bit, as {@link StatisticOp#var}. The gradient is 0 at the NaN entries and in the
     * slices whose value is NaN.
     *
     * @param correction subtracted from the count, finite and {@code >= 0}
     */
    public static Node nanvar(Node x, double correction, boolean keepDims, int... axes) {
        checked(x, "nanvar", axes);
        requireCorrection("nanvar", correction);
        return variance(x, correction, keepDims, axes);
    }

    /**
     * NumPy's {@code nanstd}: {@code sqrt(nanvar(x, correction, keepDims, axes))}, NaN where nanvar is, computed as
     * {@code ‖d‖ / sqrt(n - correction)} with {@link StatisticOp#normL2} of the deviations d of the entries that are
     * not NaN: the norm is scaled as it is in std, so the result is finite where only the variance overflows
     * (deviations of 1e200 in float64, where NumPy's is infinite), and its gradient where it is 0 (all entries that
     * are not NaN equal) is 0, as {@link StatisticOp#std}'s is. Within an ulp or two of std where no entry is NaN.
     *
     * @param correction subtracted from the count, finite and {@code >= 0}
     */
    public static Node nanstd(Node x, double correction, boolean keepDims, int... axes) {
        checked(x, "nanstd", axes);
        requireCorrection("nanstd", correction);
        Spread spread = spread(x, correction, keepDims, axes);
        Node norm = StatisticOp.normL2(spread.deviations(), keepDims, axes);
        return spread.orNaN(norm.div(positiveOrOne(spread.freedom()).sqrt()));
    }

    /** The variance of the entries of x that are not NaN, arguments checked. */
    private static Node variance(Node x, double correction, boolean keepDims, int[] axes) {
        Spread spread = spread(x, correction, keepDims, axes);
        Node squares = ReduceOp.sum(spread.deviations().square(), keepDims, axes);
        return spread.orNaN(squares.div(positiveOrOne(spread.freedom())));
    }

    /**
     * The deviations of x from the mean of its entries that are not NaN (0 at the NaN entries), and the degrees of
     * freedom {@code n - correction} of each slice, n the number of those entries (reduced axes kept if
     * {@code keepDims}).
     */
    private record Spread(Node deviations, Node freedom) {
        /** {@code value} where the slice has a degree of freedom, NaN elsewhere. */
        Node orNaN(Node value) {
            return freedom.greater(SourceOp.zerosLike(freedom)).where(value, SourceOp.scalar(Double.NaN,
                    value.dtype()));
        }
    }

    /** The spread of the entries of x that are not NaN over the axes. */
    private static Spread spread(Node x, double correction, boolean keepDims, int[] axes) {
        Node nan = x.isNaN();
        Node zeros = SourceOp.zerosLike(x);
        Node count = ReduceOp.sum(nan.logicalNot().cast(x.dtype()), true, axes);
        Node mean = ReduceOp.sum(nan.where(zeros, x), true, axes).div(positiveOrOne(count));
        Node kept = keepDims ? count : squeezed(count, ReduceOp.normalize(x, axes, "nanvar"));
        return new Spread(nan.where(zeros, x.sub(mean)), kept.sub(correction));
    }

    /**
     * NumPy's {@code nanprod}: the product of the entries that are not NaN over the axes, 1 where there are none;
     * {@link StatisticOp#prod} of x with its NaN entries replaced by 1, so the gradient is prod's (exact with zeros
     * present) and 0 at the NaN entries. The batch axis N cannot be reduced.
     */
    public static Node nanprod(Node x, boolean keepDims, int... axes) {
        checked(x, "nanprod", axes);
        for (int a : ReduceOp.normalize(x, axes, "nanprod")) {
            if (x.shape().dim(a) == Shape.BATCH) {
                throw new IllegalArgumentException("nanprod: cannot reduce over the batch axis N, got axes "
                        + java.util.Arrays.toString(axes) + " of " + x.describe());
            }
        }
        return StatisticOp.prod(x.isNaN().where(SourceOp.onesLike(x), x), keepDims, axes);
    }

    /**
     * {@code torch.nan_to_num(x)}: NaN replaced by 0, {@code +inf} by the largest finite value of x's dtype and
     * {@code -inf} by the lowest.
     */
    public static Node nanToNum(Node x) {
        return nanToNum(x, 0);
    }

    /** {@code torch.nan_to_num(x, nan)}: NaN replaced by {@code nan}, the infinities as {@link #nanToNum(Node)}. */
    public static Node nanToNum(Node x, double nan) {
        DTypeSet.FLOATING.require("nanToNum", "operand", Objects.requireNonNull(x, "nanToNum: operand is null"));
        double largest = x.dtype() == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
        return nanToNum(x, nan, largest, -largest);
    }

    /**
     * {@code torch.nan_to_num(x, nan, posinf, neginf)}: NaN replaced by {@code nan}, {@code +inf} by {@code posinf}
     * and {@code -inf} by {@code neginf}, each rounded to x's dtype; the other entries kept. The gradient is 1 at
     * the entries kept and 0 at those replaced.
     */
    public static Node nanToNum(Node x, double nan, double posinf, double neginf) {
        DTypeSet.FLOATING.require("nanToNum", "operand", Objects.requireNonNull(x, "nanToNum: operand is null"));
        DType dtype = x.dtype();
        Node negative = x.equal(SourceOp.scalar(Double.NEGATIVE_INFINITY, dtype));
        Node positive = x.equal(SourceOp.scalar(Double.POSITIVE_INFINITY, dtype));
        Node finite = negative.where(SourceOp.scalar(neginf, dtype), x);
        finite = positive.where(SourceOp.scalar(posinf, dtype), finite);
        return x.isNaN().where(SourceOp.scalar(nan, dtype), finite);
    }

    /** Checks the operand and axes of {@code op}: present, floating-point, each axis in range. */
    private static void checked(Node x, String op, int[] axes) {
        Objects.requireNonNull(x, op + ": operand is null");
        DTypeSet.FLOATING.require(op, "operand", x);
        ReduceOp.normalize(x, axes, op);
    }

    /** Refuses a correction (NumPy's {@code ddof}) that is negative, NaN or infinite, naming {@code op}. */
    private static void requireCorrection(String op, double correction) {
        if (!(correction >= 0) || Double.isInfinite(correction)) {
            throw new IllegalArgumentException(op + ": correction must be finite and >= 0, got " + correction);
        }
    }

    /** {@code c} where it is positive, 1 elsewhere: a divisor that is never 0, NaN or negative. */
    private static Node positiveOrOne(Node c) {
        return c.greater(SourceOp.zerosLike(c)).where(c, SourceOp.onesLike(c));
    }

    /** y with the reduced axes, of size 1, removed. */
    private static Node squeezed(Node y, List<Integer> reduced) {
        for (int i = reduced.size() - 1; i >= 0; i--) {
            y = y.squeeze(reduced.get(i));
        }
        return y;
    }
}
