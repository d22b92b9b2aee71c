package dev.adjoint.core.graph;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * Test matrices with known structure, built from seeded random draws, and the naive reference arithmetic the
 * linear-algebra tests compare against (plain triple loops, nothing from the library's kernels).
 */
final class DenseMatrices {

    private DenseMatrices() {
    }

    /** Entries uniform in [-1, 1]. */
    static double[] random(long seed, int rows, int cols) {
        return Tensor.uniform(Key.of(seed), DType.FLOAT64, Shape.of(rows, cols), -1, 1).toDoubleArray();
    }

    /** {@code X·Xᵀ + n·I} for random X: symmetric positive definite, eigenvalues in [n, n + ‖X‖²]. */
    static double[] spd(long seed, int n) {
        double[] x = random(seed, n, n);
        double[] a = product(x, n, n, transpose(x, n, n), n);
        for (int i = 0; i < n; i++) {
            a[i * n + i] += n;
        }
        return a;
    }

    /** {@code X + 2n·I}: strictly diagonally dominant, so nonsingular. */
    static double[] dominant(long seed, int n) {
        double[] a = random(seed, n, n);
        for (int i = 0; i < n; i++) {
            a[i * n + i] += 2 * n;
        }
        return a;
    }

    /** The {@code m × n} product of {@code a : m × k} and {@code b : k × n}, naively. */
    static double[] product(double[] a, int m, int k, double[] b, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    static double[] identity(int n) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            out[i * n + i] = 1;
        }
        return out;
    }

    /** {@code max |a_i - b_i|}. */
    static double maxDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " and " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** {@code max |a_i|}. */
    static double maxAbs(double[] a) {
        double max = 0;
        for (double v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** The values of {@code outputs}, computed from {@code inputs} bound to {@code values}. */
    static List<Tensor> evaluate(List<Node> inputs, List<Node> outputs, Tensor... values) {
        return Function.of(inputs, outputs).call(values);
    }
}
