package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels against the portable ones: GEMM in all four transposition variants and both dtypes
 * on random shapes (edge sizes that are not multiples of the vector length or the block sizes, empty
 * matrices, {@code 1 × n}, {@code k = 0}), elementwise loops bit for bit, and reductions that do not depend
 * on the thread count.
 */
class KernelEquivalenceTest {

    private static final int[] EDGE = {0, 1, 2, 3, 4, 5, 7, 15, 16, 17, 31, 33, 63, 64, 65, 100, 129, 257, 300};

    @Test
    void vectorKernelsLoadOnThisJdk() {
        assertTrue(Kernels.vectorAvailable(), "the Vector API kernels did not load: " + Kernels.vectorProblem());
        assertTrue(Kernels.description().contains("thread"));
    }

    @Test
    void vectorGemmMatchesScalarGemmInEveryTranspositionAndDtype() {
        GemmKernel vector = Kernels.vectorGemm();
        Assumptions.assumeTrue(vector != null, "Vector API unavailable");
        GemmKernel scalar = Kernels.scalarGemm();
        SplittableRandom random = new SplittableRandom(1);
        for (int trial = 0; trial < 60; trial++) {
            int m = EDGE[random.nextInt(EDGE.length)];
            int n = EDGE[random.nextInt(EDGE.length)];
            int k = EDGE[random.nextInt(EDGE.length)];
            if (trial < 4) {
                m = 1;
            }
            boolean ta = (trial & 1) != 0;
            boolean tb = (trial & 2) != 0;
            double[] a = random.doubles((long) m * k, -1, 1).toArray();
            double[] b = random.doubles((long) k * n, -1, 1).toArray();
            double[] c1 = new double[m * n];
            double[] c2 = new double[m * n];
            java.util.Arrays.fill(c1, Double.NaN);
            vector.gemm(ta, tb, m, n, k, a, 0, b, 0, c1, 0);
            scalar.gemm(ta, tb, m, n, k, a, 0, b, 0, c2, 0);
            double[] exact = naive(ta, tb, m, n, k, a, b);
            for (int i = 0; i < exact.length; i++) {
                assertEquals(exact[i], c1[i], 1e-12 * (k + 1), "f64 vector " + describe(ta, tb, m, n, k, i));
                assertEquals(exact[i], c2[i], 1e-12 * (k + 1), "f64 scalar " + describe(ta, tb, m, n, k, i));
            }
            float[] af = toFloats(a);
            float[] bf = toFloats(b);
            float[] f1 = new float[m * n];
            float[] f2 = new float[m * n];
            vector.gemm(ta, tb, m, n, k, af, 0, bf, 0, f1, 0);
            scalar.gemm(ta, tb, m, n, k, af, 0, bf, 0, f2, 0);
            double[] exactF = naive(ta, tb, m, n, k, widen(af), widen(bf));
            for (int i = 0; i < exactF.length; i++) {
                assertEquals(exactF[i], f1[i], 2e-6 * (k + 1), "f32 vector " + describe(ta, tb, m, n, k, i));
                assertEquals(exactF[i], f2[i], 2e-6 * (k + 1), "f32 scalar " + describe(ta, tb, m, n, k, i));
            }
        }
    }

