package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * Convolution and pooling written as their textbook sums, one element at a time in double, channels last:
 * the references the kernels are checked against. Nothing is shared with the library but {@link Stencil}'s
 * resolved padding.
 */
final class NaiveSpatial {

    private NaiveSpatial() {
    }

    /** Odometer over an index box: the next index after {@code idx}, false after the last. */
    static boolean next(int[] idx, int[] dims) {
        for (int a = idx.length - 1; a >= 0; a--) {
            if (++idx[a] < dims[a]) {
                return true;
            }
            idx[a] = 0;
        }
        return false;
    }

    static int flat(int[] idx, int[] dims) {
        int f = 0;
        for (int a = 0; a < dims.length; a++) {
            f = f * dims[a] + idx[a];
        }
        return f;
    }

    /**
     * {@code y[n, o, j] = sum_{t, c} x[n, o·s - before + t·dil, g·cinG + c] · w[t, c, j]} and its two gradients:
     * {@code x̄} and {@code w̄} for the cotangent {@code yBar}. Returns {y, xBar, wBar} in double.
     */
    static double[][] conv(Tensor x, Tensor w, Tensor yBar, Stencil s, int groups) {
        int d = s.d;
        int n = x.shape().dim(0);
        int cin = x.shape().dim(-1);
        int cout = w.shape().dim(-1);
        int cinG = cin / groups;
        int coutG = cout / groups;
        double[] xs = x.toDoubleArray();
        double[] ws = w.toDoubleArray();
        double[] gs = yBar.toDoubleArray();
        int outSize = 1;
        int inSize = 1;
        for (int a = 0; a < d; a++) {
            outSize *= s.out[a];
            inSize *= s.in[a];
        }
        double[] y = new double[n * outSize * cout];
        double[] xBar = new double[xs.length];
        double[] wBar = new double[ws.length];
        int[] i = new int[d];
        for (int b = 0; b < n; b++) {
            int[] o = new int[d];
            do {
                int[] t = new int[d];
                do {
                    boolean inside = true;
                    for (int a = 0; a < d; a++) {
                        i[a] = o[a] * s.strides[a] - s.before[a] + t[a] * s.dilations[a];
                        inside &= i[a] >= 0 && i[a] < s.in[a];
                    }
                    if (!inside) {
                        continue;
                    }
                    int xi = (b * inSize + flat(i, s.in)) * cin;
                    int yi = (b * outSize + flat(o, s.out)) * cout;
                    int wt = flat(t, s.k) * cinG;
                    for (int j = 0; j < cout; j++) {
                        int g = j / coutG;
                        for (int c = 0; c < cinG; c++) {
                            int xe = xi + g * cinG + c;
                            int we = (wt + c) * cout + j;
                            y[yi + j] += xs[xe] * ws[we];
                            xBar[xe] += gs[yi + j] * ws[we];
                            wBar[we] += xs[xe] * gs[yi + j];
                        }
                    }
                } while (next(t, s.k));
            } while (next(o, s.out));
        }
        return new double[][] {y, xBar, wBar};
    }

    /**
     * Max and average pooling and the max's gradient for {@code yBar}: {y_max, y_avg, xBar_max} in double. The
     * maximum is the first in window order; a NaN wins over numbers, the first NaN over later ones.
     */
    static double[][] pool(Tensor x, Tensor yBar, Stencil s) {
        int d = s.d;
        int n = x.shape().dim(0);
        int c = x.shape().dim(-1);
        double[] xs = x.toDoubleArray();
        double[] gs = yBar.toDoubleArray();
        int outSize = 1;
        int inSize = 1;
        for (int a = 0; a < d; a++) {
            outSize *= s.out[a];
            inSize *= s.in[a];
        }
        double[] max = new double[n * outSize * c];
        double[] avg = new double[n * outSize * c];
        double[] xBar = new double[xs.length];
        int[] i = new int[d];
        for (int b = 0; b < n; b++) {
            int[] o = new int[d];
            do {
                int yi = (b * outSize + flat(o, s.out)) * c;
                for (int ch = 0; ch < c; ch++) {
                    int best = -1;
                    double sum = 0;
                    int count = 0;
                    int[] t = new int[d];
                    do {
                        boolean inside = true;
                        for (int a = 0; a < d; a++) {
                            i[a] = o[a] * s.strides[a] - s.before[a] + t[a];
                            inside &= i[a] >= 0 && i[a] < s.in[a];
                        }
                        if (!inside) {
                            continue;
                        }
                        int xe = (b * inSize + flat(i, s.in)) * c + ch;
                        sum += xs[xe];
                        count++;
                        boolean better = best < 0 || xs[xe] > xs[best]
                                || (Double.isNaN(xs[xe]) && !Double.isNaN(xs[best]));
                        if (better) {
                            best = xe;
                        }
                    } while (next(t, s.k));
                    max[yi + ch] = xs[best];
                    avg[yi + ch] = sum / count;
                    xBar[best] += gs[yi + ch];
                }
            } while (next(o, s.out));
        }
        return new double[][] {max, avg, xBar};
    }

    static Tensor tensor(DType dtype, Shape shape, double[] values) {
        return Tensor.of(dtype, shape, values);
    }
}
