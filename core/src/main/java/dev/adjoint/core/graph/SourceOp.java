package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Ops without inputs: where values enter a graph (inputs, constants, fills), and their factories. Their VJP
 * has no inputs to return cotangents for.
 *
 * <pre>{@code
 * Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));   // f64[N, 3], bound at evaluation
 * Node w = SourceOp.input("w", Shape.of(3, 2));
 * Node b = SourceOp.constant(Tensor.vector(0.5, -0.5));
 * Node f = x.matmul(w).add(b).tanh();
 * }</pre>
 *
 * <p>Graphs are DAGs: using one node twice shares it. Structural equality is never used implicitly
 * (two separately built {@code x + 1} nodes are different nodes).
 */
public sealed interface SourceOp extends Op {

    /** A named float64 input. */
    static Node input(String name, Shape shape) {
        return input(name, shape, DType.FLOAT64);
    }

    /** A named input of the given shape (which may contain {@link Shape#BATCH}) and dtype. */
    static Node input(String name, Shape shape, DType dtype) {
        Objects.requireNonNull(name, "input: name is null");
        Objects.requireNonNull(shape, "input: shape is null");
        Objects.requireNonNull(dtype, "input: dtype is null");
        return Node.apply(new Input(name, shape, dtype));
    }

    /** A constant tensor (tensors are immutable, so it is not copied). */
    static Node constant(Tensor value) {
        Objects.requireNonNull(value, "constant: value is null");
        return Node.apply(new Constant(value));
    }

    /**
     * A rank-0 constant, {@code value} rounded to {@code dtype} as a number in an expression is (PyTorch's
     * {@code x * 1e300} for a float32 {@code x}): in FLOAT32 a finite value beyond its range becomes an infinity.
     * An integer or bool dtype must hold {@code value} exactly.
     */
    static Node scalar(double value, DType dtype) {
        Objects.requireNonNull(dtype, "scalar: dtype is null");
        return constant(Tensor.scalar(dtype, dtype.round(value)));
    }

    /** A rank-0 float64 constant. */
    static Node scalar(double value) {
        return scalar(value, DType.FLOAT64);
    }

    /**
     * A tensor of {@code value}s; the shape may contain {@code N}. The value is a number in an expression, so it is
     * rounded to a float dtype as {@code x + value} would round it: 1e39 fills float32 with +inf, as in PyTorch
     * ({@link Tensor#full}, a tensor built from values, refuses it instead).
     */
    static Node fill(Shape shape, DType dtype, double value) {
        Objects.requireNonNull(shape, "fill: shape is null");
        Objects.requireNonNull(dtype, "fill: dtype is null");
        return Node.apply(new Fill(shape, dtype, value));
    }

    /**
     * Checks that {@code dtype} holds {@code value} exactly (any value for a float dtype; an integer in range;
     * 0 or 1 for BOOL), as a constant must.
     *
     * @throws IllegalArgumentException naming {@code op}, the dtype and the value, if it does not
     */
    static void requireHeld(String op, DType dtype, double value) {
        if (dtype.isFloating()) {
            return;
        }
        try {
            Tensor.scalar(dtype, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": the value must be " + (dtype == DType.BOOL ? "0 or 1"
                    : "an integer in the range of " + dtype.shortName()) + " for " + dtype.shortName() + ", got "
                    + value, e);
        }
    }

