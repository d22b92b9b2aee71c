package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.StatisticOp.MatrixNorm;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code matrixNorm}, {@code normNuclear} and {@code normSpectral} give {@code torch.linalg.matrix_norm}'s values
 * and gradients (PyTorch 1.13, float64) for every order, batched; float32 is the float64 result rounded, within
 * float32's precision. Expected values from {@code /usr/bin/python3}: {@code n = torch.linalg.matrix_norm(A,
 * ord=o); g, = torch.autograd.grad(n.sum(), A)} for A below; ties among column or row sums share the gradient, as
 * PyTorch's {@code amax} does.
 */
class MatrixNormTest {

    private static final double[] A = {1, 2, 0, 3, -1, 4, 0.5, -2, 1, 2, 2, -3};
    private static final Shape SHAPE = Shape.of(2, 2, 3);

    private record Expected(double[] norms, double[] gradient) {
    }

    private static final Map<MatrixNorm, Expected> TORCH = Map.of(
            MatrixNorm.NUCLEAR, new Expected(new double[] {7.329094990733924, 6.069968658842188},
                    new double[] {0.41274360454782594, 0.90957885140717, -0.04805236703515319, 0.5775107669101206,
                        -0.22053413640721303, 0.7860318115585454, 0.5451879402164993, -0.8261707111017751,
                        0.14216914559804317, 0.634271729051844, 0.2956264666107881, -0.7143559098690268}),
            MatrixNorm.SPECTRAL, new Expected(new double[] {5.103676278415834, 4.418411277318377},
                    new double[] {0.028306243336001513, -0.00840570925107068, 0.03715325481318498, 0.5957759836892972,
                        -0.17691926258874133, 0.7819835599813348, -0.14471641151378337, -0.22969469571452733,
                        0.2765594162111958, 0.34424074413189615, 0.5463808295743112, -0.6578591760075347}),
            MatrixNorm.SMALLEST_SINGULAR_VALUE, new Expected(new double[] {2.22541871231809, 1.651557381523811},
                    new double[] {0.3844373612118244, 0.9179845606582406, -0.08520562184833817,
                        -0.018265216779176592, -0.0436148738184717, 0.004048251577210581, 0.6899043517302826,
                        -0.5964760153872477, -0.13439027061315262, 0.29003098491994783, -0.2507543629635231,
                        -0.05649673386149203}),
            MatrixNorm.MAX_COLUMN_SUM, new Expected(new double[] {4.0, 4.0},
                    new double[] {0.5, 0.0, 0.0, 0.5, -0.0, 0.5, 0.0, -0.5, 0.5, 0.0, 0.5, -0.5}),
            MatrixNorm.MIN_COLUMN_SUM, new Expected(new double[] {3.0, 2.5},
                    new double[] {0.0, 1.0, 0.0, 0.0, -1.0, 0.0, 1.0, -0.0, 0.0, 1.0, 0.0, -0.0}),
            MatrixNorm.MAX_ROW_SUM, new Expected(new double[] {8.0, 7.0},
                    new double[] {0.0, 0.0, 0.0, 1.0, -1.0, 1.0, 0.0, -0.0, 0.0, 1.0, 1.0, -1.0}),
            MatrixNorm.MIN_ROW_SUM, new Expected(new double[] {3.0, 3.5},
                    new double[] {1.0, 1.0, 0.0, 0.0, -0.0, 0.0, 1.0, -1.0, 1.0, 0.0, 0.0, -0.0}));

    private static List<Tensor> normAndGradient(MatrixNorm ord, DType dtype) {
        Node a = SourceOp.input("A", SHAPE, dtype);
        Node norm = a.matrixNorm(ord, false);
        return Function.of(List.of(a), List.of(norm, Autodiff.grad(norm.sum(), a)))
                .call(Tensor.of(dtype, SHAPE, A));
    }

    @Test
    void everyOrderMatchesTorchLinalgMatrixNorm() {
        for (var e : TORCH.entrySet()) {
            List<Tensor> out = normAndGradient(e.getKey(), DType.FLOAT64);
            assertArrayEquals(e.getValue().norms(), out.get(0).toDoubleArray(), 1e-14, e.getKey() + " value");
            assertArrayEquals(e.getValue().gradient(), out.get(1).toDoubleArray(), 1e-13, e.getKey() + " gradient");
            List<Tensor> single = normAndGradient(e.getKey(), DType.FLOAT32);
            assertEquals(DType.FLOAT32, single.get(0).dtype());
            assertArrayEquals(e.getValue().norms(), single.get(0).toDoubleArray(), 4e-6, e.getKey() + " float32");
            assertArrayEquals(e.getValue().gradient(), single.get(1).toDoubleArray(), 4e-6, e.getKey() + " float32");
        }
    }

    @Test
    void theNamedNormsAreTheirOrders() {
        Node a = SourceOp.input("A", SHAPE);
        List<Tensor> out = Function.of(List.of(a), List.of(a.normNuclear(false), a.normSpectral(false),
                a.matrixNorm(MatrixNorm.FROBENIUS, false), a.normFrobenius(false))).call(Tensor.of(SHAPE, A));
        assertArrayEquals(TORCH.get(MatrixNorm.NUCLEAR).norms(), out.get(0).toDoubleArray(), 1e-14);
        assertArrayEquals(TORCH.get(MatrixNorm.SPECTRAL).norms(), out.get(1).toDoubleArray(), 1e-14);
        assertArrayEquals(out.get(3).toDoubleArray(), out.get(2).toDoubleArray(), 0.0);
    }

