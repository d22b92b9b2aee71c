package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.kernel.LinalgException;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * luFactor, lu and luSolve give PyTorch's factors, pivots, solutions and gradients (printed by PyTorch 1.13:
 * {@code torch.linalg.lu}, {@code lu_factor}, {@code lu_factor_ex} for a singular matrix, {@code lu_solve}, and
 * autograd through {@code lu}), square, tall, wide, batched, float64 and float32. The pivot is LAPACK's, the
 * first row on ties. Gradients on random matrices, first and second order, are checked by the op table's rows.
 */
class LuTest {

    private static final double[] A = {1.0, 2.0, -1.5, 4.0, -0.5, 2.0, -2.0, 3.0, 0.5};
    private static final double[] TALL = {1.0, 2.0, 3.0, -4.0, 5.0, 6.0, -7.0, 0.5};
    private static final double[] WIDE = {1.0, 3.0, 5.0, -7.0, 2.0, -4.0, 6.0, 0.5}; // TALL transposed

    private static List<Tensor> eval(Tensor value, java.util.function.Function<Node, List<Node>> f) {
        Node x = SourceOp.input("x", value.shape(), value.dtype());
        return Function.of(List.of(x), f.apply(x)).call(value);
    }

    private static List<Tensor> plu(Tensor a) {
        return eval(a, x -> {
            LuOp.LuDecomposition d = x.lu();
            return List.of(d.p(), d.l(), d.u());
        });
    }

    private static List<Tensor> factors(Tensor a) {
        return eval(a, x -> {
            LuOp.LuFactors f = x.luFactor();
            return List.of(f.lu(), f.pivots(), f.permutation());
        });
    }

