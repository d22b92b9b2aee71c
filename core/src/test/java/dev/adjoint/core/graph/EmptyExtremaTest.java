package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reductions over an axis of size 0: those without an identity (maximum, minimum and the norms and NaN-skipping
 * forms built on them) are refused when the node is built, as NumPy and PyTorch refuse them; those with one keep
 * it. The references are NumPy 1.x and PyTorch 1.13 on the same shapes (the calls are named at each assertion).
 */
class EmptyExtremaTest {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    private final Node columnsNone = SourceOp.input("x", Shape.of(3, 0));
    private final Node rowsNone = SourceOp.input("y", Shape.of(0, 3));

    private static double[] eval(Node x, Tensor value, Node y) {
        return Function.of(List.of(x), List.of(y)).call(value).get(0).toDoubleArray();
    }

    @Test
    void maxAndMinRefuseAReducedAxisOfSizeZero() {
        // np.empty((3, 0)).max(axis=1): "zero-size array to reduction operation maximum which has no identity";
        // torch.empty(3, 0).amax(1): "amax(): Expected reduction dim 1 to have non-zero size."
        String rule = ": the reduced axes must not be empty (a reduction over no elements has no identity), got axis ";
        rejects(IllegalArgumentException.class, () -> columnsNone.max(1), "max" + rule + "1 of x : f64[3, 0]");
        rejects(IllegalArgumentException.class, () -> columnsNone.min(true, -1), "min" + rule + "1 of x : f64[3, 0]");
        rejects(IllegalArgumentException.class, () -> ReduceOp.max(columnsNone, false), "max" + rule + "1 of x");
        rejects(IllegalArgumentException.class, () -> rowsNone.min(), "min" + rule + "0 of y : f64[0, 3]");
        rejects(IllegalArgumentException.class, () -> ReduceOp.min(rowsNone, true, 0), "min" + rule + "0 of y");
        // np.empty((0, 0)).max(axis=1) raises too, though the result would be empty
        Node both = SourceOp.input("z", Shape.of(0, 0));
        rejects(IllegalArgumentException.class, () -> both.max(1), "max" + rule + "1 of z : f64[0, 0]");
        rejects(IllegalArgumentException.class, () -> both.max(0), "max" + rule + "0 of z");
    }

    @Test
    void overNonEmptyAxesOfAnEmptyTensorTheResultIsEmpty() {
        // np.empty((0, 3)).max(axis=1) and np.empty((2, 0, 3)).max(axis=(0, 2)) are array([])
        assertEquals(Shape.of(0), rowsNone.max(1).shape());
        assertEquals(0, eval(rowsNone, Tensor.zeros(Shape.of(0, 3)), rowsNone.min(1)).length);
        Node middle = SourceOp.input("m", Shape.of(2, 0, 3));
        assertEquals(Shape.of(0), middle.max(0, 2).shape());
        assertEquals(Shape.of(1, 0, 1), middle.min(true, 0, -1).shape());
    }

    @Test
    void theNormsAndNanFormsWithoutAnIdentityRefuseToo() {
        // torch.linalg.vector_norm(torch.empty(0), float('inf')): "cannot compute the inf norm on an empty tensor"
        rejects(IllegalArgumentException.class, () -> columnsNone.normMax(false, 1), "normMax: the reduced axes must"
                + " not be empty", "got axis 1 of x : f64[3, 0]");
        rejects(IllegalArgumentException.class, () -> columnsNone.normP(INF, true), "normP: the reduced axes must"
                + " not be empty", "got axis 1 of x : f64[3, 0]");
        assertEquals(Shape.of(0), rowsNone.normMax(false, 1).shape());
    }

    @Test
    void theReductionsWithAnIdentityKeepItOverAnEmptyAxis() {
        Tensor none = Tensor.zeros(Shape.of(3, 0));
        Node x = columnsNone;
        // np.empty((3, 0)).sum(axis=1), .prod(axis=1), .mean(axis=1): [0, 0, 0], [1, 1, 1], [nan, nan, nan];
        // torch.logsumexp(torch.empty(3, 0), 1): [-inf, -inf, -inf]; torch.linalg.vector_norm(torch.empty(0), 2) 0
        assertArrayEquals(new double[] {0, 0, 0}, eval(x, none, x.sum(1)), 0.0);
        assertArrayEquals(new double[] {1, 1, 1}, eval(x, none, x.prod(1)), 0.0);
        assertArrayEquals(new double[] {NAN, NAN, NAN}, eval(x, none, x.mean(1)), 0.0);
        assertArrayEquals(new double[] {-INF, -INF, -INF}, eval(x, none, x.logSumExp(1)), 0.0);
        assertArrayEquals(new double[] {0, 0, 0}, eval(x, none, x.normL2(false, 1)), 0.0);
        assertArrayEquals(new double[] {0, 0, 0}, eval(x, none, x.normP(3, false, 1)), 0.0);
        // torch.softmax(torch.empty(3, 0), 1) is empty of shape (3, 0); so are the gradients below
        assertEquals(Shape.of(3, 0), Function.of(List.of(x), List.of(x.softmax(1))).call(none).get(0).shape());
        for (Node y : List.of(x.logSumExp(1).sum(), x.logSoftmax(1).sum(), x.logcumsumexp(1).sum(),
                x.normL2(false, 1).sum())) {
            Node g = Autodiff.grad(y, x);
            assertEquals(Shape.of(3, 0), Function.of(List.of(x), List.of(g)).call(none).get(0).shape(), y.toString());
        }
        // the compiler's x - logSumExp(x) -> logSoftmax(x) rewrite shifts by the maximum of an empty axis too
        Node logSoftmax = x.sub(x.logSumExp(true, 1));
        assertEquals(Shape.of(3, 0), Function.of(List.of(x), List.of(logSoftmax)).call(none).get(0).shape());
    }

    @Test
    void aBatchOfZeroRowsGivesTheIdentityAtEvaluation() {
        // N is known only at evaluation: zero rows flow through every op (see ReduceOp), so the maximum over N
        // of no rows is the identity -inf (and the minimum +inf), where NumPy would refuse
        Node rows = SourceOp.input("rows", Shape.of(Shape.BATCH, 3));
        Tensor none = Tensor.zeros(Shape.of(0, 3));
        assertArrayEquals(new double[] {-INF, -INF, -INF}, eval(rows, none, rows.max(0)), 0.0);
        assertArrayEquals(new double[] {INF, INF, INF}, eval(rows, none, rows.min(0)), 0.0);
        assertArrayEquals(new double[] {-INF}, eval(rows, none, rows.max(true)), 0.0);
    }
}