    /**
     * A rank-0 constant {@code value} of {@code like}'s dtype, the second operand of {@code op} in forms such as
     * {@code x.add(0.5)} and {@code x.clip(lo, hi)}: no promotion, so an integer or bool {@code like} must hold
     * {@code value} exactly.
     *
     * @throws IllegalArgumentException naming {@code op}, {@code like} and the value when its dtype cannot hold it
     */
    static Node scalarFor(String op, double value, Node like) {
        Objects.requireNonNull(like, op + ": operand is null");
        DType dtype = like.dtype();
        try {
            return scalar(value, dtype);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": a constant for " + like.describe() + " must be "
                    + (dtype == DType.BOOL ? "0 or 1" : "an integer in the range of " + dtype.shortName())
                    + ", got " + value + "; cast the operand first, e.g. x.cast(DType.FLOAT64)", e);
        }
    }

    /** The typed zero of {@code like}'s shape and dtype. */
    static Node zerosLike(Node like) {
        Objects.requireNonNull(like, "like is null");
        return fill(like.shape(), like.dtype(), 0.0);
    }

    /** Ones of {@code like}'s shape and dtype. */
    static Node onesLike(Node like) {
        Objects.requireNonNull(like, "like is null");
        return fill(like.shape(), like.dtype(), 1.0);
    }

    /** True when {@code node} is a typed zero ({@code fill} with value +0.0). */
    static boolean isZero(Node node) {
        return node.op() instanceof Fill fill && fill.isZero();
    }

    /** The input's name when {@code node} is an input. */
    static String inputName(Node node) {
        if (node.op() instanceof Input input) {
            return input.label();
        }
        throw new IllegalArgumentException("inputName: node must be an input, got " + node);
    }

    /** True when {@code node} is an input placeholder. */
    static boolean isInput(Node node) {
        return node.op() instanceof Input;
    }

    @Override
    default List<Node> vjp(Node y, Node yBar) {
        return List.of();
    }

    /** Checks that a source op received no inputs. */
    default void requireNoInputs(List<Node> inputs) {
        if (!inputs.isEmpty()) {
            throw new IllegalArgumentException(name() + ": takes no inputs, got " + inputs.size());
        }
    }

    /**
     * A named placeholder, bound to a tensor at evaluation. Its shape may contain the batch dimension
     * {@code N}, bound per call from the tensor given.
     *
     * @param label the input's name, used in bindings and error messages
     * @param shape the expected shape
     * @param dtype the expected dtype
     */
    record Input(String label, Shape shape, DType dtype) implements SourceOp {
        /** Validates the parameters. */
        public Input {
            Objects.requireNonNull(label, "label is null");
            Objects.requireNonNull(shape, "shape is null");
            Objects.requireNonNull(dtype, "dtype is null");
        }

        @Override
        public String name() {
            return "input";
        }

        @Override public Notation notation(List<Node> in) { return new Notation.Name(Notation.Symbol.name(label)); }

        @Override
        public Shape shape(List<Node> inputs) {
            requireNoInputs(inputs);
            return shape;
        }

        @Override
        public DType dtype(List<Node> inputs) {
            return dtype;
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            throw new IllegalStateException("input: '" + label + "' must be bound, not computed");
        }
    }

    /**
     * A fixed tensor. Equality of two {@code Constant} records is identity of their tensors.
     *
     * @param value the tensor
     */
    record Constant(Tensor value) implements SourceOp {
        /** Validates the parameter. */
        public Constant {
            Objects.requireNonNull(value, "value is null");
        }

        @Override
        public String name() {
            return "constant";
        }

        @Override public Notation notation(List<Node> in) { return Notation.constant(value); }

        @Override
        public Shape shape(List<Node> inputs) {
            requireNoInputs(inputs);
            return value.shape();
        }

        @Override
        public DType dtype(List<Node> inputs) {
            return value.dtype();
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return value;
        }
    }

    /**
     * A tensor whose elements all equal {@code value}; its shape may contain {@code N}. {@code Fill} with
     * value 0 is the typed zero of autodiff: adding it is skipped.
     *
     * @param shape the shape
     * @param dtype the dtype
     * @param value the element value
     */
    record Fill(Shape shape, DType dtype, double value) implements SourceOp {
        /** Validates the parameters. */
        public Fill {
            Objects.requireNonNull(shape, "shape is null");
            Objects.requireNonNull(dtype, "dtype is null");
            requireHeld("fill", dtype, value);
        }

        @Override
        public String name() {
            return "fill";
        }

        @Override public Notation notation(List<Node> in) { return Notation.number(value, dtype); }

        @Override
        public Shape shape(List<Node> inputs) {
            requireNoInputs(inputs);
            return shape;
        }

        @Override
        public DType dtype(List<Node> inputs) {
            return dtype;
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return Tensor.full(dtype, out, dtype.round(value)); // as SourceOp.scalar rounds a number
        }

        /** True for the typed zero. */
        public boolean isZero() {
            return value == 0.0 && Double.doubleToRawLongBits(value) == 0L;
        }
    }
}
