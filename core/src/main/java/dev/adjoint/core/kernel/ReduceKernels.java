package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.TensorInternals;
import java.util.Arrays;

/**
 * Reductions over a set of axes. The output has the input's shape with the reduced axes set to 1 (the
 * caller's {@code out} shape may drop them; the element order is the same). Accumulation is in double
 * precision in row-major order of the input, so results are deterministic.
 */
public final class ReduceKernels {

    private ReduceKernels() {
    }

    /** {@code y = sum over axes of x}. */
    public static Tensor sum(Tensor x, boolean[] reduced, Shape out) {
        double[] xs = TensorInternals.doubles(x);
        int[] map = outputOffsets(x.shape(), reduced);
        double[] ys = new double[out.size()];
        for (int i = 0; i < xs.length; i++) {
            ys[map[i]] += xs[i];
        }
        return TensorInternals.adopt(x.dtype(), out, ys);
    }

    /** {@code y = max over axes of x} (or min when {@code max} is false); NaN propagates. */
    public static Tensor extremum(Tensor x, boolean[] reduced, Shape out, boolean max) {
        double[] xs = TensorInternals.doubles(x);
        int[] map = outputOffsets(x.shape(), reduced);
        double[] ys = new double[out.size()];
        Arrays.fill(ys, max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        for (int i = 0; i < xs.length; i++) {
            int o = map[i];
            ys[o] = max ? Math.max(ys[o], xs[i]) : Math.min(ys[o], xs[i]);
        }
        return TensorInternals.adopt(x.dtype(), out, ys);
    }

    /**
     * {@code y = m + log sum exp(x - m)} with {@code m = max x} over the axes: never overflows. All entries
     * -inf gives -inf; any +inf gives +inf; any NaN gives NaN.
     */
    public static Tensor logSumExp(Tensor x, boolean[] reduced, Shape out) {
        double[] xs = TensorInternals.doubles(x);
        int[] map = outputOffsets(x.shape(), reduced);
        int n = out.size();
        double[] max = new double[n];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        boolean[] nan = new boolean[n];
        for (int i = 0; i < xs.length; i++) {
            int o = map[i];
            if (Double.isNaN(xs[i])) {
                nan[o] = true;
            } else {
                max[o] = Math.max(max[o], xs[i]);
            }
        }
        double[] sum = new double[n];
        for (int i = 0; i < xs.length; i++) {
            int o = map[i];
            if (!Double.isInfinite(max[o])) {
                sum[o] += Math.exp(xs[i] - max[o]);
            }
        }
        double[] ys = new double[n];
        for (int o = 0; o < n; o++) {
            ys[o] = nan[o] ? Double.NaN : Double.isInfinite(max[o]) ? max[o] : max[o] + Math.log(sum[o]);
        }
        return TensorInternals.adopt(x.dtype(), out, ys);
    }

    /** For each input element, the flat offset of its output element. */
    static int[] outputOffsets(Shape in, boolean[] reduced) {
        int[] dims = in.dims();
        int[] kept = dims.clone();
        for (int a = 0; a < dims.length; a++) {
            if (reduced[a]) {
                kept[a] = 1;
            }
        }
        int[] strides = Strides.rowMajor(kept);
        for (int a = 0; a < dims.length; a++) {
            if (reduced[a]) {
                strides[a] = 0;
            }
        }
        return Strides.offsets(dims, strides);
    }
}
