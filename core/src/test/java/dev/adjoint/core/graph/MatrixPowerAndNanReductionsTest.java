package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * matrixPower, nansum and nanmean give NumPy's values (printed by NumPy 1.24: {@code linalg.matrix_power},
 * {@code nansum}, {@code nanmean}); the NaN-skipping reductions have a zero gradient at the NaN entries. Their
 * gradients elsewhere, first and second order, are checked by the op table's rows.
 */
class MatrixPowerAndNanReductionsTest {

    private static final Tensor A = Tensor.of(Shape.of(2, 2, 2), 1, 2, 3, 4, 0.5, -1, 2, 0.25);
    private static final Tensor WITH_NAN = Tensor.of(Shape.of(2, 3), 1, Double.NaN, 3, Double.NaN, Double.NaN,
            Double.NaN);

    private static double[] eval(Tensor value, UnaryOperator<Node> f) {
        Node x = SourceOp.input("x", value.shape());
        return Function.of(List.of(x), List.of(f.apply(x))).call(value).get(0).toDoubleArray();
    }

    @Test
    void matrixPowersAreNumPys() {
        assertArrayEquals(new double[] {37, 54, 81, 118, -2.375, 1.5625, -3.125, -1.984375},
                eval(A, x -> x.matrixPower(3)), 1e-13);
        assertArrayEquals(new double[] {5.499999999999997, -2.499999999999999, -3.7499999999999987,
            1.7499999999999996, -0.42906574394463665, 0.16608996539792387, -0.33217993079584773,
            -0.3875432525951557}, eval(A, x -> x.matrixPower(-2)), 1e-13);
        assertArrayEquals(eval(A, x -> x), eval(A, x -> x.matrixPower(1)), 0.0);
        Tensor nan = Tensor.of(Shape.of(2, 2), Double.NaN, 1, 2, 3);
        assertArrayEquals(new double[] {1, 0, 0, 1}, eval(nan, x -> x.matrixPower(0)), 0.0); // as torch
    }

    @Test
    void nanReductionsSkipNaNsAsNumPyDoes() {
        assertArrayEquals(new double[] {4, 0}, eval(WITH_NAN, x -> x.nansum(false, 1)), 0.0);
        assertArrayEquals(new double[] {1, 0, 3}, eval(WITH_NAN, x -> x.nansum(false, 0)), 0.0);
        assertArrayEquals(new double[] {2, Double.NaN}, eval(WITH_NAN, x -> x.nanmean(false, 1)), 0.0);
        assertArrayEquals(new double[] {1, Double.NaN, 3}, eval(WITH_NAN, x -> x.nanmean(false, 0)), 0.0);
    }

    @Test
    void nanReductionsHaveZeroGradientAtNaNs() {
        Node x = SourceOp.input("x", WITH_NAN.shape());
        Node sum = Autodiff.grad(x.nansum(false).mul(2.0), x);
        Node mean = Autodiff.grad(x.nanmean(false, 1).slice(0, 0, 1).sum(), x);
        List<Tensor> g = Function.of(List.of(x), List.of(sum, mean)).call(WITH_NAN);
        assertArrayEquals(new double[] {2, 0, 2, 0, 0, 0}, g.get(0).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0.5, 0, 0.5, 0, 0, 0}, g.get(1).toDoubleArray(), 0.0);
    }

    @Test
    void badOperandsAreRefusedNamingTheOp() {
        rejects(IllegalArgumentException.class, () -> SourceOp.input("m", Shape.of(2, 3)).matrixPower(2),
                "matrixPower: operand must be square matrices [..., m, m], got");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(3)).matrixPower(2),
                "matrixPower: operand must be square matrices");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("m", Shape.of(2, 2)).matrixPower(
                Integer.MIN_VALUE), "matrixPower: n must be above");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(3)).nansum(false, 2), "nansum");
    }
}
