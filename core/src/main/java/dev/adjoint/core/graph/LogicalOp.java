package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Elementwise ops with BOOL results, and their factories: the logical operations on bools
 * ({@code logicalAnd, logicalOr, logicalXor, logicalNot}, as NumPy's, but taking BOOL operands only: compare or
 * cast first) and the tests of floating-point classes ({@code isNaN, isInf, isFinite}, which take integers too,
 * always finite). Binary operands are broadcast ({@link Broadcasting}). None has a gradient: the output is
 * BOOL, and every cotangent is zero.
 */
public sealed interface LogicalOp extends ElementwiseOp {

    /** {@code a && b}, broadcasting. */
    static Node logicalAnd(Node a, Node b) {
        return Broadcasting.apply(new And(), a, b);
    }

    /** {@code a || b}, broadcasting. */
    static Node logicalOr(Node a, Node b) {
        return Broadcasting.apply(new Or(), a, b);
    }

    /** {@code a != b} on bools (exclusive or), broadcasting. */
    static Node logicalXor(Node a, Node b) {
        return Broadcasting.apply(new Xor(), a, b);
    }

    /** {@code !x}. */
    static Node logicalNot(Node x) {
        return unary(new Not(), x);
    }

    /** True where x is NaN (never for integers). */
    static Node isNaN(Node x) {
        return unary(new Test(Test.Kind.NAN), x);
    }

    /** True where x is +-infinity (never for integers). */
    static Node isInf(Node x) {
        return unary(new Test(Test.Kind.INFINITE), x);
    }

    /** True where x is neither NaN nor infinite (always for integers). */
    static Node isFinite(Node x) {
        return unary(new Test(Test.Kind.FINITE), x);
    }

    private static Node unary(LogicalOp op, Node x) {
        if (x == null) {
            throw new NullPointerException(op.name() + ": operand is null");
        }
        return Node.apply(op, x);
    }

    /** One input, or two of equal shape (the factories broadcast); the output has their shape. */
    @Override
    default Shape shape(List<Node> inputs) {
        int arity = pointwise().arity();
        if (inputs.size() != arity) {
            throw new IllegalArgumentException(name() + ": takes " + arity + " input(s), got " + inputs.size());
        }
        Shape s = inputs.get(0).shape();
        if (arity == 2 && !s.equals(inputs.get(1).shape())) {
            throw new IllegalArgumentException(name() + ": operands must have equal shapes, got "
                    + Node.describeShapes(inputs) + "; the factories in LogicalOp broadcast");
        }
        return s;
    }

    /** BOOL, after the operands are checked against {@link #accepts} (and share one dtype). */
    @Override
    default DType dtype(List<Node> inputs) {
        Op.commonDtype(name(), inputs);
        for (int i = 0; i < inputs.size(); i++) {
            accepts(i).require(name(), inputs.size() == 1 ? "operand" : "operands", inputs.get(i));
        }
        return DType.BOOL;
    }

    /** BOOL operands, except for the tests. */
    @Override
    default DTypeSet accepts(int i) {
        return DTypeSet.BOOL;
    }

    @Override
    default Tensor forward(List<Tensor> inputs, Shape out) {
        return pointwise().apply(inputs, DType.BOOL);
    }

    /** Zeros for every input: a BOOL result has no derivative. */
    @Override
    default List<Node> vjp(Node y, Node yBar) {
        List<Node> zeros = new ArrayList<>();
        for (Node x : y.inputs()) {
            zeros.add(SourceOp.zerosLike(x));
        }
        return zeros;
    }

    /** {@code a && b}. */
    record And() implements LogicalOp {
        private static final Pointwise F = Pointwise.binary("logicalAnd", (a, b) -> a != 0 && b != 0 ? 1 : 0,
                (a, b) -> a != 0 && b != 0 ? 1 : 0);

        @Override public String name() { return "logicalAnd"; }
        @Override public Pointwise pointwise() { return F; }
    }

    /** {@code a || b}. */
    record Or() implements LogicalOp {
        private static final Pointwise F = Pointwise.binary("logicalOr", (a, b) -> a != 0 || b != 0 ? 1 : 0,
                (a, b) -> a != 0 || b != 0 ? 1 : 0);

        @Override public String name() { return "logicalOr"; }
        @Override public Pointwise pointwise() { return F; }
    }

    /** {@code a xor b}: true where exactly one is true. */
    record Xor() implements LogicalOp {
        private static final Pointwise F = Pointwise.binary("logicalXor", (a, b) -> (a != 0) != (b != 0) ? 1 : 0,
                (a, b) -> (a != 0) != (b != 0) ? 1 : 0);

        @Override public String name() { return "logicalXor"; }
        @Override public Pointwise pointwise() { return F; }
    }

    /** {@code !x}. */
    record Not() implements LogicalOp {
        private static final Pointwise F = Pointwise.unary("logicalNot", x -> x == 0 ? 1 : 0, x -> x == 0 ? 1 : 0);

        @Override public String name() { return "logicalNot"; }
        @Override public Pointwise pointwise() { return F; }
    }

    /**
     * A test of each element's floating-point class: NaN, infinite (either sign), or finite. Integers are
     * never NaN or infinite. Takes numbers (f32, f64, i32, i64).
     *
     * @param kind which test
     */
    record Test(Kind kind) implements LogicalOp {
        /** The tests, each with its function. */
        public enum Kind {
            /** {@code x != x}. */
            NAN(Pointwise.unary("isNaN", x -> Double.isNaN(x) ? 1 : 0, x -> 0)),
            /** {@code |x| = infinity}. */
            INFINITE(Pointwise.unary("isInf", x -> Double.isInfinite(x) ? 1 : 0, x -> 0)),
            /** Neither NaN nor infinite. */
            FINITE(Pointwise.unary("isFinite", x -> Double.isFinite(x) ? 1 : 0, x -> 1));

            private final Pointwise f;

            Kind(Pointwise f) {
                this.f = f;
            }
        }

        /** Validates the parameter. */
        public Test {
            java.util.Objects.requireNonNull(kind, "kind is null");
        }

        @Override public String name() { return kind.f.toString(); }
        @Override public Pointwise pointwise() { return kind.f; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.NUMERIC; }
    }
}
