package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.DenseMatrices.identity;
import static dev.adjoint.core.graph.DenseMatrices.maxAbs;
import static dev.adjoint.core.graph.DenseMatrices.maxDifference;
import static dev.adjoint.core.graph.DenseMatrices.product;
import static dev.adjoint.core.graph.DenseMatrices.transpose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decompositions reconstruct their input and keep their conventions: {@code L·Lᵀ = A} with L lower
 * triangular and a positive diagonal; {@code Q·R = A}, {@code QᵀQ = I}, R upper triangular with a nonnegative
 * diagonal; {@code V·diag(w)·Vᵀ = A}, {@code VᵀV = I}, w ascending, each eigenvector's largest component
 * positive; {@code U·diag(s)·Vh = A}, orthonormal U and Vh, s descending. Sizes cross the kernels' block size
 * (48) and the tolerances are multiples of {@code n ε ‖A‖}, the backward error of these algorithms.
 */
class DecompositionOpTest {

    private static final double EPS = 0x1p-52;

    /** Random sizes around the block boundary and small ones; values are SPD {@code X Xᵀ + n I}. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 47, 48, 49, 97, 130})
    void choleskyReconstructsAndIsLowerTriangularWithPositiveDiagonal(int n) {
        double[] a = DenseMatrices.spd(n, n);
        Node x = SourceOp.input("a", Shape.of(n, n));
        double[] l = DenseMatrices.evaluate(List.of(x), List.of(x.cholesky()), Tensor.of(Shape.of(n, n), a)).get(0)
                .toDoubleArray();
        for (int i = 0; i < n; i++) {
            assertTrue(l[i * n + i] > 0, "diagonal " + i);
            for (int j = i + 1; j < n; j++) {
                assertEquals(0.0, l[i * n + j], "upper element " + i + ", " + j);
            }
        }
        double error = maxDifference(product(l, n, n, transpose(l, n, n), n), a);
        assertTrue(error <= 8 * n * EPS * maxAbs(a), "max |L Lᵀ - A| = " + error);
    }

    @Test
    void choleskyReadsOnlyTheLowerTriangle() {
        int n = 4;
        double[] a = DenseMatrices.spd(3, n);
        double[] scribbled = a.clone();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                scribbled[i * n + j] = 1e6 * (i - j);
            }
        }
        Node x = SourceOp.input("a", Shape.of(n, n));
        Node l = x.cholesky();
        double[] clean = DenseMatrices.evaluate(List.of(x), List.of(l), Tensor.of(Shape.of(n, n), a)).get(0)
                .toDoubleArray();
        double[] other = DenseMatrices.evaluate(List.of(x), List.of(l), Tensor.of(Shape.of(n, n), scribbled)).get(0)
                .toDoubleArray();
        assertEquals(0.0, maxDifference(clean, other));
    }

    /** A batch of float32 matrices: each is the float64 factor rounded once. */
    @Test
    void choleskyInFloat32IsTheRoundedFloat64FactorPerMatrix() {
        int n = 6;
        double[] stacked = new double[3 * n * n];
        for (int p = 0; p < 3; p++) {
            double[] a = DenseMatrices.spd(10 + p, n);
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) a[i];
            }
            System.arraycopy(a, 0, stacked, p * n * n, n * n);
        }
        Node x32 = SourceOp.input("a", Shape.of(3, n, n), DType.FLOAT32);
        Node x64 = SourceOp.input("a", Shape.of(3, n, n), DType.FLOAT64);
        Tensor l32 = DenseMatrices.evaluate(List.of(x32), List.of(x32.cholesky()),
                Tensor.of(DType.FLOAT32, Shape.of(3, n, n), stacked)).get(0);
        Tensor l64 = DenseMatrices.evaluate(List.of(x64), List.of(x64.cholesky()),
                Tensor.of(Shape.of(3, n, n), stacked)).get(0);
        assertEquals(DType.FLOAT32, l32.dtype());
        for (int i = 0; i < l64.size(); i++) {
            assertEquals((float) l64.flat(i), (float) l32.flat(i), "element " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1x1", "5x3", "3x5", "4x4", "60x20", "20x60", "64x64"})
    void qrReconstructsWithOrthonormalQAndUpperTriangularRWithNonnegativeDiagonal(String size) {
        int m = Integer.parseInt(size.split("x")[0]);
        int n = Integer.parseInt(size.split("x")[1]);
        int k = Math.min(m, n);
        double[] a = DenseMatrices.random(m * 31L + n, m, n);
        Node x = SourceOp.input("a", Shape.of(m, n));
        DecompositionOp.QrFactors qr = x.qr();
        List<Tensor> out = DenseMatrices.evaluate(List.of(x), List.of(qr.q(), qr.r()), Tensor.of(Shape.of(m, n), a));
        assertEquals(Shape.of(m, k), out.get(0).shape());
        assertEquals(Shape.of(k, n), out.get(1).shape());
        double[] q = out.get(0).toDoubleArray();
        double[] r = out.get(1).toDoubleArray();
        for (int i = 0; i < k; i++) {
            assertTrue(r[i * n + i] >= 0, "diagonal " + i + " of R");
            for (int j = 0; j < Math.min(i, n); j++) {
                assertEquals(0.0, r[i * n + j], "R below the diagonal at " + i + ", " + j);
            }
        }
        double tolerance = 16 * Math.max(m, n) * EPS;
        assertTrue(maxDifference(product(q, m, k, r, n), a) <= tolerance * Math.max(1, maxAbs(a)), "Q R != A");
        assertTrue(maxDifference(product(transpose(q, m, k), k, m, q, k), identity(k)) <= tolerance, "QᵀQ != I");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8, 33})
    void eighReconstructsWithOrthonormalEigenvectorsAscendingEigenvaluesAndTheSignConvention(int n) {
        double[] x = DenseMatrices.random(n * 7L, n, n);
        double[] a = product(x, n, n, transpose(x, n, n), n); // symmetric, eigenvalues >= 0, some close to 0
        for (int i = 0; i < n; i++) {
            a[i * n + i] -= 0.5 * n; // and some negative
        }
        Node input = SourceOp.input("a", Shape.of(n, n));
        DecompositionOp.EighFactors eigh = input.eigh();
        List<Tensor> out = DenseMatrices.evaluate(List.of(input), List.of(eigh.eigenvalues(), eigh.eigenvectors()),
                Tensor.of(Shape.of(n, n), a));
        double[] w = out.get(0).toDoubleArray();
        double[] v = out.get(1).toDoubleArray();
        for (int i = 1; i < n; i++) {
            assertTrue(w[i - 1] <= w[i], "ascending at " + i);
        }
        checkSignConvention(v, n, n);
        double[] vw = v.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                vw[i * n + j] *= w[j];
            }
        }
        double tolerance = 16 * n * EPS * Math.max(1, maxAbs(a));
        assertTrue(maxDifference(product(vw, n, n, transpose(v, n, n), n), a) <= tolerance, "V diag(w) Vᵀ != A");
        assertTrue(maxDifference(product(transpose(v, n, n), n, n, v, n), identity(n)) <= 16 * n * EPS, "VᵀV != I");
    }

    @Test
    void eighOfADiagonalMatrixWithRepeatedEntriesSortsThemAndKeepsUnitVectors() {
        Node a = SourceOp.constant(Tensor.matrix(new double[][] {{3, 0, 0}, {0, 1, 0}, {0, 0, 1}}));
        DecompositionOp.EighFactors eigh = a.eigh();
        List<Tensor> out = DenseMatrices.evaluate(List.of(), List.of(eigh.eigenvalues(), eigh.eigenvectors()));
        assertEquals(List.of(1.0, 1.0, 3.0), List.of(out.get(0).flat(0), out.get(0).flat(1), out.get(0).flat(2)));
        assertEquals(0.0, maxDifference(out.get(1).toDoubleArray(), new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1x1", "1x4", "4x1", "5x3", "3x5", "6x6", "40x12", "12x40"})
    void svdReconstructsWithOrthonormalVectorsAndDescendingValues(String size) {
        int m = Integer.parseInt(size.split("x")[0]);
        int n = Integer.parseInt(size.split("x")[1]);
        int k = Math.min(m, n);
        double[] a = DenseMatrices.random(m * 131L + n, m, n);
        Node x = SourceOp.input("a", Shape.of(m, n));
        DecompositionOp.SvdFactors svd = x.svd();
        List<Tensor> out = DenseMatrices.evaluate(List.of(x), List.of(svd.u(), svd.s(), svd.vh()),
                Tensor.of(Shape.of(m, n), a));
        double[] u = out.get(0).toDoubleArray();
        double[] s = out.get(1).toDoubleArray();
        double[] vh = out.get(2).toDoubleArray();
        assertEquals(Shape.of(k, n), out.get(2).shape());
        checkReconstruction(a, m, n, u, s, vh);
        checkSignConvention(u, m, k);
    }

    /** A rank-deficient matrix: the zero singular values' vectors are completed to orthonormal sets. */
    @Test
    void svdOfARankDeficientMatrixHasZeroSingularValuesAndOrthonormalVectors() {
        int m = 6;
        int n = 4;
        double[] left = DenseMatrices.random(1, m, 2);
        double[] right = DenseMatrices.random(2, 2, n);
        double[] a = product(left, m, 2, right, n); // rank 2
        Node x = SourceOp.input("a", Shape.of(m, n));
        DecompositionOp.SvdFactors svd = x.svd();
        List<Tensor> out = DenseMatrices.evaluate(List.of(x), List.of(svd.u(), svd.s(), svd.vh()),
                Tensor.of(Shape.of(m, n), a));
        double[] s = out.get(1).toDoubleArray();
        assertTrue(s[2] <= 1e-14 * s[0] && s[3] <= 1e-14 * s[0], "two singular values vanish: " + out.get(1));
        checkReconstruction(a, m, n, out.get(0).toDoubleArray(), s, out.get(2).toDoubleArray());
    }

    /**
     * A matrix (from the op table's {@code X + 8 I}) on which the one-sided Jacobi sweeps stall: one pair of
     * columns keeps a computed cosine of 1.4e-16, above the 2⁻⁵³ of "rotates nothing", sweep after sweep. The
     * decomposition stops there, orthogonal to working precision, instead of failing after 100 sweeps.
     */
    @Test
    void svdConvergesWhereTheSweepsStallAtTheRoundingLevel() {
        double[] a = {8.403098106384277, 0.7792376279830933, 0.10166716575622559, -0.5552470684051514,
                0.547690749168396, 8.405556201934814, 0.3953338861465454, -0.9592345224151612,
                -0.8863950967788696, -0.536687970161438, 8.438796877861023, 0.43359220027923584,
                -0.0879753828048706, 0.08019053936004639, -0.7356381416320801, 8.58829927444458};
        Node x = SourceOp.input("a", Shape.of(4, 4));
        DecompositionOp.SvdFactors svd = x.svd();
        List<Tensor> out = DenseMatrices.evaluate(List.of(x), List.of(svd.u(), svd.s(), svd.vh()),
                Tensor.of(Shape.of(4, 4), a));
        checkReconstruction(a, 4, 4, out.get(0).toDoubleArray(), out.get(1).toDoubleArray(),
                out.get(2).toDoubleArray());
    }

    /**
     * A singular matrix whose null-space column shrinks by rotations until its squared norm underflows while
     * its products with the others do not: that column is zero, not rotated forever.
     */
    @Test
    void svdOfASingularMatrixStopsWhenTheNullColumnUnderflows() {
        double[] a = {1, 2, 3, 2, 4, 6, 1, 0, 1};
        Node x = SourceOp.input("a", Shape.of(3, 3));
        DecompositionOp.SvdFactors svd = x.svd();
        List<Tensor> out = DenseMatrices.evaluate(List.of(x), List.of(svd.u(), svd.s(), svd.vh()),
                Tensor.of(Shape.of(3, 3), a));
        assertEquals(0.0, out.get(1).flat(2));
        checkReconstruction(a, 3, 3, out.get(0).toDoubleArray(), out.get(1).toDoubleArray(),
                out.get(2).toDoubleArray());
    }

    /**
     * A rank-5 integer matrix of order 8 whose last null vector to complete has no component above 0.5 on any
     * axis: it is still completed (by the axis it keeps most of), not searched past the last axis.
     */
    @Test
    void svdCompletesANullSpaceThatNoAxisDominates() {
        double[] a = {0, -1, 0, 1, 2, 1, -1, 2, 0, 1, 0, -1, -2, -1, -1, -2, 0, 2, 0, 0, -2, 0, 0, -2, -2, 2, 0, 0, 0,
                -2, 0, 0, 1, 0, 0, 0, -1, 1, 0, -1, 0, 1, 0, 1, 0, 1, 1, 0, 2, 0, 0, -1, -3, 1, -2, -3, 0, 2, 0, 1,
                -1, 1, 0, -1};
        Node x = SourceOp.input("a", Shape.of(8, 8));
        DecompositionOp.SvdFactors svd = x.svd();
        List<Tensor> out = DenseMatrices.evaluate(List.of(x), List.of(svd.u(), svd.s(), svd.vh()),
                Tensor.of(Shape.of(8, 8), a));
        checkReconstruction(a, 8, 8, out.get(0).toDoubleArray(), out.get(1).toDoubleArray(),
                out.get(2).toDoubleArray());
    }

    /** Batched inputs decompose each matrix as if alone, bit for bit. */
    @Test
    void aStackIsDecomposedMatrixByMatrix() {
        Property.forAll(Gens.integers(1, 5)).named("stack = each matrix alone").tries(10).check(n -> {
            Tensor stack = Tensor.uniform(Key.of(n), DType.FLOAT64, Shape.of(2, 3, n, n), -1, 1);
            Node x = SourceOp.input("a", Shape.of(2, 3, n, n));
            Node one = SourceOp.input("one", Shape.of(n, n));
            Tensor all = DenseMatrices.evaluate(List.of(x), List.of(Node.apply(new DecompositionOp.Svd(), x)), stack)
                    .get(0);
            int block = all.size() / 6;
            for (int p = 0; p < 6; p++) {
                Tensor matrix = stack.reshape(Shape.of(6, n, n)).takeRows(p).reshape(Shape.of(n, n));
                Tensor alone = DenseMatrices.evaluate(List.of(one), List.of(Node.apply(new DecompositionOp.Svd(), one)),
                        matrix).get(0);
                for (int i = 0; i < block; i++) {
                    assertEquals(alone.flat(i), all.flat(p * block + i), "matrix " + p + " element " + i);
                }
            }
        });
    }

    @Test
    void packedDecompositionsNeedConcreteMatrixDimensions() {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, x::qr);
        assertEquals("qr: the matrix dimensions must be concrete, got x : f64[N, 3]; N may appear only among the"
                + " leading dimensions", e.getMessage());
        Node batch = SourceOp.input("b", Shape.of(Shape.BATCH, 3, 3));
        assertEquals(Shape.of(Shape.BATCH, 3), batch.eigvalsh().shape());
        assertEquals(Shape.of(Shape.BATCH, Shape.BATCH), SourceOp.input("k", Shape.of(Shape.BATCH, Shape.BATCH))
                .cholesky().shape());
    }

    @Test
    void nonSquareOperandsAreRejectedWhenBuilt() {
        Node x = SourceOp.input("x", Shape.of(3, 4));
        assertEquals("cholesky: operand must be square matrices [..., n, n], got x : f64[3, 4]",
                assertThrows(IllegalArgumentException.class, x::cholesky).getMessage());
        assertEquals("eigh: operand must be square matrices [..., n, n], got x : f64[3, 4]",
                assertThrows(IllegalArgumentException.class, x::eigh).getMessage());
        assertEquals("svd: operand must be matrices [..., m, n], got v : f64[4]",
                assertThrows(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(4)).svd())
                        .getMessage());
    }

    private static void checkReconstruction(double[] a, int m, int n, double[] u, double[] s, double[] vh) {
        int k = s.length;
        for (int i = 1; i < k; i++) {
            assertTrue(s[i - 1] >= s[i] && s[i] >= 0, "descending and nonnegative: " + java.util.Arrays.toString(s));
        }
        double[] us = u.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                us[i * k + j] *= s[j];
            }
        }
        double tolerance = 32 * Math.max(m, n) * EPS;
        assertTrue(maxDifference(product(us, m, k, vh, n), a) <= tolerance * Math.max(1, maxAbs(a)), "U S Vh != A");
        assertTrue(maxDifference(product(transpose(u, m, k), k, m, u, k), identity(k)) <= tolerance, "UᵀU != I");
        assertTrue(maxDifference(product(vh, k, n, transpose(vh, k, n), k), identity(k)) <= tolerance, "Vh Vhᵀ != I");
    }

    /** Each column's component of largest magnitude is positive. */
    private static void checkSignConvention(double[] x, int rows, int cols) {
        for (int c = 0; c < cols; c++) {
            double best = 0;
            for (int r = 0; r < rows; r++) {
                if (Math.abs(x[r * cols + c]) > Math.abs(best)) {
                    best = x[r * cols + c];
                }
            }
            assertTrue(best > 0, "column " + c + "'s largest component is " + best);
        }
    }
}
