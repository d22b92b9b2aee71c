package dev.adjoint.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/** Evaluating a loss on concrete tensors: the value, and the value with the gradient by yPred. */
final class LossFixture {

    private LossFixture() {
    }

    static Tensor tensor(DType dtype, int rows, int cols, double... data) {
        return Tensor.of(dtype, Shape.of(rows, cols), data);
    }

    /** The loss of the two tensors, fed through inputs of their shapes and dtypes. */
    static double value(Loss loss, Tensor yTrue, Tensor yPred) {
        return valueAndGradient(loss, yTrue, yPred).get(0).item();
    }

    /** [loss, dLoss/dyPred]; checks the loss is a rank-0 node of yPred's dtype. */
    static List<Tensor> valueAndGradient(Loss loss, Tensor yTrue, Tensor yPred) {
        Node t = SourceOp.input("yTrue", yTrue.shape(), yTrue.dtype());
        Node p = SourceOp.input("yPred", yPred.shape(), yPred.dtype());
        Node l = loss.apply(t, p);
        assertEquals(Shape.scalar(), l.shape(), loss + " must be rank 0");
        assertEquals(yPred.dtype(), l.dtype(), loss + " must have yPred's dtype");
        return Evaluator.evaluate(List.of(l, Autodiff.grad(l, p)), Bindings.of(t, yTrue).and(p, yPred));
    }

    static void assertAllFinite(String what, Tensor t) {
        for (double v : t.toDoubleArray()) {
            assertTrue(Double.isFinite(v), what + " is not finite: " + t);
        }
    }
}
