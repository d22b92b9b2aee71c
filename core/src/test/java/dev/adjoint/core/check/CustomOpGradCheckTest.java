package dev.adjoint.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.Domain;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.kernel.ElementwiseKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.List;

/**
 * How to test a custom op, as the library tests its own: a {@link CustomOp} (the {@code Cube} of
 * {@link CustomOp}'s Javadoc) checked with {@link GradCheck} inside a {@link Property}, over random shapes
 * and values, in float64 and float32, to first and second order. And the checker's own test: a wrong VJP is
 * caught by every mode.
 */
class CustomOpGradCheckTest {

    /** {@code y = x^3}, with {@code xBar = yBar * 3 x^2}: the example of {@link CustomOp}'s Javadoc. */
    record Cube() implements CustomOp {
        @Override
        public String name() {
            return "cube";
        }

        @Override
        public Shape shape(List<Node> in) {
            return in.get(0).shape();
        }

        @Override
        public Tensor forward(List<Tensor> in, Shape out) {
            return ElementwiseKernels.map(in.get(0), x -> x * x * x);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            return List.of(yBar.mul(x.square().mul(3.0)));
        }
    }

    /** The same forward with a VJP that is off by a factor: {@code yBar * 2 x^2}. */
    record WrongCube() implements CustomOp {
        @Override
        public String name() {
            return "wrongCube";
        }

        @Override
        public Shape shape(List<Node> in) {
            return in.get(0).shape();
        }

        @Override
        public Tensor forward(List<Tensor> in, Shape out) {
            return ElementwiseKernels.map(in.get(0), x -> x * x * x);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            return List.of(yBar.mul(x.square().mul(2.0)));
        }
    }

    /** {@code y = x^2} with a VJP off by a factor ({@code yBar * 3 x}): right forward, wrong derivative. */
    record SquareWithWrongVjp() implements CustomOp {
        @Override
        public String name() {
            return "squareWithWrongVjp";
        }

        @Override
        public Shape shape(List<Node> in) {
            return in.get(0).shape();
        }

        @Override
        public Tensor forward(List<Tensor> in, Shape out) {
            return ElementwiseKernels.map(in.get(0), x -> x * x);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            return List.of(yBar.mul(y.inputs().get(0).mul(3.0)));
        }
    }

    /**
     * {@code y = x^3} with a right VJP {@code yBar * 3 x^2} whose {@code x^2} is {@link SquareWithWrongVjp}:
     * first order is right, second order is wrong.
     */
    record CubeWithWrongSecondOrder() implements CustomOp {
        @Override
        public String name() {
            return "cubeWithWrongSecondOrder";
        }

        @Override
        public Shape shape(List<Node> in) {
            return in.get(0).shape();
        }

        @Override
        public Tensor forward(List<Tensor> in, Shape out) {
            return ElementwiseKernels.map(in.get(0), x -> x * x * x);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            return List.of(yBar.mul(Node.apply(new SquareWithWrongVjp(), y.inputs().get(0)).mul(3.0)));
        }
    }

    /** Random tensors of rank 0 to 3 with values in [-3, 3]. */
    static Gen<Tensor> tensors(DType dtype) {
        return Gens.shapes(0, 3, 4).flatMap(s -> Gens.tensors(s, Domain.REAL, dtype));
    }

    @Test
    void cubeVjpMatchesCentralDifference() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Property.forAll(tensors(dtype)).named("cube vjp matches central differences (" + dtype + ")").tries(30)
                    .check(value -> {
                        Node x = SourceOp.input("x", value.shape(), dtype);
                        Node y = Node.apply(new Cube(), x);
                        GradCheck.check(y, List.of(x), Bindings.of(x, value)).assertPassed();
                    });
        }
    }

    @Test
    void cubeSecondOrderMatchesCentralDifference() {
        Property.forAll(tensors(DType.FLOAT64)).named("cube second order matches central differences").tries(30)
                .check(value -> {
                    Node x = SourceOp.input("x", value.shape());
                    Node y = Node.apply(new Cube(), x);
                    Bindings at = Bindings.of(x, value);
                    GradCheck.checkDirection(y, List.of(x), at, Key.of(1)).assertPassed();
                    GradCheck.checkSecondOrder(y, List.of(x), at, Key.of(2)).assertPassed();
                });
    }

    @Test
    void everyModeCatchesAWrongVjp() {
        Node x = SourceOp.input("x", Shape.of(2, 3));
        Node y = Node.apply(new WrongCube(), x);
        Bindings at = Bindings.of(x, Tensor.uniform(Key.of(5), DType.FLOAT64, Shape.of(2, 3), 0.5, 2));
        GradCheckReport perElement = GradCheck.check(y, List.of(x), at);
        assertFalse(perElement.passed(), perElement.toString());
        assertEquals(6, perElement.comparisons());
        assertEquals("x", perElement.worstInput());
        assertThrows(AssertionError.class, perElement::assertPassed);
        assertTrue(perElement.toString().contains("FAILED") && perElement.toString().contains("'x'"));
        assertFalse(GradCheck.checkDirection(y, List.of(x), at, Key.of(1)).passed());
        // The second-order check differentiates the gradient graph and compares with differences of that same
        // graph: it catches a wrong VJP of the VJP, not a wrong first-order VJP.
        Node z = Node.apply(new CubeWithWrongSecondOrder(), x);
        assertTrue(GradCheck.check(z, List.of(x), at).passed(), "first order is right");
        GradCheckReport second = GradCheck.checkSecondOrder(z, List.of(x), at, Key.of(1));
        assertFalse(second.passed(), second.toString());
        assertEquals("second-order", second.mode());
    }

    @Test
    void aWrongVjpFailsThePropertyWithAShrunkCase() {
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.forAll(tensors(DType.FLOAT64))
                .named("wrong cube").check(value -> {
                    Node x = SourceOp.input("x", value.shape());
                    GradCheck.check(Node.apply(new WrongCube(), x), List.of(x), Bindings.of(x, value)).assertPassed();
                }));
        Tensor shrunk = (Tensor) f.shrunk();
        assertEquals(Shape.scalar(), shrunk.shape(), "one element shows the error: " + shrunk);
        assertTrue(f.getMessage().contains("gradcheck per-element: FAILED"), f.getMessage());
    }

    @Test
    void wrtMustBeBoundInputs() {
        Node x = SourceOp.input("x", Shape.of(2));
        Node y = x.exp();
        Bindings at = Bindings.of(x, Tensor.vector(1, 2));
        assertThrows(IllegalArgumentException.class, () -> GradCheck.check(y, List.of(y), at));
        Node unbound = SourceOp.input("u", Shape.of(2));
        assertThrows(IllegalArgumentException.class, () -> GradCheck.check(y, List.of(unbound), at));
    }
}
