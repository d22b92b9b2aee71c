package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A custom op that breaks its contract (a null shape, dtype, result or VJP) is named in a specific
 * exception where the broken rule is used, never a node of type {@code f64null} or a bare
 * NullPointerException from deep inside; ops with a numeric parameter reject NaN and infinities.
 */
class BrokenOpsTest {

    /** The identity, with one rule returning null as chosen. */
    record Broken(String rule) implements CustomOp {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public Shape shape(List<Node> in) {
            return rule.equals("shape") ? null : in.get(0).shape();
        }

        @Override
        public DType dtype(List<Node> in) {
            return rule.equals("dtype") ? null : in.get(0).dtype();
        }

        @Override
        public Tensor forward(List<Tensor> in, Shape out) {
            return rule.equals("forward") ? null : in.get(0);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            return rule.equals("vjp") ? null : List.of(yBar);
        }
    }

    private static void rejects(Class<? extends Throwable> type, Executable call, String message) {
        Throwable e = assertThrows(type, call);
        assertEquals(type, e.getClass(), e.getMessage());
        assertTrue(e.getMessage().contains(message), "expected <" + message + "> in <" + e.getMessage() + ">");
    }

    @Test
    void nullRulesOfACustomOpAreNamedWhereTheyAreUsed() {
        Node x = SourceOp.input("x", Shape.of(3));
        rejects(IllegalStateException.class, () -> Node.apply(new Broken("shape"), x),
                "broken: the shape rule must return the output's shape, got null");
        rejects(IllegalStateException.class, () -> Node.apply(new Broken("dtype"), x),
                "broken: the dtype rule must return the output's dtype, got null");
        Node forward = Node.apply(new Broken("forward"), x);
        rejects(IllegalStateException.class, () -> Function.of(List.of(x), List.of(forward))
                .call(Tensor.vector(1, 2, 3)), "broken: forward must return f64[3], got null");
        Node vjp = Node.apply(new Broken("vjp"), x).sum();
        rejects(IllegalStateException.class, () -> Autodiff.grad(vjp, x),
                "broken: vjp must return one cotangent per input, got null for 1 inputs");
    }

    @Test
    void numericParametersOfOpsMustBeFinite() {
        Node x = SourceOp.input("x", Shape.of(3));
        rejects(IllegalArgumentException.class, () -> UnaryOp.leakyRelu(x, Double.NaN),
                "leakyRelu: alpha must be finite, got NaN");
        rejects(IllegalArgumentException.class, () -> UnaryOp.elu(x, Double.POSITIVE_INFINITY),
                "elu: alpha must be finite, got Infinity");
        rejects(IllegalArgumentException.class, () -> x.pow(Double.NEGATIVE_INFINITY),
                "pow: the exponent must be finite, got -Infinity");
    }
}
