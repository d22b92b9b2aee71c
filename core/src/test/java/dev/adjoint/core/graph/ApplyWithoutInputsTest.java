package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code Node.apply(op, inputs...)} is static, so {@code x.apply(op)} compiles and applies the op to no inputs. A
 * type rule that then fails in its own way (an index out of bounds) is reported as the slip it is.
 */
class ApplyWithoutInputsTest {

    /** CustomOp's documented example, whose shape rule reads its first input without checking the arity. */
    record Cube() implements CustomOp {
        @Override public String name() { return "cube"; }
        @Override public Shape shape(List<Node> in) { return in.get(0).shape(); }
        @Override public Tensor forward(List<Tensor> in, Shape out) { return in.get(0); }
        @Override public List<Node> vjp(Node y, Node yBar) { return List.of(yBar); }
    }

    /** A custom source: no inputs, a fixed shape. */
    record Ones() implements CustomOp {
        @Override public String name() { return "ones"; }
        @Override public Shape shape(List<Node> in) { return Shape.of(2); }
        @Override public dev.adjoint.core.tensor.DType dtype(List<Node> in) {
            return dev.adjoint.core.tensor.DType.FLOAT64;
        }
        @Override public Tensor forward(List<Tensor> in, Shape out) { return Tensor.vector(1, 1); }
        @Override public List<Node> vjp(Node y, Node yBar) { return List.of(); }
    }

    @Test
    @SuppressWarnings("static") // the slip under test
    void anOpAppliedToNoInputsThroughAnInstanceIsNamedWithTheStaticForm() {
        Node x = SourceOp.input("x", Shape.of(3));
        IllegalArgumentException e = rejects(IllegalArgumentException.class, () -> x.apply(new Cube()),
                "cube: got 0 inputs", "ArrayIndexOutOfBoundsException", "Node.apply(op, x)");
        assertInstanceOf(IndexOutOfBoundsException.class, e.getCause());
        rejects(IllegalArgumentException.class, () -> x.apply(new UnaryOp.Exp()), "exp: got 0 inputs",
                "Node.apply(op, x)");
    }

    @Test
    void opsWithInputsAndSourcesAreUnchanged() {
        Node x = SourceOp.input("x", Shape.of(3));
        Node y = Node.apply(new Cube(), x);
        assertEquals(List.of(x), y.inputs());
        assertEquals(Shape.of(3), y.shape());
        assertEquals(Shape.of(2), Node.apply(new Ones()).shape());
        // with inputs, a failing rule's own exception passes through untouched
        RuntimeException own = new IllegalStateException("mine");
        CustomOp failing = new CustomOp() {
            @Override public String name() { return "failing"; }
            @Override public Shape shape(List<Node> in) { throw own; }
            @Override public Tensor forward(List<Tensor> in, Shape out) { return null; }
            @Override public List<Node> vjp(Node y, Node yBar) { return List.of(); }
        };
        assertSame(own, assertThrows(IllegalStateException.class, () -> Node.apply(failing, x)));
    }
}
