package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.TensorInternals;

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
            for (int r = 0; r < n; r++) {
                int o = r * c;
                int k = label("softmaxCrossEntropy", labels, r, c);
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) {
                    m = Math.max(m, zf[o + j]);
                }
                float sum = 0f;
                for (int j = 0; j < c; j++) {
                    sum += (float) Math.exp(zf[o + j] - m);
                }
                // the same float32 steps as logSoftmax's u - logSumExp(u), negated
                float u = zf[o + k] - m;
                loss[r] = -(u - (float) Math.log(sum));
            }
            return TensorInternals.adopt(out, loss);
        }
        double[] zd = TensorInternals.doubles(z);
        double[] loss = new double[n];
        for (int r = 0; r < n; r++) {
            int o = r * c;
            int k = label("softmaxCrossEntropy", labels, r, c);
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                m = Math.max(m, zd[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(zd[o + j] - m);
            }
            loss[r] = -((zd[o + k] - m) - Math.log(sum));
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
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) {
                    m = Math.max(m, zf[o + j]);
                }
                float sum = 0f;
                for (int j = 0; j < c; j++) {
                    g[o + j] = (float) Math.exp(zf[o + j] - m);
                    sum += g[o + j];
                }
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
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                m = Math.max(m, zd[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                g[o + j] = Math.exp(zd[o + j] - m);
                sum += g[o + j];
            }
            for (int j = 0; j < c; j++) {
                g[o + j] = (g[o + j] / sum - (j == k ? 1.0 : 0.0)) * b[r];
            }
        }
        return TensorInternals.adopt(DType.FLOAT64, out, g);
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
