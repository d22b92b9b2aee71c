package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.ElementwiseKernels;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Elementwise functions of two tensors of <em>equal</em> shape, {@code y_i = f(a_i, b_i)}. NumPy
 * broadcasting is not done here: the user-facing factories in {@link Elementwise} insert explicit
 * {@code broadcastTo} nodes first, in one place, and the VJP of {@code broadcastTo} sums the cotangent back.
 *
 * <p>All are primitives. {@code sub} could be {@code a + (-b)} (exactly equal in IEEE arithmetic) and is a
 * primitive only to save a node on hot paths such as {@code x - max(x)}; {@code div} is a primitive because
 * {@code a * (1/b)} rounds twice.
 */
public sealed interface BinaryOp extends Op {

    /** {@code f(a, b)} for one pair of elements. */
    double apply(double a, double b);

    /** The cotangents {@code (aBar, bBar)}, given the inputs, the output and its cotangent. */
    List<Node> pullback(Node a, Node b, Node y, Node yBar);

    @Override
    default Shape shape(List<Node> inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(name() + ": takes two inputs, got " + inputs.size());
        }
        Shape a = inputs.get(0).shape();
        Shape b = inputs.get(1).shape();
        if (!a.equals(b)) {
            throw new IllegalArgumentException(name() + ": operands must have equal shapes, got " + a + " and " + b
                    + "; the factories in Elementwise broadcast");
        }
        return a;
    }

    @Override
    default Tensor forward(List<Tensor> inputs, Shape out) {
        return ElementwiseKernels.zip(inputs.get(0), inputs.get(1), this::apply);
    }

    @Override
    default List<Node> vjp(Node y, Node yBar) {
        return pullback(y.inputs().get(0), y.inputs().get(1), y, yBar);
    }

    /** {@code y = a + b}; {@code aBar = yBar}, {@code bBar = yBar}. */
    record Add() implements BinaryOp {
        @Override public String name() { return "add"; }
        @Override public double apply(double a, double b) { return a + b; }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return ElementwiseKernels.add(inputs.get(0), inputs.get(1));
        }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) { return List.of(yBar, yBar); }
    }

    /** {@code y = a - b}; {@code aBar = yBar}, {@code bBar = -yBar}. */
    record Sub() implements BinaryOp {
        @Override public String name() { return "sub"; }
        @Override public double apply(double a, double b) { return a - b; }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return ElementwiseKernels.sub(inputs.get(0), inputs.get(1));
        }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            return List.of(yBar, Elementwise.neg(yBar));
        }
    }

    /** {@code y = a * b}; {@code aBar = yBar * b}, {@code bBar = yBar * a}. */
    record Mul() implements BinaryOp {
        @Override public String name() { return "mul"; }
        @Override public double apply(double a, double b) { return a * b; }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return ElementwiseKernels.mul(inputs.get(0), inputs.get(1));
        }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            return List.of(yBar.mul(b), yBar.mul(a));
        }
    }

    /** {@code y = a / b}, domain {@code b != 0}; {@code aBar = yBar / b}, {@code bBar = -yBar * y / b}. */
    record Div() implements BinaryOp {
        @Override public String name() { return "div"; }
        @Override public double apply(double a, double b) { return a / b; }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return ElementwiseKernels.div(inputs.get(0), inputs.get(1));
        }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            Node aBar = yBar.div(b);
            return List.of(aBar, Elementwise.neg(aBar.mul(y)));
        }
    }

    /**
     * {@code y = a^b}, domain {@code a > 0}; {@code aBar = yBar * b * a^(b-1)}, {@code bBar = yBar * y * ln a}.
     */
    record Pow() implements BinaryOp {
        @Override public String name() { return "pow"; }
        @Override public double apply(double a, double b) { return StrictMath.pow(a, b); }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            Node one = Nodes.scalar(1, b.dtype());
            Node aBar = yBar.mul(b).mul(a.pow(b.sub(one)));
            Node bBar = yBar.mul(y).mul(a.log());
            return List.of(aBar, bBar);
        }
    }

    /**
     * {@code y = max(a, b)}; the cotangent goes to the larger operand, split evenly on ties:
     * {@code aBar = yBar * ([a > b] + [a = b] / 2)}, and symmetrically for b.
     */
    record Maximum() implements BinaryOp {
        @Override public String name() { return "maximum"; }
        @Override public double apply(double a, double b) { return Math.max(a, b); }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return ElementwiseKernels.maximum(inputs.get(0), inputs.get(1));
        }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            return splitByComparison(a, b, yBar);
        }
    }

    /** {@code y = min(a, b)}; the cotangent goes to the smaller operand, split evenly on ties. */
    record Minimum() implements BinaryOp {
        @Override public String name() { return "minimum"; }
        @Override public double apply(double a, double b) { return Math.min(a, b); }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return ElementwiseKernels.minimum(inputs.get(0), inputs.get(1));
        }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            return splitByComparison(b, a, yBar);
        }
    }

    /** Cotangents of {@code max(winner, loser)} shaped like the pair (winner, loser). */
    private static List<Node> splitByComparison(Node winner, Node loser, Node yBar) {
        Node half = Nodes.scalar(0.5, winner.dtype());
        Node tie = Elementwise.compare(Compare.Kind.EQUAL, winner, loser).mul(half);
        Node wins = Elementwise.compare(Compare.Kind.GREATER, winner, loser).add(tie);
        Node loses = Elementwise.compare(Compare.Kind.LESS, winner, loser).add(tie);
        return List.of(yBar.mul(wins), yBar.mul(loses));
    }

    /**
     * A comparison giving 1 where it holds and 0 elsewhere, in the operands' dtype. Piecewise constant, so
     * both cotangents are zero.
     *
     * @param kind which comparison
     */
    record Compare(Kind kind) implements BinaryOp {
        /** The comparisons. */
        public enum Kind {
            /** {@code a > b}. */ GREATER,
            /** {@code a >= b}. */ GREATER_EQUAL,
            /** {@code a < b}. */ LESS,
            /** {@code a <= b}. */ LESS_EQUAL,
            /** {@code a == b}. */ EQUAL,
            /** {@code a != b}. */ NOT_EQUAL
        }

        /** Validates the parameter. */
        public Compare {
            Objects.requireNonNull(kind, "kind is null");
        }

        @Override public String name() { return kind.name().toLowerCase(java.util.Locale.ROOT); }

        @Override public double apply(double a, double b) {
            boolean holds = switch (kind) {
                case GREATER -> a > b;
                case GREATER_EQUAL -> a >= b;
                case LESS -> a < b;
                case LESS_EQUAL -> a <= b;
                case EQUAL -> a == b;
                case NOT_EQUAL -> a != b;
            };
            return holds ? 1.0 : 0.0;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            if (kind == Kind.GREATER) {
                return ElementwiseKernels.greater(inputs.get(0), inputs.get(1));
            }
            return BinaryOp.super.forward(inputs, out);
        }

        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            return List.of(Nodes.zerosLike(a), Nodes.zerosLike(b));
        }
    }
}