    @Test
    void keepDimsKeepsBothMatrixAxesAndLeadingAxesMayBeTheBatch() {
        Node a = SourceOp.input("A", Shape.of(Shape.BATCH, 3, 4));
        for (MatrixNorm ord : MatrixNorm.values()) {
            assertEquals(Shape.of(Shape.BATCH, 1, 1), a.matrixNorm(ord, true).shape(), ord.toString());
            assertEquals(Shape.of(Shape.BATCH), a.matrixNorm(ord, false).shape(), ord.toString());
        }
    }

    @Test
    void emptyMatricesHaveNuclearNormZeroAndNoSpectralNorm() {
        // torch.linalg.matrix_norm(torch.empty(2, 0, 3), 'nuc') is [0., 0.]; ord 2 raises (amax of an empty axis)
        Node a = SourceOp.input("A", Shape.of(2, 0, 3));
        Tensor nuclear = Function.of(List.of(a), List.of(a.normNuclear(false))).call(Tensor.of(Shape.of(2, 0, 3)))
                .get(0);
        assertArrayEquals(new double[] {0, 0}, nuclear.toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.normSpectral(false));
        assertTrue(e.getMessage().startsWith("normSpectral: needs matrices with at least one row and one column"),
                e.getMessage());
    }

    /**
     * Every order at a matrix with no rows, no columns or neither: where {@code numpy.linalg.norm(np.zeros(shape),
     * ord, axis=(-2, -1))} (NumPy 1.24) gives 0, so does Adjoint; where NumPy raises "zero-size array to reduction
     * operation maximum" (or minimum), and PyTorch 1.13's {@code matrix_norm} raises too, Adjoint refuses the graph
     * when it is built. The row- and column-sum orders gave -Infinity and Infinity there.
     */
    @Test
    void emptyMatricesGiveNumPysZeroOrAreRefusedWhereNumPyRefuses() {
        String columns = "needs matrices with at least one column";
        String rows = "needs matrices with at least one row";
        String both = "needs matrices with at least one row and one column";
        Map<MatrixNorm, String> noRows = Map.of(MatrixNorm.MAX_ROW_SUM, rows, MatrixNorm.MIN_ROW_SUM, rows,
                MatrixNorm.SPECTRAL, both, MatrixNorm.SMALLEST_SINGULAR_VALUE, both);
        Map<Shape, Map<MatrixNorm, String>> refusals = Map.of(Shape.of(0, 3), noRows, Shape.of(2, 0, 3), noRows,
                Shape.of(3, 0), Map.of(MatrixNorm.MAX_COLUMN_SUM, columns, MatrixNorm.MIN_COLUMN_SUM, columns,
                        MatrixNorm.SPECTRAL, both, MatrixNorm.SMALLEST_SINGULAR_VALUE, both),
                Shape.of(0, 0), Map.of(MatrixNorm.MAX_COLUMN_SUM, columns, MatrixNorm.MIN_COLUMN_SUM, columns,
                        MatrixNorm.MAX_ROW_SUM, rows, MatrixNorm.MIN_ROW_SUM, rows,
                        MatrixNorm.SPECTRAL, both, MatrixNorm.SMALLEST_SINGULAR_VALUE, both));
        for (Shape shape : refusals.keySet()) {
            Map<MatrixNorm, String> refused = refusals.get(shape);
            Node a = SourceOp.input("A", shape);
            for (MatrixNorm ord : MatrixNorm.values()) {
                String what = ord + " of " + shape;
                if (refused.containsKey(ord)) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> a.matrixNorm(ord, false), what);
                    String name = "matrixNorm(" + ord + ")"; // every order, the spectral one too (was normSpectral)
                    assertTrue(e.getMessage().startsWith(name + ": " + refused.get(ord) + ", got "), e.getMessage());
                } else {
                    Tensor norm = Function.of(List.of(a), List.of(a.matrixNorm(ord, false))).call(Tensor.of(shape))
                            .get(0);
                    double[] zeros = new double[shape.rank() == 3 ? 2 : 1];
                    assertArrayEquals(zeros, norm.toDoubleArray(), what);
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SourceOp.input("A", Shape.of(0, 3)).matrixNorm(MatrixNorm.MAX_ROW_SUM, true));
        assertEquals("matrixNorm(MAX_ROW_SUM): needs matrices with at least one row, got A : f64[0, 3]; a matrix"
                + " with no rows has no largest row sum", e.getMessage());
    }

    @Test
    void badOperandsAreRefusedUnderTheNormsName() {
        Node v = SourceOp.input("v", Shape.of(3));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> v.normNuclear(false)).getMessage()
                .startsWith("normNuclear: operand must be matrices [..., m, n]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> v.matrixNorm(MatrixNorm.MAX_ROW_SUM, false))
                .getMessage().startsWith("matrixNorm(MAX_ROW_SUM): operand must be matrices"));
        Node i = SourceOp.input("i", Shape.of(2, 2), DType.INT64);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> i.normSpectral(false)).getMessage()
                .startsWith("normSpectral: operand must be"));
        Node n = SourceOp.input("n", Shape.of(3, Shape.BATCH));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> n.normNuclear(false)).getMessage()
                .contains("the matrix dimensions must be concrete"));
        assertThrows(NullPointerException.class, () -> v.matrixNorm(null, false));
        // matrixNorm names every order's refusal after itself, not after the norm it composes
        for (MatrixNorm ord : MatrixNorm.values()) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> v.matrixNorm(ord, false)).getMessage()
                    .startsWith("matrixNorm(" + ord + "): operand must"), ord.toString());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> i.matrixNorm(ord, false)).getMessage()
                    .startsWith("matrixNorm(" + ord + "): operand must be floating-point"), ord.toString());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> n.matrixNorm(MatrixNorm.SPECTRAL, false))
                .getMessage().startsWith("matrixNorm(SPECTRAL): the matrix dimensions must be concrete"));
    }
}
