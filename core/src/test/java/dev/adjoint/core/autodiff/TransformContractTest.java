package dev.adjoint.core.autodiff;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.Contract;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the transforms ({@code grad}, {@code jvp}, {@code jacobian}, {@code hessian}, {@code hvp}) at
 * the edges: empty tensors go through every one and give empty results of the documented shapes; a Jacobian too
 * large for a tensor is rejected, naming both types, before anything is built; a Jacobian's one-hot seeds are
 * graphs, never dense constants. After each case the witness graph evaluates bit-identically.
 */
class TransformContractTest {

    private final Contract.Witness witness = new Contract.Witness();

    @AfterEach
    void nothingValidChanged() {
        witness.unchanged();
    }

    private static Tensor call(Node input, Node output, Tensor value) {
        return Function.of(List.of(input), List.of(output)).call(value).get(0);
    }

    @Test
    void emptyTensorsGoThroughEveryTransform() {
        Node x = SourceOp.input("x", Shape.of(0, 1, 2));
        Tensor none = Tensor.zeros(Shape.of(0, 1, 2));
        Node y = x.sigmoid();
        Node f = y.square().sum();

        Tensor jacobian = call(x, Autodiff.jacobian(y, x), none);
        assertEquals(Shape.of(0, 1, 2, 0, 1, 2), jacobian.shape(), "jacobian has shape y.shape + x.shape");
        Tensor hessian = call(x, Autodiff.hessian(f, x), none);
        assertEquals(Shape.of(0, 1, 2, 0, 1, 2), hessian.shape(), "hessian has shape x.shape + x.shape");
        assertTrue(call(x, Autodiff.grad(f, x), none).sameValues(none), "grad of an empty x is empty");
        Node xDot = SourceOp.input("xDot", x.shape());
        Tensor jvp = Function.of(List.of(x, xDot), List.of(Autodiff.jvp(y, x, xDot))).call(none, none).get(0);
        assertTrue(jvp.sameValues(none), "jvp of an empty x is empty");
        Tensor hvp = Function.of(List.of(x, xDot), List.of(Autodiff.hvp(f, x, xDot))).call(none, none).get(0);
        assertTrue(hvp.sameValues(none), "hvp of an empty x is empty");
        assertEquals(0.0, call(x, f, none).item(), "the sum of nothing is 0");
    }

    @Test
    void aJacobianOfANonEmptyYWithRespectToAnEmptyXIsEmpty() {
        Node x = SourceOp.input("x", Shape.of(2, 0));
        Node v = SourceOp.input("v", Shape.of(3));
        Node y = v.tanh().add(x.sum());
        Tensor jacobian = Function.of(List.of(x, v), List.of(Autodiff.jacobian(y, x)))
                .call(Tensor.zeros(Shape.of(2, 0)), Tensor.vector(1, 2, 3)).get(0);
        assertEquals(Shape.of(3, 2, 0), jacobian.shape());
    }

    @Test
    void aJacobianTooLargeForATensorIsRejectedBeforeAnythingIsBuilt() {
        Node x = SourceOp.input("x", Shape.of(46341));
        Node y = x.tanh();
        long start = System.nanoTime();
        rejects(IllegalArgumentException.class, () -> Autodiff.jacobian(y, x),
                "jacobian: the Jacobian must have at most 2147483639 elements, got 2147488281",
                "y : f64[46341] and x : f64[46341]", "use vjp or jvp");
        rejects(IllegalArgumentException.class, () -> Autodiff.hessian(x.square().sum(), x),
                "got 2147488281");
        Node batched = SourceOp.input("b", Shape.of(Shape.BATCH, 3));
        rejects(IllegalArgumentException.class, () -> Autodiff.hessian(batched.square().sum(), batched),
                "hessian: x must have a concrete shape", "f64[N, 3]", "use hvp");
        Node v = SourceOp.input("v", Shape.of(3));
        rejects(IllegalArgumentException.class, () -> Autodiff.hessian(v, v),
                "hessian: f must be a scalar (rank 0), got f64[3]");
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "rejected at once, not after building rows");
    }

    @Test
    void aJacobianHoldsNoDenseSeeds() {
        int m = 300;
        Node x = SourceOp.input("x", Shape.of(m));
        Node jacobian = Autodiff.jacobian(dev.adjoint.core.graph.UnaryOp.sin(x), x);
        for (Node node : Graphs.topologicalOrder(jacobian)) {
            if (node.op() instanceof SourceOp.Constant constant) {
                assertTrue(constant.value().size() <= 1, "a constant of " + constant.value().size() + " elements");
            }
        }
        Tensor at = Tensor.uniform(Key.of(3), DType.FLOAT64, Shape.of(m), -2, 2);
        Tensor j = call(x, jacobian, at);
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < m; c++) {
                assertEquals(r == c ? StrictMath.cos(at.flat(r)) : 0.0, j.flat(r * m + c), 0.0,
                        "J[" + r + ", " + c + "]");
            }
        }
    }
}
