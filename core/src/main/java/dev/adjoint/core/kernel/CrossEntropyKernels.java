package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;

/**
 * The sparse softmax cross-entropy from logits and its gradient, one pass per row, in the logits' own
 * precision. For logits {@code z : [N, C]} and integer labels {@code y : [N]}:
 * <pre>
 *   l_n = logSumExp(z_n) − z[n, y_n]                     (softmaxCrossEntropy)
 *   G[n, j] = (softmax(z_n)_j − [j = y_n]) · b_n          (softmaxCrossEntropyGrad, b the loss's cotangent)
 * </pre>
 * Each row is shifted by its maximum first, as {@code logSoftmax} is, so logits of any magnitude are safe.
 * Labels are read as doubles whatever their dtype, and one that is not an integer in {@code [0, C)} is
 * reported with its row.
 */
public final class CrossEntropyKernels {

    private CrossEntropyKernels() {
    }

    /** {@code l_n = logSumExp(z_n) − z[n, y_n]}, shape {@code out = [N]}, in {@code z}'s dtype. */
    public static Tensor softmaxCrossEntropy(Tensor z, Tensor y, Shape out) {
        int n = z.shape().dim(0);
        int c = z.shape().dim(1);
        double[] labels = TensorInternals.doubles(y);
        float[] zf = TensorInternals.floats(z);
        if (zf != null) {
            float[] loss = new float[n];
            float[] e = new float[c];
            for (int r = 0; r < n; r++) {
                int o = r * c;
                int k = label("softmaxCrossEntropy", labels, r, c);
                float m = max(zf, o, c);
                float sum = expShifted(zf, o, c, m, e, 0);
                // the same float32 steps as logSoftmax's u - logSumExp(u), negated
                loss[r] = -((zf[o + k] - m) - (float) StrictMath.log(sum));
            }
            return TensorInternals.adopt(out, loss);
        }
        double[] zd = TensorInternals.doubles(z);
        double[] loss = new double[n];
        double[] e = new double[c];
        for (int r = 0; r < n; r++) {
            int o = r * c;
            int k = label("softmaxCrossEntropy", labels, r, c);
            double m = max(zd, o, c);
            double sum = expShifted(zd, o, c, m, e, 0);
            loss[r] = -((zd[o + k] - m) - StrictMath.log(sum));
        }
        return TensorInternals.adopt(DType.FLOAT64, out, loss);
    }

    /** {@code G[n, j] = (softmax(z_n)_j − [j = y_n]) · b_n}, shape {@code out = [N, C]}, in {@code z}'s dtype. */
    public static Tensor softmaxCrossEntropyGrad(Tensor z, Tensor y, Tensor lossBar, Shape out) {
        int n = z.shape().dim(0);
        int c = z.shape().dim(1);
        double[] labels = TensorInternals.doubles(y);
        double[] b = TensorInternals.doubles(lossBar);
        float[] zf = TensorInternals.floats(z);
        if (zf != null) {
            float[] g = BufferPool.floatsForOverwrite(n * c);
            for (int r = 0; r < n; r++) {
                int o = r * c;
                int k = label("softmaxCrossEntropyGrad", labels, r, c);
                float sum = expShifted(zf, o, c, max(zf, o, c), g, o);
                float br = (float) b[r];
                for (int j = 0; j < c; j++) {
                    g[o + j] = (g[o + j] / sum - (j == k ? 1f : 0f)) * br;
                }
            }
            return TensorInternals.adopt(out, g);
        }
        double[] zd = TensorInternals.doubles(z);
        double[] g = BufferPool.doublesForOverwrite(n * c);
        for (int r = 0; r < n; r++) {
            int o = r * c;
            int k = label("softmaxCrossEntropyGrad", labels, r, c);
            double sum = expShifted(zd, o, c, max(zd, o, c), g, o);
            for (int j = 0; j < c; j++) {
                g[o + j] = (g[o + j] / sum - (j == k ? 1.0 : 0.0)) * b[r];
            }
        }
        return TensorInternals.adopt(DType.FLOAT64, out, g);
    }

    /** {@code max_j z[o + j]} over a row of {@code c}; NaN if the row holds one. */
    private static float max(float[] z, int o, int c) {
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            m = Math.max(m, z[o + j]);
        }
        return m;
    }

    private static double max(double[] z, int o, int c) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            m = Math.max(m, z[o + j]);
        }
        return m;
    }

    /** {@code e[d + j] = exp(z[o + j] − m)} for a row of {@code c}, rounded to float; returns their sum in float. */
    private static float expShifted(float[] z, int o, int c, float m, float[] e, int d) {
        float sum = 0f;
        for (int j = 0; j < c; j++) {
            e[d + j] = (float) StrictMath.exp(z[o + j] - m);
            sum += e[d + j];
        }
        return sum;
    }

    private static double expShifted(double[] z, int o, int c, double m, double[] e, int d) {
        double sum = 0;
        for (int j = 0; j < c; j++) {
            e[d + j] = StrictMath.exp(z[o + j] - m);
            sum += e[d + j];
        }
        return sum;
    }

    /** The label of {@code row} as an index in {@code [0, classes)}, or an error naming the op and the row. */
    private static int label(String op, double[] labels, int row, int classes) {
        double v = labels[row];
        int k = (int) v;
        if (k != v || k < 0 || k >= classes) {
            throw new IllegalArgumentException(op + ": label " + v + " at row " + row + " is not an integer in [0, "
                    + classes + ")");
        }
        return k;
    }
}
