package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;

/**
 * Running reductions along one axis (cumulative sum, product and log-sum-exp) and the product over a set of
 * axes, each lane in index order, so results do not depend on a vector width or a thread count. The running
 * reductions accumulate in double and round each output once to the dtype (as PyTorch's CPU kernels accumulate a
 * float32 cumsum in double): a float32 running sum of 10^6 values near 1000 stays within float32's rounding of the
 * exact sums, where one rounded to float32 at every step drifted by 0.9 %. The product over axes rounds each step to
 * the dtype: a float32 step computed in double and rounded once gives the float32 product exactly.
 */
public final class CumulativeKernels {

    private CumulativeKernels() {
    }

    /** The running reduction of a cumulative op. */
    public enum Scan {
        /** {@code y_i = y_{i-1} + x_i}. */
        SUM,
        /** {@code y_i = y_{i-1} * x_i}. */
        PROD,
        /** {@code y_i = log(exp y_{i-1} + exp x_i)}, computed stably. */
        LOG_SUM_EXP
    }

    /**
     * {@code y_i = x_0 ∘ x_1 ∘ ... ∘ x_i} along {@code axis} for the scan's operation {@code ∘}; a sum or product of
     * an integer or bool x is INT64 ({@code IntegerReductions.scan}).
     */
    public static Tensor scan(Tensor x, int axis, Scan scan) {
        if (!x.dtype().isFloating() && scan != Scan.LOG_SUM_EXP) {
            return IntegerReductions.scan(x, axis, scan == Scan.PROD);
        }
        int[] dims = x.shape().dims();
        int d = dims[axis];
        int inner = 1;
        for (int a = axis + 1; a < dims.length; a++) {
            inner *= dims[a];
        }
        double[] xs = TensorInternals.doubles(x);
        boolean f32 = x.dtype() == DType.FLOAT32;
        double[] ys = new double[xs.length];
        int lanes = d == 0 ? 0 : xs.length / d;
        for (int lane = 0; lane < lanes; lane++) {
            int base = (lane / inner) * d * inner + lane % inner;
            double acc = xs[base];
            ys[base] = acc;
            for (int t = 1; t < d; t++) {
                int i = base + t * inner;
                acc = switch (scan) {
                    case SUM -> acc + xs[i];
                    case PROD -> acc * xs[i];
                    case LOG_SUM_EXP -> logAddExp(acc, xs[i]);
                };
                ys[i] = f32 ? (float) acc : acc;
            }
        }
        return TensorInternals.adopt(x.dtype(), x.shape(), ys);
    }

    /**
     * The exclusive linear recurrence along {@code axis}: {@code h_0 = 0}, {@code h_{m+1} = a_m h_m + b_m}, that
     * is {@code h_m = Σ_{i<m} b_i Π_{i<l<m} a_l} ({@code a_0} never enters). Accumulated in double, each output
     * rounded once to the dtype.
     */
    public static Tensor linearRecurrence(Tensor a, Tensor b, int axis) {
        double[] as = TensorInternals.doubles(a);
        double[] bs = TensorInternals.doubles(b);
        double[] hs = new double[as.length];
        Lanes lanes = new Lanes(a.shape(), axis);
        for (int lane = 0; lane < lanes.count; lane++) {
            int base = lanes.base(lane);
            double acc = lanes.d == 0 ? 0 : bs[base];
            for (int t = 1; t < lanes.d; t++) {
                int i = base + t * lanes.inner;
                hs[i] = acc;
                acc = as[i] * acc + bs[i];
            }
        }
        return TensorInternals.adopt(a.dtype(), a.shape(), hs);
    }