    @Test
    void factorsArePyTorchs() {
        List<Tensor> d = plu(Tensor.of(Shape.of(3, 3), A));
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, d.get(0).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1, 0, 0, -0.5, 1, 0, 0.25, 0.7727272727272727, 1}, d.get(1).toDoubleArray(),
                1e-15);
        assertArrayEquals(new double[] {4, -0.5, 2, 0, 2.75, 1.5, 0, 0, -3.159090909090909},
                d.get(2).toDoubleArray(), 1e-15);
        List<Tensor> f = factors(Tensor.of(Shape.of(3, 3), A));
        assertArrayEquals(new double[] {4, -0.5, 2, -0.5, 2.75, 1.5, 0.25, 0.7727272727272727, -3.159090909090909},
                f.get(0).toDoubleArray(), 1e-15);
        assertEquals(DType.INT32, f.get(1).dtype());
        assertArrayEquals(new long[] {2, 3, 3}, f.get(1).toLongArray());
        assertEquals(DType.INT64, f.get(2).dtype());
        assertArrayEquals(new long[] {1, 2, 0}, f.get(2).toLongArray()); // Pᵀ A takes rows 1, 2, 0 of A
    }

    @Test
    void tallAndWideFactorsArePyTorchs() {
        List<Tensor> tall = plu(Tensor.of(Shape.of(4, 2), TALL));
        assertArrayEquals(new double[] {0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0}, tall.get(0).toDoubleArray(),
                0.0);
        assertArrayEquals(new double[] {1, 0, -0.7142857142857142, 1, -0.42857142857142855, -0.5955056179775281,
            -0.14285714285714285, 0.3258426966292135}, tall.get(1).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {-7, 0.5, 0, 6.357142857142857}, tall.get(2).toDoubleArray(), 1e-15);
        List<Tensor> wide = plu(Tensor.of(Shape.of(2, 4), WIDE));
        assertArrayEquals(new double[] {0, 1, 1, 0}, wide.get(0).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1, 0, 0.5, 1}, wide.get(1).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {2, -4, 6, 0.5, 0, 5, 2, -7.25}, wide.get(2).toDoubleArray(), 1e-15);
        assertEquals(Shape.of(4, 2), tall.get(1).shape());
        assertEquals(Shape.of(2, 4), wide.get(2).shape());
    }

    /** Ties go to the first row, a zero column is skipped (lu_factor_ex), and a batch factors each matrix. */
    @Test
    void pivotsAreLapacks() {
        List<Tensor> tie = factors(Tensor.of(Shape.of(2, 2), 2, 1, -2, 3));
        assertArrayEquals(new double[] {2, 1, -1, 4}, tie.get(0).toDoubleArray(), 0.0);
        assertArrayEquals(new long[] {1, 2}, tie.get(1).toLongArray());
        List<Tensor> singular = factors(Tensor.of(Shape.of(3, 3), 0, 1, 2, 0, 3, 4, 0, 5, 6));
        assertArrayEquals(new double[] {0, 1, 2, 0, 5, 6, 0, 0.6000000000000001, 0.39999999999999947},
                singular.get(0).toDoubleArray(), 1e-15);
        assertArrayEquals(new long[] {1, 3, 3}, singular.get(1).toLongArray());
        double[] transposed2 = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                transposed2[i * 3 + j] = 2 * A[j * 3 + i];
            }
        }
        double[] both = new double[18];
        System.arraycopy(A, 0, both, 0, 9);
        System.arraycopy(transposed2, 0, both, 9, 9);
        List<Tensor> batch = factors(Tensor.of(Shape.of(2, 3, 3), both));
        assertArrayEquals(new double[] {4, -0.5, 2, -0.5, 2.75, 1.5, 0.25, 0.7727272727272727, -3.159090909090909,
            4, -1, 6, 0.5, 8.5, -7, -0.75, 0.38235294117647056, 8.176470588235293}, batch.get(0).toDoubleArray(),
                1e-14);
        assertArrayEquals(new long[] {2, 3, 3, 2, 2, 3}, batch.get(1).toLongArray());
    }

    /**
     * Matrices without rows, as torch.linalg.lu gives them: {@code [0, 0]} to P, L, U of {@code [0, 0]}; {@code [0, 2]}
     * to P {@code [0, 0]}, L {@code [0, 0]}, U {@code [0, 2]}; a batch {@code [3, 0, 2]} likewise; lu_solve with
     * 0 x 0 factors and B {@code [0, 2]} to {@code [0, 2]}. (Building P took oneHot of depth 0, which it refuses.)
     */
    @Test
    void matricesWithoutRowsHaveEmptyFactors() {
        Shape[][] cases = {{Shape.of(0, 0), Shape.of(0, 0), Shape.of(0, 0), Shape.of(0, 0)},
            {Shape.of(0, 2), Shape.of(0, 0), Shape.of(0, 0), Shape.of(0, 2)},
            {Shape.of(3, 0, 2), Shape.of(3, 0, 0), Shape.of(3, 0, 0), Shape.of(3, 0, 2)}};
        for (Shape[] c : cases) {
            List<Tensor> d = plu(Tensor.zeros(DType.FLOAT64, c[0]));
            for (int i = 0; i < 3; i++) {
                assertEquals(c[i + 1], d.get(i).shape(), "factor " + i + " of " + c[0]);
            }
        }
        Node a = SourceOp.input("a", Shape.of(0, 0));
        Node b = SourceOp.input("b", Shape.of(0, 2));
        Tensor x = Function.of(List.of(a, b), List.of(LuOp.luSolve(a.luFactor(), b))).call(
                Tensor.zeros(DType.FLOAT64, Shape.of(0, 0)), Tensor.zeros(DType.FLOAT64, Shape.of(0, 2))).get(0);
        assertEquals(Shape.of(0, 2), x.shape());
    }

    @Test
    void theFactorsReproduceTheMatrix() {
        Tensor a = Tensor.of(Shape.of(4, 2), TALL);
        List<Tensor> back = eval(a, x -> {
            LuOp.LuDecomposition d = x.lu();
            return List.of(d.p().matmul(d.l()).matmul(d.u()));
        });
        assertArrayEquals(TALL, back.get(0).toDoubleArray(), 1e-15);
    }

    @Test
    void luSolveIsPyTorchs() {
        Tensor b = Tensor.of(Shape.of(3, 2), 1.0, 0.5, -2.0, 1.0, 0.25, 3.0);
        Node a = SourceOp.input("a", Shape.of(3, 3));
        Node rhs = SourceOp.input("b", Shape.of(3, 2));
        Node vector = SourceOp.input("v", Shape.of(3));
        LuOp.LuFactors f = a.luFactor();
        List<Tensor> x = Function.of(List.of(a, rhs, vector), List.of(LuOp.luSolve(f, rhs), LuOp.luSolve(f, vector)))
                .call(Tensor.of(Shape.of(3, 3), A), b, Tensor.of(Shape.of(3), 1.0, -2.0, 0.25));
        double[] expected = {-0.16007194244604314, -0.032374100719424426, 0.0863309352517986, 0.8489208633093526,
            -0.658273381294964, 0.776978417266187};
        assertArrayEquals(expected, x.get(0).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {expected[0], expected[2], expected[4]}, x.get(1).toDoubleArray(), 1e-15);
        assertEquals(Shape.of(3), x.get(1).shape());
    }

    /** {@code d (<WL, L> + <WU, U>) / dA}, the weights PyTorch drew (seeds 1, 2, 3, rounded to quarters). */
    @Test
    void gradientsArePyTorchs() {
        double[] wl = {0.75, 0.25, 0.0, 0.5, -0.5, -0.25, -1.5, 0.5, -1.0};
        double[] wu = {-0.5, -1.0, -0.0, -0.25, -1.0, 0.5, 0.25, -0.5, -0.5};
        assertArrayEquals(new double[] {-0.06818181818181818, 0.4545454545454546, -0.5, -0.7264979338842975,
            -1.7892561983471076, 0.5681818181818181, -0.48708677685950413, -1.3512396694214877, 0.8863636363636364},
                gradient(Tensor.of(Shape.of(3, 3), A), wl, wu), 1e-14);
        assertArrayEquals(new double[] {-0.06581059390048154, 0.07865168539325842, -0.15128410914927767,
            -0.11797752808988764, 0.0824368315688856, 0.6541156419643983, -0.5153541090719838, -0.5721003841506304},
                gradient(Tensor.of(Shape.of(4, 2), TALL), new double[] {0.5, -0.25, -0.25, -1.25, 1.0, -0.75, 0.5,
                    0.5}, new double[] {-0.5, -1.0, 1.25, 0.75}), 1e-14);
        assertArrayEquals(new double[] {0.1875, 1.0, 0.5, 1.25, -0.09375, -1.75, 0.0, 0.375},
                gradient(Tensor.of(Shape.of(2, 4), WIDE), new double[] {0.75, 0.25, 0.0, -0.5},
                        new double[] {0.0, -1.25, 0.25, 1.0, -1.5, 1.0, 0.5, 1.25}), 1e-14);
        assertArrayEquals(new double[] {-0.06818181276321411, 0.4545454680919647, -0.5, -0.7264979481697083,
            -1.78925621509552, 0.5681818127632141, -0.48708680272102356, -1.3512396812438965, 0.8863636255264282},
                gradient(Tensor.of(DType.FLOAT32, Shape.of(3, 3), A), wl, wu), 3e-7);
    }

    private static double[] gradient(Tensor a, double[] wl, double[] wu) {
        Node x = SourceOp.input("a", a.shape(), a.dtype());
        LuOp.LuDecomposition d = x.lu();
        Node loss = d.l().mul(SourceOp.constant(Tensor.of(a.dtype(), d.l().shape(), wl)))
                .sum().add(d.u().mul(SourceOp.constant(Tensor.of(a.dtype(), d.u().shape(), wu))).sum());
        return Function.of(List.of(x), List.of(Autodiff.grad(loss, x))).call(a).get(0).toDoubleArray();
    }

    @Test
    void theGradientAtASingularMatrixFailsUnderLusName() {
        Node x = SourceOp.input("a", Shape.of(3, 3));
        Node g = Autodiff.grad(x.lu().u().sum(), x);
        rejects(LinalgException.class, () -> Function.of(List.of(x), List.of(g))
                .call(Tensor.of(Shape.of(3, 3), 1, 2, 3, 2, 4, 6, 1, 0, 1)), "gradient of lu (U⁻¹)");
    }

    @Test
    void badOperandsAreRefusedNamingTheOp() {
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(3)).lu(),
                "lu: operand must be matrices [..., m, n], got", "[3]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(3)).luFactor(),
                "luFactor: operand must be matrices [..., m, n], got");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("i", Shape.of(2, 2), DType.INT64).lu(),
                "lu", "i64");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("i", Shape.of(2, 2), DType.INT32).luFactor(),
                "luFactor", "i32");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("n", Shape.of(3, Shape.BATCH)).lu(),
                "lu: the matrix dimensions must be concrete");
        LuOp.LuFactors wide = SourceOp.input("w", Shape.of(2, 3)).luFactor();
        rejects(IllegalArgumentException.class, () -> LuOp.luSolve(wide, SourceOp.input("b", Shape.of(2))),
                "luSolve: factors must be of square matrices [..., n, n], got LU : f64[2, 3]");
        LuOp.LuFactors square = SourceOp.input("s", Shape.of(3, 3)).luFactor();
        rejects(IllegalArgumentException.class, () -> LuOp.luSolve(square, SourceOp.input("b", Shape.of(2, 1))),
                "luSolve: the right-hand side must have as many rows as the factors, got LU : f64[3, 3] and"
                + " b : f64[2, 1]");
        Node i = SourceOp.input("i", Shape.of(3, 3), DType.INT64);
        rejects(IllegalArgumentException.class, () -> LuOp.luSolve(new LuOp.LuFactors(i, i, i), i),
                "luSolve: operands must be floating-point (f32 or f64), got i64");
    }
}
