package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Objects;

/**
 * Factories for the sources of a graph: inputs, constants and fills.
 *
 * <pre>{@code
 * Node x = Nodes.input("x", Shape.of(Shape.BATCH, 3));   // f64[N, 3], bound at evaluation
 * Node w = Nodes.input("w", Shape.of(3, 2));
 * Node b = Nodes.constant(Tensor.vector(0.5, -0.5));
 * Node f = x.matmul(w).add(b).tanh();
 * }</pre>
 *
 * <p>Graphs are DAGs: using one node twice shares it. Structural equality is never used implicitly
 * (two separately built {@code x + 1} nodes are different nodes).
 */
public final class Nodes {

    private Nodes() {
    }

    /** A named float64 input. */
    public static Node input(String name, Shape shape) {
        return input(name, shape, DType.FLOAT64);
    }

    /** A named input of the given shape (which may contain {@link Shape#BATCH}) and dtype. */
    public static Node input(String name, Shape shape, DType dtype) {
        Objects.requireNonNull(name, "input: name is null");
        Objects.requireNonNull(shape, "input: shape is null");
        Objects.requireNonNull(dtype, "input: dtype is null");
        return Node.apply(new SourceOp.Input(name, shape, dtype));
    }

    /** A constant tensor (tensors are immutable, so it is not copied). */
    public static Node constant(Tensor value) {
        Objects.requireNonNull(value, "constant: value is null");
        return Node.apply(new SourceOp.Constant(value));
    }

    /** A rank-0 constant. */
    public static Node scalar(double value, DType dtype) {
        return constant(Tensor.scalar(dtype, value));
    }

    /** A rank-0 float64 constant. */
    public static Node scalar(double value) {
        return scalar(value, DType.FLOAT64);
    }

    /** A tensor of {@code value}s; the shape may contain {@code N}. */
    public static Node fill(Shape shape, DType dtype, double value) {
        Objects.requireNonNull(shape, "fill: shape is null");
        Objects.requireNonNull(dtype, "fill: dtype is null");
        return Node.apply(new SourceOp.Fill(shape, dtype, value));
    }

    /** The typed zero of {@code like}'s shape and dtype. */
    public static Node zerosLike(Node like) {
        Objects.requireNonNull(like, "like is null");
        return fill(like.shape(), like.dtype(), 0.0);
    }

    /** Ones of {@code like}'s shape and dtype. */
    public static Node onesLike(Node like) {
        Objects.requireNonNull(like, "like is null");
        return fill(like.shape(), like.dtype(), 1.0);
    }

    /** True when {@code node} is a typed zero ({@code fill} with value +0.0). */
    public static boolean isZero(Node node) {
        return node.op() instanceof SourceOp.Fill fill && fill.isZero();
    }

    /** The input's name when {@code node} is an input. */
    public static String inputName(Node node) {
        if (node.op() instanceof SourceOp.Input input) {
            return input.label();
        }
        throw new IllegalArgumentException("inputName: node must be an input, got " + node);
    }

    /** True when {@code node} is an input placeholder. */
    public static boolean isInput(Node node) {
        return node.op() instanceof SourceOp.Input;
    }
}
