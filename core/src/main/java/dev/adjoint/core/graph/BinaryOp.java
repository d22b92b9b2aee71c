package dev.adjoint.core.graph;

import dev.adjoint.core.graph.Anomaly.Diagnosis;
import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.kernel.SpecialFunctions;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Elementwise functions of two tensors of <em>equal</em> shape, {@code y_i = f(a_i, b_i)}, and their
 * factories. The records see equal shapes only: the factories apply NumPy broadcasting first
 * ({@link Broadcasting}, explicit {@code broadcastTo} nodes), and the VJP of {@code broadcastTo} sums the
 * cotangent back.
 *
 * <p>Each record gives {@code f} ({@link #pointwise}, its forward, unfused and fused), the VJP, its domain
 * where it is not all reals, and the known causes of its NaNs and infinities.
 *
 * <p>All are primitives. {@code sub} could be {@code a + (-b)} (exactly equal in IEEE arithmetic) and is a
 * primitive only to save a node on hot paths such as {@code x - max(x)}; {@code div} is a primitive because
 * {@code a * (1/b)} rounds twice; {@code fmax}, {@code fmin} and {@code copysign} (PyTorch's NaN-ignoring extrema
 * and sign transfer) because their compositions from comparisons and selections take several passes and would
 * have to reproduce the treatment of NaN and of the sign bit of zeros and NaN.
 */
public sealed interface BinaryOp extends BinaryElementwise {

    /** {@code a + b}. */
    static Node add(Node a, Node b) {
        return Broadcasting.apply(new Add(), a, b);
    }

    /** {@code a - b}. */
    static Node sub(Node a, Node b) {
        return Broadcasting.apply(new Sub(), a, b);
    }

    /** {@code a * b}. */
    static Node mul(Node a, Node b) {
        return Broadcasting.apply(new Mul(), a, b);
    }

    /** {@code a / b}. */
    static Node div(Node a, Node b) {
        return Broadcasting.apply(new Div(), a, b);
    }

    /** {@code a ^ b} with a tensor exponent (domain {@code a > 0}); a constant exponent is {@link UnaryOp#pow}. */
    static Node pow(Node a, Node b) {
        return Broadcasting.apply(new Pow(), a, b);
    }

    /** {@code max(a, b)}. */
    static Node maximum(Node a, Node b) {
        return Broadcasting.apply(new Maximum(), a, b);
    }

    /** {@code min(a, b)}. */
    static Node minimum(Node a, Node b) {
        return Broadcasting.apply(new Minimum(), a, b);
    }

    /** {@code max(a, b)} ignoring NaN, as {@code torch.fmax}: the other operand where one is NaN. */
    static Node fmax(Node a, Node b) {
        return Broadcasting.apply(new Fmax(), a, b);
    }

    /** {@code min(a, b)} ignoring NaN, as {@code torch.fmin}: the other operand where one is NaN. */
    static Node fmin(Node a, Node b) {
        return Broadcasting.apply(new Fmin(), a, b);
    }

    /** {@code |a|} with the sign of b, as {@code torch.copysign}. */
    static Node copysign(Node a, Node b) {
        return Broadcasting.apply(new Copysign(), a, b);
    }

    /** The truth of the comparison per element, a BOOL tensor (no gradient). */
    static Node compare(Compare.Kind kind, Node a, Node b) {
        return Broadcasting.apply(new Compare(kind), a, b);
    }

    /** {@code [a > b]}. */
    static Node greater(Node a, Node b) {
        return compare(Compare.Kind.GREATER, a, b);
    }

    /** {@code [a >= b]}. */
    static Node greaterEqual(Node a, Node b) {
        return compare(Compare.Kind.GREATER_EQUAL, a, b);
    }

    /** {@code [a < b]}. */
    static Node less(Node a, Node b) {
        return compare(Compare.Kind.LESS, a, b);
    }

    /** {@code [a <= b]}. */
    static Node lessEqual(Node a, Node b) {
        return compare(Compare.Kind.LESS_EQUAL, a, b);
    }

    /** {@code [a == b]}. */
    static Node equal(Node a, Node b) {
        return compare(Compare.Kind.EQUAL, a, b);
    }

    /** {@code [a != b]}. */
    static Node notEqual(Node a, Node b) {
        return compare(Compare.Kind.NOT_EQUAL, a, b);
    }

    /** {@code y = a + b}; {@code aBar = yBar}, {@code bBar = yBar}. */
    record Add() implements BinaryOp {
        @Override public String name() { return "add"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.NUMERIC; }
        @Override public Notation notation(List<Node> in) { return Notation.PLUS; }
        @Override public Pointwise pointwise() { return Pointwise.Exact.ADD; }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) { return List.of(yBar, yBar); }
    }

    /** {@code y = a - b}; {@code aBar = yBar}, {@code bBar = -yBar}. */
    record Sub() implements BinaryOp {
        @Override public String name() { return "sub"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.NUMERIC; }
        @Override public Notation notation(List<Node> in) { return Notation.MINUS; }
        @Override public Pointwise pointwise() { return Pointwise.Exact.SUB; }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) { return List.of(yBar, yBar.neg()); }
    }

    /** {@code y = a * b}; {@code aBar = yBar * b}, {@code bBar = yBar * a}. */
    record Mul() implements BinaryOp {
        @Override public String name() { return "mul"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.NUMERIC; }
        @Override public Notation notation(List<Node> in) { return Notation.product(in); }
        @Override public Pointwise pointwise() { return Pointwise.Exact.MUL; }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            return List.of(yBar.mul(b), yBar.mul(a));
        }
    }

    /**
     * {@code y = a / b}, domain {@code b != 0}; {@code aBar = yBar / b}, {@code bBar = -yBar * y / b}. Infinite
     * or NaN where {@code b = 0}, as in the mean over an empty axis ({@code 0 / 0}).
     *
     * <p>A known limit: {@code bBar} is computed as {@code -(aBar * y)}, reusing the dividend's cotangent, so where
     * {@code yBar / b} overflows (a subnormal divisor, or {@code |yBar| > |b| * MAX}) it is {@code -(inf * 0) = NaN}
     * at {@code a = 0} and {@code ±inf} for a tiny nonzero {@code a} (at {@code a = 1e-320, b = 1e-309}: {@code -inf}
     * for {@code -1e298}), where PyTorch's {@code -yBar ((a / b) / b)} gives {@code -0} and the finite value. Both
     * orders round ordinary cases differently, and a guard choosing between them costs every division's gradient
     * (tried and reverted: 7586f4e, c6689ca).
     */
    record Div() implements BinaryOp {
        @Override public String name() { return "div"; }

        @Override public DType dtype(List<Node> inputs) {
            DType dtype = Op.commonDtype(name(), inputs);
            if (!dtype.isFloating()) {
                throw new IllegalArgumentException("div: operands must be floating-point (f32 or f64), got "
                        + Node.describe(inputs) + "; for integer division use floorDiv (NumPy's //), or cast");
            }
            return dtype;
        }
        @Override public Notation notation(List<Node> in) { return Notation.QUOTIENT; }
        @Override public Pointwise pointwise() { return Pointwise.Exact.DIV; }
        @Override public Domain domain(int i) { return i == 1 ? Domain.NONZERO : Domain.REAL; }

        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            Node aBar = yBar.div(b);
            return List.of(aBar, aBar.mul(y).neg());
        }

        @Override public Optional<Diagnosis> diagnose(Anomaly a) {
            long zeros = a.count(1, v -> v == 0);
            if (zeros == 0) {
                return Optional.empty();
            }
            Node divisor = a.node().inputs().get(1);
            while (divisor.op() instanceof MovementOp.BroadcastTo) {
                divisor = divisor.inputs().get(0);
            }
            String cause = "division by zero: the divisor " + a.input(1) + " holds " + zeros + " zero(s)";
            String hint = "keep the divisor away from 0: a / (b + eps), or a / where(b == 0, 1, b) (a where"
                    + " after the division still computes a / 0)";
            if (divisor.op() instanceof ReduceOp.Count) {
                return Anomaly.found(cause + "; it counts the elements of an empty axis, and the mean of nothing"
                        + " is 0 / 0 = NaN", "do not take a mean over an empty axis (a batch of 0 rows)");
            }
            if (divisor.op() instanceof SourceOp.Constant c && c.value().size() == 1 && c.value().flat(0) == 0) {
                hint += "; if this is a mean, its axis is empty and the mean of nothing is 0 / 0 = NaN";
            }
            return Anomaly.found(cause, hint);
        }
    }

    /**
     * {@code y = a^b}, domain {@code a > 0}; {@code aBar = yBar * b * a^(b-1)}, {@code bBar = yBar * y * ln a}.
     * NaN for a negative base and a non-integer exponent, infinite for 0 and a negative one; the exponent's
     * gradient needs {@code ln a}, undefined for {@code a < 0}. Special values follow IEEE 754, as NumPy and
     * PyTorch do ({@link SpecialFunctions#pow}): {@code 1^b = 1} for every b, NaN and ±inf included, and
     * {@code (-1)^±inf = 1}.
     *
     * <p>At the base {@code a = 0} the formulas meet {@code 0 * inf} where the derivative is finite, so both
     * are written to give its value there, as PyTorch does: {@code aBar = 0} where {@code b = 0} ({@code a^0 = 1}
     * is constant; the formula's {@code 0 * 0^-1} is NaN), computed as {@code b * a^(b' - 1)} with {@code b' = 1}
     * where {@code b = 0}; {@code bBar = 0} where {@code a = 0} and {@code b >= 0} ({@code 0^b} is 0, or 1 at
     * {@code b = 0}, and the formula's {@code 0 * ln 0} is NaN, {@code 1 * ln 0} is {@code -inf}), and
     * {@code y * ln 0 = y * (-inf)} where {@code a = 0} and {@code b < 0}: {@code -inf}, except {@code +inf} at
     * {@code a = -0.0} with an odd integer b, where {@code y = -inf} (PyTorch 1.13's values); NaN where b is NaN.
     * The logarithm reads {@code where(a = 0, 1, a)}, so the gradient's own gradient is finite there too.
     */
    record Pow() implements BinaryOp {
        private static final Pointwise F = Pointwise.binary("pow", SpecialFunctions::pow);

        @Override public String name() { return "pow"; }
        @Override public Notation notation(List<Node> in) { return Notation.EXPONENTIATION; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return i == 0 ? Domain.POSITIVE : Domain.REAL; }

        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            Node zero = SourceOp.scalar(0, a.dtype());
            Node one = SourceOp.scalar(1, a.dtype());
            Node safeExponent = b.equal(zero).where(one, b);
            Node aBar = yBar.mul(b).mul(a.pow(safeExponent.sub(1.0)));
            Node baseIsZero = a.equal(zero);
            // y ln a at a = ±0, b < 0: y (-inf), so +inf where y = -inf ((-0.0)^b for an odd integer b)
            Node minusInfTimesY = y.less(zero).where(SourceOp.scalar(Double.POSITIVE_INFINITY, a.dtype()),
                    SourceOp.scalar(Double.NEGATIVE_INFINITY, a.dtype()));
            // +0 where b >= 0, as 0^b is 0 or 1; NaN where b is NaN (y = 0^NaN = NaN): b itself where b != b
            Node atZeroBase = b.less(zero).where(minusInfTimesY, b.equal(b).where(zero, b));
            Node dyDb = baseIsZero.where(atZeroBase, y.mul(baseIsZero.where(one, a).log()));
            return List.of(aBar, yBar.mul(dyDb));
        }

        @Override public Optional<Diagnosis> diagnose(Anomaly a) {
            return a.power(a.count(1, v -> v != Math.rint(v)) == 0, a.count(1, v -> v < 0) > 0);
        }

        @Override public Optional<Diagnosis> diagnosePullback(Node forward, Anomaly a) {
            long bases = a.node().op() instanceof UnaryOp.Log ? a.count(0, v -> v < 0) : 0;
            return bases == 0 ? Optional.empty() : Anomaly.found("the gradient of a^b with respect to the exponent"
                    + " b needs ln a, undefined for a < 0: the pullback of " + a.ref(forward) + " meets " + bases
                    + " negative base(s)", "for a constant exponent use pow(x, p) with a double, which has no exponent"
                    + " gradient; otherwise keep the base positive");
        }
    }

    /**
     * {@code y = max(a, b)}; the cotangent goes to the larger operand, split evenly on ties:
     * {@code aBar = yBar * ([a > b] + [a = b] / 2)}, and symmetrically for b. Where an operand is NaN both
     * comparisons are false, so neither operand gets any of it (as JAX; PyTorch 1.13 gives the whole cotangent to
     * both). {@code max(-0, +0) = +0} ({@link Math#max}'s order, -0 below +0).
     */
    record Maximum() implements BinaryOp {
        @Override public String name() { return "maximum"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.NUMERIC; }
        @Override public Notation notation(List<Node> in) { return Notation.call("max"); }
        @Override public Pointwise pointwise() { return Pointwise.Exact.MAXIMUM; }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            return splitByComparison(a, b, yBar);
        }
    }

    /**
     * {@code y = min(a, b)}; the cotangent goes to the smaller operand, split evenly on ties; none to either where an
     * operand is NaN, as for {@link Maximum}. {@code min(-0, +0) = -0}.
     */
    record Minimum() implements BinaryOp {
        @Override public String name() { return "minimum"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.NUMERIC; }
        @Override public Notation notation(List<Node> in) { return Notation.call("min"); }
        @Override public Pointwise pointwise() { return Pointwise.Exact.MINIMUM; }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            return splitByComparison(b, a, yBar);
        }
    }

    /**
     * {@code y = fmax(a, b)}, as {@code torch.fmax} (C's {@code fmax}): b where a is NaN, a where b is NaN (NaN
     * only where both are), else the larger, and a on a tie ({@code fmax(-0.0, 0.0) = -0.0}, {@code fmax(0.0,
     * -0.0) = 0.0}, PyTorch's values; {@link #maximum} orders -0 below +0 and propagates NaN). Integers too.
     * {@code aBar = yBar} where {@code a >= b} or b is NaN, else 0; {@code bBar = yBar - aBar}, the rest: the
     * whole cotangent goes to the operand returned, a on ties (PyTorch's rule; {@code maximum} splits ties).
     */
    record Fmax() implements BinaryOp {
        private static final Pointwise F = Pointwise.binary("fmax",
                (a, b) -> Double.isNaN(a) ? b : Double.isNaN(b) || a >= b ? a : b, Math::max);

        @Override public String name() { return "fmax"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.NUMERIC; }
        @Override public Pointwise pointwise() { return F; }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            return toChosen(a.greaterEqual(b).logicalOr(b.isNaN()), yBar);
        }
    }

    /**
     * {@code y = fmin(a, b)}, as {@code torch.fmin}: b where a is NaN, a where b is NaN, else the smaller, and a
     * on a tie ({@code fmin(0.0, -0.0) = 0.0}, as PyTorch). Integers too. {@code aBar = yBar} where
     * {@code a <= b} or b is NaN, else 0; {@code bBar} the rest.
     */
    record Fmin() implements BinaryOp {
        private static final Pointwise F = Pointwise.binary("fmin",
                (a, b) -> Double.isNaN(a) ? b : Double.isNaN(b) || a <= b ? a : b, Math::min);

        @Override public String name() { return "fmin"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.NUMERIC; }
        @Override public Pointwise pointwise() { return F; }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            return toChosen(a.lessEqual(b).logicalOr(b.isNaN()), yBar);
        }
    }

    /** The whole cotangent to a where {@code aChosen}, else to b. */
    private static List<Node> toChosen(Node aChosen, Node yBar) {
        Node zero = SourceOp.zerosLike(yBar);
        return List.of(aChosen.where(yBar, zero), aChosen.where(zero, yBar));
    }

    /**
     * {@code y = copysign(a, b)}: {@code |a|} with the sign bit of b, as {@code torch.copysign} (C's
     * {@code copysign}, {@link Math#copySign}): the sign of a zero and of a NaN in b count
     * ({@code copysign(1, -0.0) = -1}, {@code copysign(1, -NaN) = -1}), and NaN in a stays NaN.
     * {@code aBar = yBar y / a}, the sign flip, as PyTorch computes it: 0 where {@code a = 0} (PyTorch's choice at
     * the kink) and NaN where a is infinite or NaN ({@code inf / inf}, as PyTorch); {@code bBar = 0}, since y is
     * piecewise constant in b. Domain for the tests: both away from 0 (the kink in a, the jump in b).
     */
    record Copysign() implements BinaryOp {
        private static final Pointwise F = Pointwise.binary("copysign", Math::copySign);

        @Override public String name() { return "copysign"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.AWAY_FROM_ZERO; }
        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            Node zero = SourceOp.scalar(0, a.dtype());
            return List.of(yBar.mul(a.equal(zero).where(zero, y.div(a))), SourceOp.zerosLike(b));
        }
    }

    /** Cotangents of {@code max(winner, loser)} shaped like the pair (winner, loser). */
    private static List<Node> splitByComparison(Node winner, Node loser, Node yBar) {
        DType dtype = winner.dtype();
        Node tie = winner.equal(loser).cast(dtype).mul(0.5);
        Node wins = winner.greater(loser).cast(dtype).add(tie);
        Node loses = winner.less(loser).cast(dtype).add(tie);
        return List.of(yBar.mul(wins), yBar.mul(loses));
    }

    /**
     * A comparison of two operands of one dtype (any: floats, integers compared exactly, bools as 1 and 0),
     * giving a BOOL tensor, true where it holds. NaN compares false except under {@code notEqual}, as in IEEE.
     * Piecewise constant, so both cotangents are zero.
     *
     * @param kind which comparison
     */
    record Compare(Kind kind) implements BinaryOp {
        /** The comparisons, each with its function. */
        public enum Kind {
            /** {@code a > b}. */ GREATER(Pointwise.Exact.GREATER),
            /** {@code a >= b}. */
            GREATER_EQUAL(Pointwise.binary("greater_equal", (a, b) -> a >= b ? 1 : 0, (a, b) -> a >= b ? 1 : 0)),
            /** {@code a < b}. */ LESS(Pointwise.binary("less", (a, b) -> a < b ? 1 : 0, (a, b) -> a < b ? 1 : 0)),
            /** {@code a <= b}. */
            LESS_EQUAL(Pointwise.binary("less_equal", (a, b) -> a <= b ? 1 : 0, (a, b) -> a <= b ? 1 : 0)),
            /** {@code a == b}. */
            EQUAL(Pointwise.binary("equal", (a, b) -> a == b ? 1 : 0, (a, b) -> a == b ? 1 : 0)),
            /** {@code a != b}. */
            NOT_EQUAL(Pointwise.binary("not_equal", (a, b) -> a != b ? 1 : 0, (a, b) -> a != b ? 1 : 0));

            private final Pointwise f;

            Kind(Pointwise f) {
                this.f = f;
            }
        }

        /** Validates the parameter. */
        public Compare {
            Objects.requireNonNull(kind, "kind is null");
        }

        @Override public String name() { return kind.name().toLowerCase(Locale.ROOT); }
        @Override public Notation notation(List<Node> in) { return Notation.comparison(kind); }

        @Override public Pointwise pointwise() { return kind.f; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.ANY; }

        @Override public DType dtype(List<Node> inputs) { Op.commonDtype(name(), inputs); return DType.BOOL; }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) { return kind.f.apply(inputs, DType.BOOL); }

        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            return List.of(SourceOp.zerosLike(a), SourceOp.zerosLike(b));
        }
    }
}