    /**
     * {@code z_m = Σ_{i≤m} b_i exp(s_i − t_m)} along {@code axis}. The sum is kept relative to the running
     * maximum {@code r_m = max_{i≤m} s_i} ({@code z_m = exp(r_m − t_m) Σ_{i≤m} b_i exp(s_i − r_m)}), so no
     * exponential of the recurrence exceeds 1 and only a result that is itself out of range overflows. A term
     * with {@code s_i = −∞} or {@code t_m = +∞} is 0; other infinities give what the term gives in IEEE
     * arithmetic, or NaN. Accumulated in double, each output rounded once to the dtype.
     */
    public static Tensor expWeightedCumsum(Tensor s, Tensor t, Tensor b, int axis) {
        double[] ss = TensorInternals.doubles(s);
        double[] ts = TensorInternals.doubles(t);
        double[] bs = TensorInternals.doubles(b);
        double[] zs = new double[ss.length];
        Lanes lanes = new Lanes(s.shape(), axis);
        for (int lane = 0; lane < lanes.count; lane++) {
            int base = lanes.base(lane);
            double acc = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < lanes.d; k++) {
                int i = base + k * lanes.inner;
                double si = ss[i];
                if (si > max || Double.isNaN(si)) {
                    if (max != Double.NEGATIVE_INFINITY) {
                        acc *= Math.exp(max - si);
                    }
                    max = si;
                }
                acc += bs[i] * (si == Double.NEGATIVE_INFINITY ? 0 : Math.exp(si - max));
                zs[i] = acc * Math.exp(max - ts[i]);
            }
        }
        return TensorInternals.adopt(s.dtype(), s.shape(), zs);
    }

    /**
     * The INT64 index of the running maximum ({@code max}) or minimum along {@code axis}, PyTorch's
     * {@code cummax} / {@code cummin} rule: {@code best_t = t} when {@code x_t} is NaN, or when the running value is
     * not NaN and {@code x_t >= x_best} ({@code <=} for the minimum), so a tie moves to the later index and every
     * NaN takes over; {@code -0.0} equals {@code 0.0}. Integers and bools compare exactly.
     */
    public static Tensor argCumExtremum(Tensor x, int axis, boolean max) {
        long[] indices = new long[x.shape().size()];
        Lanes lanes = new Lanes(x.shape(), axis);
        boolean floating = x.dtype().isFloating();
        double[] xd = floating ? TensorInternals.doubles(x) : null;
        Integers.Reader xl = floating ? null : Integers.reader(x);
        for (int lane = 0; lane < lanes.count; lane++) {
            int base = lanes.base(lane);
            int best = 0;
            for (int t = 1; t < lanes.d; t++) {
                int i = base + t * lanes.inner;
                int b = base + best * lanes.inner;
                boolean takes;
                if (floating) {
                    double w = xd[i];
                    double v = xd[b];
                    takes = Double.isNaN(w) || (!Double.isNaN(v) && (max ? w >= v : w <= v));
                } else {
                    long w = xl.get(i);
                    long v = xl.get(b);
                    takes = max ? w >= v : w <= v;
                }
                if (takes) {
                    best = t;
                }
                indices[i] = best;
            }
        }
        return TensorInternals.adoptStorage(x.shape(), indices);
    }

    /** The lanes of a shape along one axis: {@code count} lanes of {@code d} elements {@code inner} apart. */
    private static final class Lanes {
        final int d;
        final int inner;
        final int count;

        Lanes(Shape shape, int axis) {
            int[] dims = shape.dims();
            d = dims[axis];
            int in = 1;
            for (int a = axis + 1; a < dims.length; a++) {
                in *= dims[a];
            }
            inner = in;
            count = d == 0 ? 0 : shape.size() / d;
        }

        /** The flat index of element 0 of lane {@code lane}. */
        int base(int lane) {
            return (lane / inner) * d * inner + lane % inner;
        }
    }

    /** {@code log(e^a + e^b)} without overflow: {@code max + log1p(exp(-|a - b|))}; infinities and NaN exact. */
    static double logAddExp(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.NaN;
        }
        double max = Math.max(a, b);
        if (Double.isInfinite(max) || Double.isInfinite(Math.min(a, b))) {
            return max;
        }
        return max + StrictMath.log1p(StrictMath.exp(-Math.abs(a - b)));
    }

    /**
     * The product over the reduced axes, each output multiplied in the input's row-major order (1 when empty); of an
     * integer or bool x, the INT64 product ({@code IntegerReductions}).
     */
    public static Tensor prod(Tensor x, boolean[] reduced, Shape out) {
        if (!x.dtype().isFloating()) {
            return IntegerReductions.reduce(x, reduced, out, DType.INT64, IntegerReductions.Combine.PROD);
        }
        double[] xs = TensorInternals.doubles(x);
        boolean f32 = x.dtype() == DType.FLOAT32;
        double[] ys = new double[out.size()];
        java.util.Arrays.fill(ys, 1);
        int[] map = ReduceKernels.outputOffsets(x.shape(), reduced);
        for (int i = 0; i < xs.length; i++) {
            double v = ys[map[i]] * xs[i];
            ys[map[i]] = f32 ? (float) v : v;
        }
        return TensorInternals.adopt(x.dtype(), out, ys);
    }
}
