package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The kernels against plain references: every GEMM candidate (the vector GEMM with each register tile of
 * {@link GemmBlocking}, forced whatever this CPU would choose, and the scalar fallback) bit for bit against the
 * fused multiply-add chain that {@link GemmKernel} specifies, in all four transposition variants and both
 * dtypes on random shapes (edge sizes that are not multiples of the tile, the vector length or the block
 * sizes, empty matrices, {@code 1 × n}, {@code k = 0}, products large enough to run in parallel);
 * elementwise loops bit for bit against the scalar ones, and reductions that do not depend on the thread
 * count.
 */
class KernelEquivalenceTest {

    private static final int[] EDGE = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 15, 16, 17, 23, 24, 25, 31, 33, 47, 48, 49,
        63, 64, 65, 97, 100, 129, 255, 256, 257, 300};

    @Test
    void vectorKernelsLoadOnThisJdk() {
        assertTrue(Kernels.vectorAvailable(), "the Vector API kernels did not load: " + Kernels.vectorProblem());
        assertTrue(Kernels.description().contains("thread"));
    }

    /** Every GEMM this JVM can run: the vector GEMM with each candidate blocking, and the scalar fallback. */
    private static java.util.List<GemmKernel> everyGemm() {
        java.util.List<GemmKernel> all = new java.util.ArrayList<>();
        if (Kernels.vectorAvailable()) {
            for (GemmBlocking blocking : GemmBlocking.candidates()) {
                all.add(new VectorGemm(blocking));
            }
        }
        all.add(Kernels.scalarGemm());
        return all;
    }

    /**
     * Products narrower than a tile computed as their transpose ({@link VectorGemm#narrowTransposed}): a classifier
     * head's 128 × 10 and other narrow shapes, every transposition, every candidate, against the plain fma chain.
     */
    @Test
    void narrowProductsComputedAsTheirTransposeEqualThePlainFmaChain() {
        assertTrue(VectorGemm.narrowTransposed(128, 10, 6, 64), "a 128 x 10 C on 6 x 64 tiles is transposed");
        assertFalse(VectorGemm.narrowTransposed(128, 10, 6, 16), "on 6 x 16 tiles it pads little: kept");
        assertFalse(VectorGemm.narrowTransposed(10, 128, 6, 64), "a wide C is kept");
        assertFalse(VectorGemm.narrowTransposed(VectorGemm.NARROW_SCRATCH, 2, 6, 64), "larger than the scratch");
        int[][] shapes = {{128, 10, 128}, {300, 3, 70}, {97, 1, 300}, {64, 7, 5}, {1000, 12, 33}};
        SplittableRandom random = new SplittableRandom(17);
        for (GemmKernel gemm : everyGemm()) {
            for (int[] shape : shapes) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0;
                    boolean tb = (t & 2) != 0;
                    int m = shape[0];
                    int n = shape[1];
                    int k = shape[2];
                    float[] a = new float[3 + m * k];
                    float[] b = new float[5 + k * n];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (float) random.nextDouble(-1, 1);
                    }
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (float) random.nextDouble(-1, 1);
                    }
                    float[] c = new float[2 + m * n];
                    java.util.Arrays.fill(c, Float.NaN);
                    gemm.gemm(ta, tb, m, n, k, a, 3, b, 5, c, 2);
                    float[] expected = fmaChain(ta, tb, m, n, k, a, 3, b, 5);
                    double[] ad = new double[a.length];
                    double[] bd = new double[b.length];
                    for (int i = 0; i < a.length; i++) {
                        ad[i] = a[i] * 1.5;
                    }
                    for (int i = 0; i < b.length; i++) {
                        bd[i] = b[i] * 0.75;
                    }
                    double[] cd = new double[2 + m * n];
                    java.util.Arrays.fill(cd, Double.NaN);
                    gemm.gemm(ta, tb, m, n, k, ad, 3, bd, 5, cd, 2);
                    double[] expectedD = fmaChain(ta, tb, m, n, k, ad, 3, bd, 5);
                    for (int i = 0; i < m * n; i++) {
                        String what = gemm.description() + " " + describe(ta, tb, m, n, k, i);
                        assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(c[2 + i]), what);
                        assertEquals(Double.doubleToLongBits(expectedD[i]), Double.doubleToLongBits(cd[2 + i]), what);
                    }
                }
            }
        }
    }

    @Test
    void everyGemmCandidateEqualsThePlainFmaChainBitForBit() {
        java.util.List<GemmKernel> gemms = new java.util.ArrayList<>(everyGemm());
        assertEquals(GemmBlocking.candidates().size() + 1, gemms.size(), "a candidate did not load");
        for (GemmBlocking blocking : GemmBlocking.candidates()) {
            // transposed operands packed element by element, as on CPUs without gathers
            gemms.add(new VectorGemm(blocking, GemmPanels.GROUPED_PACKING_MIN_PANELS, !GemmPanels.GATHERS));
        }
        SplittableRandom random = new SplittableRandom(1);
        // edge sizes around every tile (6, 8, 16, 24 rows or columns) and block (KC = 128, 256), plus shapes large
        // enough to run in parallel; transposed operands and offsets into the arrays
        int[][] large = {{130, 300, 70}, {300, 130, 270}, {97, 97, 300}};
        for (int trial = 0; trial < 40 + large.length; trial++) {
            int m = trial < 40 ? EDGE[random.nextInt(EDGE.length)] : large[trial - 40][0];
            int n = trial < 40 ? EDGE[random.nextInt(EDGE.length)] : large[trial - 40][1];
            int k = trial < 40 ? EDGE[random.nextInt(EDGE.length)] : large[trial - 40][2];
            if (trial < 4) {
                m = 1;
            }
            boolean ta = (trial & 1) != 0;
            boolean tb = (trial & 2) != 0;
            double[] a = random.doubles(2 + (long) m * k, -1, 1).toArray();
            double[] b = random.doubles(3 + (long) k * n, -1, 1).toArray();
            float[] af = toFloats(a);
            float[] bf = toFloats(b);
            double[] exact = fmaChain(ta, tb, m, n, k, a, 2, b, 3);
            float[] exactF = fmaChain(ta, tb, m, n, k, af, 2, bf, 3);
            for (GemmKernel gemm : gemms) {
                double[] c = new double[1 + m * n];
                float[] f = new float[1 + m * n];
                java.util.Arrays.fill(c, Double.NaN);
                java.util.Arrays.fill(f, Float.NaN);
                gemm.gemm(ta, tb, m, n, k, a, 2, b, 3, c, 1);
                gemm.gemm(ta, tb, m, n, k, af, 2, bf, 3, f, 1);
                String what = gemm.description() + " " + describe(ta, tb, m, n, k, 0);
                assertArrayEquals(exact, java.util.Arrays.copyOfRange(c, 1, c.length), "f64 " + what);
                assertArrayEquals(exactF, java.util.Arrays.copyOfRange(f, 1, f.length), "f32 " + what);
            }
        }
    }

    @Test
    void bothMacroKernelOrdersAndRaggedRowGroupsOfBEqualThePlainFmaChain() {
        // first k-slices at and around the bounds of VectorGemm.rowsOuter, 32 for float32 and 64 for float64 (tiles
        // walked row panel by row panel up to them, column panel by column panel above); a short last slice that
        // loads C (129 = 65 + 64 at KC 128); slices that are no multiple of PACK_ROW_GROUP; ragged last panels;
        // column blocks after the first (n = 1094 > NC); a row-major B (packed a row at a time, and in groups of
        // rows wherever a block has a full panel) and a transposed one; offsets into A, B and C, C filled with NaN
        int[][] shapes = {{13, 37, 32}, {13, 37, 33}, {13, 37, 64}, {13, 37, 65}, {13, 37, 129},
            {7, 50, 3}, {20, 33, 133}, {25, 70, 517}, {6, 16, GemmPanels.PACK_ROW_GROUP + 1}, {7, 1094, 9}};
        SplittableRandom random = new SplittableRandom(11);
        java.util.List<GemmKernel> gemms = new java.util.ArrayList<>(everyGemm());
        if (Kernels.vectorAvailable()) {
            for (GemmBlocking blocking : GemmBlocking.candidates()) {
                gemms.add(new VectorGemm(blocking, 0)); // a row-major B packed in groups of rows
            }
        }
        for (GemmKernel gemm : gemms) {
            for (int[] shape : shapes) {
                for (boolean tb : new boolean[] {false, true}) {
                    int m = shape[0];
                    int n = shape[1];
                    int k = shape[2];
                    double[] a = random.doubles(3 + (long) m * k, -1, 1).toArray();
                    double[] b = random.doubles(5 + (long) k * n, -1, 1).toArray();
                    double[] c = new double[2 + m * n];
                    float[] f = new float[2 + m * n];
                    java.util.Arrays.fill(c, Double.NaN);
                    java.util.Arrays.fill(f, Float.NaN);
                    gemm.gemm(false, tb, m, n, k, a, 3, b, 5, c, 2);
                    gemm.gemm(false, tb, m, n, k, toFloats(a), 3, toFloats(b), 5, f, 2);
                    String what = gemm.description() + " " + describe(false, tb, m, n, k, 0);
                    assertArrayEquals(fmaChain(false, tb, m, n, k, a, 3, b, 5),
                            java.util.Arrays.copyOfRange(c, 2, c.length), "f64 " + what);
                    assertArrayEquals(fmaChain(false, tb, m, n, k, toFloats(a), 3, toFloats(b), 5),
                            java.util.Arrays.copyOfRange(f, 2, f.length), "f32 " + what);
                }
            }
        }
    }

    @Test
    void theMacroKernelOrderFollowsTheTilesIntensityAgainstC() {
        assertTrue(VectorGemm.rowsOuter(32, Float.BYTES, false));
        assertFalse(VectorGemm.rowsOuter(33, Float.BYTES, false));
        assertTrue(VectorGemm.rowsOuter(64, Double.BYTES, false));
        assertFalse(VectorGemm.rowsOuter(65, Double.BYTES, false));
        assertFalse(VectorGemm.rowsOuter(8, Double.BYTES, true), "a later slice finds C just written");
    }

    @Test
    void theFmaChainIsAnAccurateProduct() {
        // the reference of the bit-for-bit test is itself a matrix product: within rounding of a double sum
        SplittableRandom random = new SplittableRandom(5);
        int m = 7;
        int n = 9;
        int k = 300;
        double[] a = random.doubles((long) m * k, -1, 1).toArray();
        double[] b = random.doubles((long) k * n, -1, 1).toArray();
        double[] chain = fmaChain(false, false, m, n, k, a, 0, b, 0);
        double[] plain = naive(false, false, m, n, k, a, b);
        for (int i = 0; i < plain.length; i++) {
            assertEquals(plain[i], chain[i], 1e-12 * k);
        }
    }

    @Test
    void theBlockingFitsTheRegisterFile() {
        assertEquals(GemmBlocking.TILE_6X4, GemmBlocking.forRegisters(GemmBlocking.registerFile(512, "amd64")));
        assertEquals(GemmBlocking.TILE_6X2, GemmBlocking.forRegisters(GemmBlocking.registerFile(256, "amd64")));
        assertEquals(GemmBlocking.TILE_6X2, GemmBlocking.forRegisters(GemmBlocking.registerFile(128, "amd64")));
        assertEquals(GemmBlocking.TILE_6X4, GemmBlocking.forRegisters(GemmBlocking.registerFile(128, "aarch64")));
        for (GemmBlocking blocking : GemmBlocking.candidates()) {
            assertTrue(blocking.registers() <= (blocking.rows() * blocking.vectors() > 12 ? 32 : 16),
                    blocking.tile() + " needs " + blocking.registers() + " registers");
            assertEquals(blocking, GemmBlocking.named(blocking.tile()));
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GemmBlocking.named("5x5"));
        assertTrue(e.getMessage().contains("got '5x5'"), e.getMessage());
    }

    @Test
    void vectorGemmStripesEqualRowBlocksBitForBit() throws Exception {
        Assumptions.assumeTrue(Kernels.vectorAvailable(), "Vector API unavailable");
        java.lang.reflect.Field stripes = Kernels.vectorGemm().getClass().getDeclaredField("stripes");
        stripes.setAccessible(true);
        boolean saved = stripes.getBoolean(null);
        // large enough to run in parallel: column stripes (m < n), row stripes (m >= n), ragged edges, every
        // transposition, at offsets into the arrays
        int[][] shapes = {{130, 300, 70}, {300, 130, 70}, {784, 10, 128}, {5, 600, 200}, {97, 97, 300}};
        SplittableRandom random = new SplittableRandom(3);
        try {
            for (GemmBlocking blocking : GemmBlocking.candidates()) {
                GemmKernel vector = new VectorGemm(blocking);
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
                        String what = blocking.tile() + " " + describe(ta, tb, m, n, k, 0);
                        assertTrue(java.util.Arrays.equals(c[0], c[1]), "f64 " + what);
                        assertTrue(java.util.Arrays.equals(f[0], f[1]), "f32 " + what);
                    }
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

    /** Rows added into column sums: vector loops, the scalar loop and one binary add per row, bit for bit. */
    @Test
    void addingRowsEqualsOneAddPerRowBitForBit() {
        ArrayOps vector = Kernels.vectorOps();
        Assumptions.assumeTrue(vector != null, "Vector API unavailable");
        ArrayOps scalar = Kernels.scalarOps();
        SplittableRandom random = new SplittableRandom(5);
        for (int len : EDGE) {
            for (int rows : new int[] {0, 1, 2, 7, 64}) {
                double[] x = special(random.doubles(rows * len + 2, -5, 5).toArray());
                double[] start = special(random.doubles(len + 1, -1, 1).toArray());
                double[] want = start.clone();
                for (int t = 0; t < rows; t++) {
                    scalar.binary(ArrayOps.ADD, want, 1, x, 2 + t * len, want, 1, len);
                }
                for (ArrayOps ops : new ArrayOps[] {vector, scalar}) {
                    double[] y = start.clone();
                    ops.addRows(x, 2, rows, y, 1, len);
                    assertArrayEquals(want, y, "f64 " + rows + " rows of " + len);
                    float[] wantF = toFloats(start);
                    float[] yF = toFloats(start);
                    for (int t = 0; t < rows; t++) {
                        scalar.binary(ArrayOps.ADD, wantF, 1, toFloats(x), 2 + t * len, wantF, 1, len);
                    }
                    ops.addRows(toFloats(x), 2, rows, yF, 1, len);
                    assertArrayEquals(wantF, yF, "f32 " + rows + " rows of " + len);
                }
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

    /**
     * Column sums of a tall matrix (shared out by ranges of columns when there are enough values): each column one
     * float32 addition per row in row order from +0, as a plain loop adds them, for column counts that split
     * evenly, unevenly and not at all; and the strided {@code addRows} on a range of a wider matrix's columns.
     */
    @Test
    void columnSumsAddEachColumnRowByRow() {
        for (int cols : new int[] {7, 16, 48, 100}) {
            int rows = 4 * ElementwiseKernels.PARALLEL_ELEMENTS / cols + 3;
            Tensor t = Tensor.uniform(Key.of(cols), DType.FLOAT32, Shape.of(rows, cols), -1, 1);
            Tensor sums = ReduceKernels.sum(t, new boolean[] {true, false}, Shape.of(cols));
            for (int j = 0; j < cols; j++) {
                float s = 0f;
                for (int i = 0; i < rows; i++) {
                    s += (float) t.get(i, j);
                }
                assertEquals(s, (float) sums.get(j), 0f, cols + " columns, column " + j);
            }
        }
        float[] x = new float[9 * 40];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        for (ArrayOps ops : new ArrayOps[] {Kernels.OPS, Kernels.scalarOps()}) {
            float[] y = new float[21];
            ops.addRows(x, 5, 40, 9, y, 0, 21);
            for (int j = 0; j < 21; j++) {
                float s = 0f;
                for (int t = 0; t < 9; t++) {
                    s += x[5 + t * 40 + j];
                }
                assertEquals(s, y[j], 0f, ops + ": column " + j);
            }
        }
    }

    /** The column ranges of a parallel column sum cover every column once, also past 2^31 / pieces columns. */
    @Test
    void columnRangesCoverEveryColumnOnce() {
        for (int inner : new int[] {16, 48, 100, 1 << 28, (1 << 29) + 7, Integer.MAX_VALUE - 8}) {
            for (int pieces : new int[] {2, 3, 4, 16}) {
                int start = ReduceKernels.rangeStart(0, pieces, inner);
                assertEquals(0, start, inner + " columns in " + pieces);
                for (int q = 1; q <= pieces; q++) {
                    int next = ReduceKernels.rangeStart(q, pieces, inner);
                    assertTrue(next >= start && next <= inner, inner + " columns in " + pieces + ": range " + q);
                    assertTrue(q == pieces || next % ReduceKernels.COLUMN_GRAIN == 0, "whole vectors");
                    start = next;
                }
                assertEquals(inner, start, inner + " columns in " + pieces);
            }
        }
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

    /** {@code C[i, j] = fma(A[i, k-1], B[k-1, j], ... fma(A[i, 0], B[0, j], +0))}: what GemmKernel specifies. */
    private static double[] fmaChain(boolean ta, boolean tb, int m, int n, int k, double[] a, int ao, double[] b,
            int bo) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[ao + (ta ? p * m + i : i * k + p)], b[bo + (tb ? j * k + p : p * n + j)], s);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    private static float[] fmaChain(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, float[] b,
            int bo) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[ao + (ta ? p * m + i : i * k + p)], b[bo + (tb ? j * k + p : p * n + j)], s);
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
