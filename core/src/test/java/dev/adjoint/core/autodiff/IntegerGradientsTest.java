package dev.adjoint.core.autodiff;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff.Strictness;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Integer and bool values are not differentiated: no cotangent flows through them, an op's integer inputs get
 * typed zeros of their own dtype, and a derivative with respect to one is an error naming it.
 */
class IntegerGradientsTest {

    private final Node x = SourceOp.input("x", Shape.of(4, 3));
    private final Node idx = SourceOp.input("idx", Shape.of(2), DType.INT64);
    private final Node labels = SourceOp.input("labels", Shape.of(4), DType.INT32);

    @Test
    void askingForADerivativeWithRespectToAnIntegerInputNamesIt() {
        Node loss = x.gather(idx, 0).sum();
        String message = "cannot differentiate with respect to input 'idx' of type i64[2]: integer and bool values"
                + " are not differentiable";
        rejects(IllegalArgumentException.class, () -> Autodiff.grad(loss, idx), "grad: " + message);
        rejects(IllegalArgumentException.class, () -> Autodiff.grad(loss, List.of(x, idx), Strictness.STRICT),
                "grad: " + message);
        rejects(IllegalArgumentException.class, () -> Autodiff.vjp(List.of(loss), List.of(SourceOp.onesLike(loss)),
                List.of(idx), Strictness.ZEROS_FOR_UNUSED), "vjp: " + message);
        rejects(IllegalArgumentException.class, () -> Autodiff.jvp(loss, idx, SourceOp.zerosLike(idx)),
                "jvp: " + message);
        rejects(IllegalArgumentException.class, () -> Autodiff.jacobian(x.gather(idx, 0), idx),
                "jacobian: " + message);
        rejects(IllegalArgumentException.class, () -> Autodiff.hessian(loss, idx), "grad: " + message);
        Node b = SourceOp.input("mask", Shape.of(4, 3), DType.BOOL);
        rejects(IllegalArgumentException.class, () -> Autodiff.grad(b.where(x, x).sum(), b),
                "grad: cannot differentiate with respect to input 'mask' of type bool[4, 3]");
        rejects(IllegalArgumentException.class, () -> Autodiff.grad(x.argmax(1).cast(DType.FLOAT64).sum()
                .cast(DType.INT64), x), "grad: loss must be floating-point (f32 or f64), got i64[]");
    }

    /** gather's index input gets zeros of its own dtype; the values get the scatter of the cotangent. */
    @Test
    void integerInputsOfAnOpGetTypedZeros() {
        Node y = x.gather(idx, 0);
        Node yBar = SourceOp.onesLike(y);
        List<Node> bars = y.op().vjp(y, yBar);
        assertEquals(DType.INT64, bars.get(1).dtype());
        assertTrue(SourceOp.isZero(bars.get(1)), "the index gets a typed zero: " + bars.get(1));
        Node w = SourceOp.input("w", Shape.of(4), DType.FLOAT32);
        Node selected = labels.greater(SourceOp.constant(Tensor.ofInts(Shape.scalar(), 1))).where(w, w.neg());
        List<Node> whereBars = selected.op().vjp(selected, SourceOp.onesLike(selected));
        assertEquals(DType.BOOL, whereBars.get(0).dtype(), "the condition gets a bool zero");
    }

    /**
     * A cast to an integer cuts the derivative (it is piecewise constant), a cast from an integer has none to
     * pass on: x reaches the loss through an integer, so its gradient is zero, and a strict grad says x is
     * unused.
     */
    @Test
    void noDerivativeFlowsThroughIntegerNodes() {
        Node loss = x.mul(3.0).cast(DType.INT64).cast(DType.FLOAT64).sum().add(x.sum());
        Node g = Autodiff.grad(loss, x);
        Tensor value = Function.of(List.of(x), List.of(g)).call(Tensor.uniform(dev.adjoint.core.tensor.Key.of(1),
                DType.FLOAT64, Shape.of(4, 3), -2, 2)).get(0);
        assertTrue(value.sameValues(Tensor.ones(Shape.of(4, 3))), "only the float path counts: " + value);
        Node onlyThroughIntegers = x.cast(DType.INT32).cast(DType.FLOAT64).sum();
        rejects(IllegalArgumentException.class, () -> Autodiff.grad(onlyThroughIntegers, List.of(x),
                Strictness.STRICT), "grad: the output does not depend on input 'x'");
        Node zero = Autodiff.grad(onlyThroughIntegers, x);
        assertTrue(SourceOp.isZero(zero), "zeros for unused: " + zero);
        Node jvp = Autodiff.jvp(x.argmax(1), x, SourceOp.onesLike(x));
        assertEquals(DType.INT64, jvp.dtype());
        assertTrue(SourceOp.isZero(jvp), "the jvp of an integer output is its own typed zero: " + jvp);
    }

    /** The gradient of gather with integer indices equals the one with float indices (the legacy). */
    @Test
    void gatherGradientIsTheSameForIntegerAndFloatIndices() {
        Node floats = SourceOp.input("f", Shape.of(2));
        Node w = SourceOp.input("w", Shape.of(4, 3));
        Tensor wv = Tensor.uniform(dev.adjoint.core.tensor.Key.of(2), DType.FLOAT64, Shape.of(4, 3), -1, 1);
        Tensor a = Function.of(List.of(w, idx), List.of(Autodiff.grad(w.gather(idx, 0).square().sum(), w)))
                .call(wv, Tensor.ofLongs(Shape.of(2), 3, 3)).get(0);
        Tensor b = Function.of(List.of(w, floats), List.of(Autodiff.grad(w.gather(floats, 0).square().sum(), w)))
                .call(wv, Tensor.vector(3, 3)).get(0);
        assertTrue(a.sameValues(b), a + " vs " + b);
        GradCheck.check(w.gather(idx, 0).tanh(), List.of(w), Bindings.of(w, wv).and(idx,
                Tensor.ofLongs(Shape.of(2), 0, 3))).assertPassed();
    }

    @Test
    void gradCheckRefusesIntegerInputsInWrtAndIntegerOutputs() {
        Bindings at = Bindings.of(x, Tensor.zeros(Shape.of(4, 3))).and(idx, Tensor.ofLongs(Shape.of(2), 0, 1));
        rejects(IllegalArgumentException.class, () -> GradCheck.check(x.gather(idx, 0), List.of(x, idx), at),
                "gradcheck: every node in wrt must be floating-point, got input 'idx' of type i64[2]; integer and bool"
                        + " inputs (indices, labels, masks) are not differentiable: bind them, but leave them out of"
                        + " wrt");
        rejects(IllegalArgumentException.class, () -> GradCheck.check(x.argmax(1), List.of(x), at),
                "gradcheck: f must be floating-point, got i64[4]");
    }
}