    @Test
    void vectorGemmStripesEqualRowBlocksBitForBit() throws Exception {
        GemmKernel vector = Kernels.vectorGemm();
        Assumptions.assumeTrue(vector != null, "Vector API unavailable");
        java.lang.reflect.Field stripes = vector.getClass().getDeclaredField("stripes");
        stripes.setAccessible(true);
        boolean saved = stripes.getBoolean(null);
        // large enough to run in parallel: column stripes (m < n), row stripes (m >= n), ragged edges, every
        // transposition, at offsets into the arrays
        int[][] shapes = {{130, 300, 70}, {300, 130, 70}, {784, 10, 128}, {5, 600, 200}, {97, 97, 300}};
        SplittableRandom random = new SplittableRandom(3);
        try {
            for (int[] shape : shapes) {
                int m = shape[0];
                int n = shape[1];
                int k = shape[2];
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0;
                    boolean tb = (t & 2) != 0;
                    double[] a = random.doubles(2 + (long) m * k, -1, 1).toArray();
                    double[] b = random.doubles(3 + (long) k * n, -1, 1).toArray();
                    double[][] c = new double[2][1 + m * n];
                    float[] af = toFloats(a);
                    float[] bf = toFloats(b);
                    float[][] f = new float[2][1 + m * n];
                    for (int v = 0; v < 2; v++) {
                        stripes.setBoolean(null, v == 1);
                        vector.gemm(ta, tb, m, n, k, a, 2, b, 3, c[v], 1);
                        vector.gemm(ta, tb, m, n, k, af, 2, bf, 3, f[v], 1);
                    }
                    String what = describe(ta, tb, m, n, k, 0);
                    assertTrue(java.util.Arrays.equals(c[0], c[1]), "f64 " + what);
                    assertTrue(java.util.Arrays.equals(f[0], f[1]), "f32 " + what);
                }
            }
        } finally {
            stripes.setBoolean(null, saved);
        }
    }

    @Test
    void vectorGemmAtOffsetsLeavesTheRestOfCUntouched() {
        GemmKernel vector = Kernels.vectorGemm();
        Assumptions.assumeTrue(vector != null, "Vector API unavailable");
        int m = 9;
        int n = 70;
        int k = 300;
        SplittableRandom random = new SplittableRandom(2);
        double[] a = random.doubles(3 + m * k, -1, 1).toArray();
        double[] b = random.doubles(5 + k * n, -1, 1).toArray();
        double[] c = new double[7 + m * n + 7];
        java.util.Arrays.fill(c, 42);
        vector.gemm(false, true, m, n, k, a, 3, b, 5, c, 7);
        for (int i = 0; i < 7; i++) {
            assertEquals(42, c[i]);
            assertEquals(42, c[c.length - 1 - i]);
        }
        double[] exact = naive(false, true, m, n, k, java.util.Arrays.copyOfRange(a, 3, a.length),
                java.util.Arrays.copyOfRange(b, 5, b.length));
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], c[7 + i], 1e-10);
        }
    }

    @Test
    void vectorElementwiseLoopsEqualScalarLoopsBitForBit() {
        ArrayOps vector = Kernels.vectorOps();
        Assumptions.assumeTrue(vector != null, "Vector API unavailable");
        ArrayOps scalar = Kernels.scalarOps();
        SplittableRandom random = new SplittableRandom(3);
        for (int len : EDGE) {
            double[] a = special(random.doubles(len + 3, -5, 5).toArray());
            double[] b = special(random.doubles(len + 1, -5, 5).toArray());
            for (int op = ArrayOps.ADD; op <= ArrayOps.GT; op++) {
                double[] y1 = new double[len];
                double[] y2 = new double[len];
                vector.binary(op, a, 3, b, 1, y1, 0, len);
                scalar.binary(op, a, 3, b, 1, y2, 0, len);
                assertArrayEquals(y2, y1, "binary f64 op " + op + " len " + len);
                float[] f1 = new float[len];
                float[] f2 = new float[len];
                vector.binary(op, toFloats(a), 3, toFloats(b), 1, f1, 0, len);
                scalar.binary(op, toFloats(a), 3, toFloats(b), 1, f2, 0, len);
                assertArrayEquals(f2, f1, "binary f32 op " + op + " len " + len);
                vector.binaryScalar(op, a, 3, 0.5, y1, 0, len);
                scalar.binaryScalar(op, a, 3, 0.5, y2, 0, len);
                assertArrayEquals(y2, y1, "binaryScalar op " + op);
                vector.scalarBinary(op, 0.5f, toFloats(a), 3, f1, 0, len);
                scalar.scalarBinary(op, 0.5f, toFloats(a), 3, f2, 0, len);
                assertArrayEquals(f2, f1, "scalarBinary op " + op);
            }
            for (int op = ArrayOps.NEG; op <= ArrayOps.ABS; op++) {
                double[] y1 = new double[len];
                double[] y2 = new double[len];
                vector.unary(op, a, 3, y1, 0, len);
                scalar.unary(op, a, 3, y2, 0, len);
                assertArrayEquals(y2, y1, "unary f64 op " + op);
                float[] f1 = new float[len];
                float[] f2 = new float[len];
                vector.unary(op, toFloats(a), 3, f1, 0, len);
                scalar.unary(op, toFloats(a), 3, f2, 0, len);
                assertArrayEquals(f2, f1, "unary f32 op " + op);
            }
        }
    }

    @Test
    void float32KernelsEqualTheDoubleAndRoundOnceReference() {
        Tensor a = Tensor.uniform(Key.of(5), DType.FLOAT32, Shape.of(37, 29), -3, 3);
        Tensor b = Tensor.uniform(Key.of(6), DType.FLOAT32, Shape.of(37, 29), 0.1, 3);
        assertTrue(Pointwise.Exact.ADD.apply(List.of(a, b), DType.FLOAT32)
                .sameValues(ElementwiseKernels.zip(a, b, Double::sum)));
        assertTrue(Pointwise.Exact.DIV.apply(List.of(a, b), DType.FLOAT32)
                .sameValues(ElementwiseKernels.zip(a, b, (x, y) -> x / y)));
        assertTrue(Pointwise.Exact.SQRT.apply(List.of(b), DType.FLOAT32)
                .sameValues(ElementwiseKernels.map(b, Math::sqrt)));
        assertTrue(Pointwise.Exact.RELU.apply(List.of(a), DType.FLOAT32)
                .sameValues(ElementwiseKernels.map(a, x -> Math.max(x, 0))));
    }

    @Test
    void reductionsDoNotDependOnTheBlocking() {
        // sumRange cuts long ranges into fixed blocks; any thread count computes the same partial sums.
        int len = 5 * ElementwiseKernels.PARALLEL_ELEMENTS + 123;
        double[] x = new SplittableRandom(4).doubles(len, -1, 1).toArray();
        double blocked = ReduceKernels.sumRange(null, x, 0, len);
        double sequential = 0;
        int block = ElementwiseKernels.PARALLEL_ELEMENTS;
        for (int from = 0; from < len; from += block) {
            sequential += Kernels.OPS.sum(x, from, Math.min(block, len - from));
        }
        assertEquals(sequential, blocked, 0.0);
        Tensor t = Tensor.of(Shape.of(len), x);
        Tensor s1 = ReduceKernels.sum(t, new boolean[] {true}, Shape.scalar());
        Tensor s2 = ReduceKernels.sum(t, new boolean[] {true}, Shape.scalar());
        assertTrue(s1.sameValues(s2));
        assertEquals(sequential, s1.item(), 0.0);
    }

    @Test
    void broadcastFastPathsMatchTheOffsetTable() {
        Tensor bias = Tensor.uniform(Key.of(8), DType.FLOAT32, Shape.of(5), -1, 1);
        Tensor rows = Tensor.uniform(Key.of(9), DType.FLOAT64, Shape.of(4, 1), -1, 1);
        Tensor tiled = MovementKernels.broadcastTo(bias, Shape.of(3, 5));
        Tensor repeated = MovementKernels.broadcastTo(rows, Shape.of(4, 6));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(bias.get(j), tiled.get(i, j));
            }
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(rows.get(i, 0), repeated.get(i, j));
            }
        }
        Tensor transposed = MovementKernels.permute(repeated, new int[] {1, 0}, Shape.of(6, 4));
        assertEquals(repeated.get(2, 5), transposed.get(5, 2));
    }

    private static String describe(boolean ta, boolean tb, int m, int n, int k, int i) {
        return (ta ? "Aᵀ" : "A") + "·" + (tb ? "Bᵀ" : "B") + " m=" + m + " n=" + n + " k=" + k + " at " + i;
    }

    private static double[] naive(boolean ta, boolean tb, int m, int n, int k, double[] a, double[] b) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    private static double[] special(double[] x) {
        if (x.length > 6) {
            x[0] = Double.NaN;
            x[1] = -0.0;
            x[2] = 0.0;
            x[3] = Double.POSITIVE_INFINITY;
            x[4] = Double.NEGATIVE_INFINITY;
            x[5] = 0.5;
        }
        return x;
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    private static double[] widen(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
