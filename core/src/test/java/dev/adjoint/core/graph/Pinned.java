package dev.adjoint.core.graph;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluation of a graph built over inputs of given values, and of its gradients for a given cotangent: what the
 * tests that pin an op's values and gradients against PyTorch's and NumPy's printed numbers need.
 */
final class Pinned {

    private Pinned() {
    }

    /** A graph of its inputs. */
    interface Graph {
        Node build(List<Node> in);
    }

    /** The value of {@code f} at {@code values}. */
    static Tensor value(Graph f, Tensor... values) {
        List<Node> inputs = inputs(values);
        return Function.of(inputs, List.of(f.build(inputs))).call(values).get(0);
    }

    /** The value of {@code f} at {@code values}, as doubles. */
    static double[] values(Graph f, Tensor... values) {
        return value(f, values).toDoubleArray();
    }

    /**
     * The gradients of {@code Σ f(values) · yBar} with respect to each input (PyTorch's
     * {@code (f(...) * yBar).sum().backward()}), as doubles.
     */
    static List<double[]> gradients(Graph f, Tensor yBar, Tensor... values) {
        List<Node> inputs = inputs(values);
        Node loss = f.build(inputs).mul(SourceOp.constant(yBar)).sum();
        List<Node> grads = Autodiff.grad(loss, inputs.toArray(Node[]::new));
        List<double[]> out = new ArrayList<>();
        for (Tensor t : Function.of(inputs, grads).call(values)) {
            out.add(t.toDoubleArray());
        }
        return out;
    }

    private static List<Node> inputs(Tensor... values) {
        List<Node> inputs = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            inputs.add(SourceOp.input("x" + i, values[i].shape(), values[i].dtype()));
        }
        return inputs;
    }
}
