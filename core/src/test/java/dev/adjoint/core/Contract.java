package dev.adjoint.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.GraphPrinter;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.function.Executable;
import java.util.ArrayList;
import java.util.List;

/**
 * The bad-input contract's assertions: a rejected call throws the documented exception TYPE, its message
 * names what was wrong, where, and what was expected against what was got, and nothing valid changed: a
 * witness graph, its printed form and its compiled function give bit-identical results before and after.
 */
public final class Contract {

    /** A small valid graph with a gradient, evaluated once before any bad input is tried. */
    public static final class Witness {
        private final Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
        private final Node w = SourceOp.input("w", Shape.of(3, 2));
        private final Node loss = x.matmul(w).tanh().square().mean();
        private final List<Node> outputs = outputs();
        private final String printed = GraphPrinter.print(outputs);
        private final Function function = Function.of(List.of(x, w), outputs);
        private final Tensor xValue = Tensor.of(Shape.of(2, 3), 0.1, -0.2, 0.3, 0.4, 0.5, -0.6);
        private final Tensor wValue = Tensor.of(Shape.of(3, 2), 1, -1, 0.5, 2, -0.5, 0.25);
        private final double[] xCopy = xValue.toDoubleArray();
        private final List<Tensor> expected = function.call(xValue, wValue);

        private List<Node> outputs() {
            List<Node> out = new ArrayList<>(List.of(loss));
            out.addAll(Autodiff.grad(loss, x, w));
            return out;
        }

        /** The graph's input {@code x : f64[N, 3]}. */
        public Node x() {
            return x;
        }

        /** The graph's input {@code w : f64[3, 2]}. */
        public Node w() {
            return w;
        }

        /** The compiled function of the witness. */
        public Function function() {
            return function;
        }

        /** Asserts that the witness prints and evaluates exactly as before. */
        public void unchanged() {
            assertEquals(printed, GraphPrinter.print(outputs), "the graph prints as before");
            assertTrue(java.util.Arrays.equals(xCopy, xValue.toDoubleArray()), "the bound tensor is unchanged");
            List<Tensor> again = function.call(xValue, wValue);
            for (int i = 0; i < expected.size(); i++) {
                assertTrue(expected.get(i).sameValues(again.get(i)), "output " + i + " is bit-identical");
            }
            assertEquals(Shape.of(Shape.BATCH, 3), x.shape());
        }
    }

    private Contract() {
    }

    /**
     * Asserts that {@code call} throws exactly {@code type} (not a subclass standing in for another) and that
     * its message contains every part.
     */
    public static <T extends Throwable> T rejects(Class<T> type, Executable call, String... parts) {
        T e = assertThrows(type, call);
        assertEquals(type, e.getClass(), "exception type; message: " + e.getMessage());
        String message = String.valueOf(e.getMessage());
        for (String part : parts) {
            assertTrue(message.contains(part), "expected <" + part + "> in the message <" + message + ">");
        }
        return e;
    }
}
