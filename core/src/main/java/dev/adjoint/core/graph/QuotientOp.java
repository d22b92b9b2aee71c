package dev.adjoint.core.graph;

import dev.adjoint.core.graph.Anomaly.Diagnosis;
import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.tensor.DType;
import java.util.List;
import java.util.Optional;

/**
 * Functions of the quotient of two tensors, elementwise, and their factories (NumPy broadcasting, as in
 * {@link BinaryOp}): the angle {@code atan2(y, x)} of the point {@code (x, y)}, which is {@code arctan(y / x)}
 * in the right quadrant, with its polar companion, the radius {@code hypot(a, b)}, and the two remainders of
 * {@code a / b}, which differ in sign:
 * <ul>
 *   <li>{@code remainder(a, b) = a - b floor(a / b)} has the sign of the divisor b, as Python's and NumPy's
 *       {@code %} and {@code torch.remainder} ({@code remainder(-3, 2) = 1}); a zero result is {@code +0} for
 *       a positive divisor and {@code -0} for a negative one, as in NumPy;</li>
 *   <li>{@code fmod(a, b) = a - b trunc(a / b)} has the sign of the dividend a, as C's {@code fmod}, Java's
 *       {@code %}, {@code numpy.fmod} and {@code torch.fmod} ({@code fmod(-3, 2) = -1}).</li>
 * </ul>
 * The quotient that {@code remainder} rounds, {@code floorDivide(a, b) = floor(a / b)} (PyTorch's
 * {@code floor_divide}, Python's {@code //} on floats), is the fourth, piecewise constant.
 * Both remainders are computed exactly (IEEE {@code fmod} is exact) and then, for {@code remainder}, shifted by
 * b once when the signs differ, as NumPy does; both are NaN for {@code b = 0}. Their gradients are those of
 * the formulas, with the floor or trunc piecewise constant: {@code aBar = yBar}, {@code bBar = -yBar floor(a /
 * b)} (or {@code trunc}), as in PyTorch, also at the jumps where {@code a / b} is an integer.
 */
public sealed interface QuotientOp extends BinaryElementwise {

    /** The angle of the point {@code (x, y)}, in [-pi, pi]. */
    static Node atan2(Node y, Node x) {
        return Broadcasting.apply(new Atan2(), y, x);
    }

    /**
     * {@code hypot(a, b) = sqrt(a^2 + b^2)} without overflow or underflow of the squares, as {@code torch.hypot}
     * ({@link StrictMath#hypot}): {@code +inf} if either is infinite, even with a NaN.
     */
    static Node hypot(Node a, Node b) {
        return Broadcasting.apply(new Hypot(), a, b);
    }

    /** {@code a mod b} with the sign of the divisor b. */
    static Node remainder(Node a, Node b) {
        return Broadcasting.apply(new Remainder(), a, b);
    }

    /** {@code a mod b} with the sign of the dividend a. */
    static Node fmod(Node a, Node b) {
        return Broadcasting.apply(new Fmod(), a, b);
    }

    /**
     * {@code floor(a / b)} of floats, rounded from the exact quotient, as {@code torch.floor_divide} (PyTorch
     * 1.13's floor rounding, {@code torch.div(a, b, rounding_mode="floor")}) and Python's {@code a // b}; for
     * integers, {@link IntegerOp#floorDiv}.
     */
    static Node floorDivide(Node a, Node b) {
        return Broadcasting.apply(new FloorDivide(), a, b);
    }

    /** NaN where the divisor is 0. */
    private static Optional<Diagnosis> zeroDivisor(Anomaly a) {
        long zeros = a.count(1, v -> v == 0);
        return zeros == 0 ? Optional.empty() : Anomaly.found(a.node().op().name() + " by 0 is NaN; the divisor "
                + a.input(1) + " holds " + zeros + " zero(s)", "keep the divisor away from 0");
    }

    /**
     * {@code y = atan2(a, b)}, the angle of the point {@code (b, a)}: {@link StrictMath#atan2}, with its signed
     * zeros ({@code atan2(±0, -1) = ±pi}). {@code aBar = yBar b / (a^2 + b^2)}, {@code bBar = -yBar a / (a^2 +
     * b^2)}; at the origin, where atan2 is not even continuous, both are NaN (0/0), as in PyTorch. Domain for the
     * tests: {@code |a| >= 0.2}, away from the origin and from the cut along the negative b axis.
     */
    record Atan2() implements QuotientOp {
        private static final Pointwise F = Pointwise.binary("atan2", StrictMath::atan2);

        @Override public String name() { return "atan2"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return i == 0 ? Domain.NONZERO : Domain.REAL; }

        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            Node r = a.square().add(b.square());
            return List.of(yBar.mul(b).div(r), yBar.mul(a).div(r).neg());
        }

        @Override public Optional<Diagnosis> diagnosePullback(Node forward, Anomaly a) {
            return a.infiniteDerivative(forward, "atan2 at the origin", "a^2 + b^2", "atan2 is not continuous at"
                    + " (0, 0); keep the point away from the origin");
        }
    }

    /**
     * {@code y = hypot(a, b)}, a primitive because {@code sqrt(a^2 + b^2)} overflows from {@code 1.3e154} on;
     * {@code (aBar, bBar) = yBar (a, b) / y}: NaN at the origin, where hypot has no derivative, as PyTorch's.
     */
    record Hypot() implements QuotientOp {
        private static final Pointwise F = Pointwise.binary("hypot", StrictMath::hypot);

        @Override public String name() { return "hypot"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.NONZERO; }

        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            return List.of(yBar.mul(a).div(y), yBar.mul(b).div(y)); // (yBar a) / y: a/y rounded once for yBar = 1
        }
    }

    /**
     * {@code y = a - b floor(a / b)}, the sign of b; {@code aBar = yBar}, {@code bBar = -yBar q}, q the floor of
     * the exact quotient, the integer that y was computed with (NumPy's and PyTorch's {@code a // b}): read back
     * from the value as {@code q = round((a - y) / b)}, not as {@code floor(a / b)}, whose rounded quotient can
     * reach the integer above ({@code 1 / 0.1} rounds to 10, while {@code 1 % 0.1 = 0.1 - 5e-17} is
     * {@code 1 - 9 * 0.1}: the derivative is -9, PyTorch's) or round a tiny negative quotient to -0
     * ({@code 5e-324 // -2 = -1}). For an infinite b and a finite a, q is -1 where a has the other sign, else 0;
     * for {@code b = 0} it is {@code a / 0 = ±inf}, and NaN where y is NaN otherwise (a infinite or NaN), as in
     * PyTorch. Domain: {@code b != 0}, and for the tests
     * {@code a / b} away from integers (the jumps).
     */
    record Remainder() implements QuotientOp {
        private static final Pointwise F = Pointwise.binary("remainder", Remainder::remainder);

        @Override public String name() { return "remainder"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return i == 1 ? Domain.NONZERO : Domain.REAL; }
        @Override public Optional<Diagnosis> diagnose(Anomaly a) { return zeroDivisor(a); }

        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            Node zero = SourceOp.scalar(0, a.dtype());
            Node exact = a.sub(y).div(b).round(); // NaN where y is: a infinite or NaN
            Node quotient = b.equal(zero).where(a.div(b).floor(), exact); // a // 0 = ±inf (0 // 0 = NaN)
            Node acrossInfinity = a.mul(b).less(zero).where(SourceOp.scalar(-1, a.dtype()), zero);
            return List.of(yBar, yBar.mul(b.isInf().logicalAnd(a.isFinite()).where(acrossInfinity, quotient)).neg());
        }

        private static double remainder(double a, double b) {
            double mod = a % b;
            if (mod == 0) {
                return Math.copySign(0.0, b);
            }
            return (b < 0) != (mod < 0) ? mod + b : mod;
        }
    }

    /**
     * {@code y = floor(a / b)}, the floor of the exact quotient (the integer q of {@code remainder(a, b) = a - b
     * q}), computed as PyTorch 1.13 and CPython compute {@code a // b}: {@code mod = fmod(a, b)} (exact),
     * {@code div = (a - mod) / b}, less 1 where mod is nonzero and its sign differs from b's, then rounded to the
     * nearest integer, so {@code 1 // 0.1 = 9} (the rounded {@code 1 / 0.1} is 10) and {@code 5e-324 // -2 = -1}
     * (the rounded quotient is -0). Edge rules, PyTorch's: {@code a / b} where {@code b = 0} ({@code ±inf}, NaN
     * for {@code 0 // 0}); NaN where a is infinite or either is NaN; for an infinite b and a finite a, 0 (signed
     * as {@code a / b}) or -1 where the signs differ; a zero quotient takes the sign of {@code a / b}
     * ({@code -0.0 // 3 = -0.0}, {@code 0.0 // -1 = -0.0}). Float32 is the float64 value rounded once; PyTorch
     * computes in float, which can differ only for quotients beyond 2^24, where the float32 quotient is not exact.
     *
     * <p>Piecewise constant: {@code aBar = bBar = 0}, the gradient of {@code torch.div(a, b,
     * rounding_mode="floor")} (0 even at the jumps); {@code torch.floor_divide} itself has no derivative
     * ("derivative for aten::floor_divide is not implemented"). Floats only, as {@code div}: integers have
     * {@link IntegerOp#floorDiv}.
     */
    record FloorDivide() implements QuotientOp {
        private static final Pointwise F = Pointwise.binary("floorDivide", FloorDivide::floorDivide);

        @Override public String name() { return "floorDivide"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return i == 1 ? Domain.NONZERO : Domain.REAL; }

        @Override public DType dtype(List<Node> inputs) {
            DType dtype = Op.commonDtype(name(), inputs);
            if (!dtype.isFloating()) {
                throw new IllegalArgumentException("floorDivide: operands must be floating-point (f32 or f64), got "
                        + Node.describe(inputs) + "; for integers use floorDiv (NumPy's //), or cast");
            }
            return dtype;
        }

        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            return List.of(SourceOp.zerosLike(a), SourceOp.zerosLike(b));
        }

        @Override public Optional<Diagnosis> diagnose(Anomaly a) {
            long zeros = a.count(1, v -> v == 0);
            return zeros == 0 ? Optional.empty() : Anomaly.found("floorDivide by 0 is ±Infinity (NaN for 0 // 0); the"
                    + " divisor " + a.input(1) + " holds " + zeros + " zero(s)", "keep the divisor away from 0");
        }

        /**
         * {@code floor(a / b)} from the exact remainder {@code r = a - b trunc(a / b)} ({@code a % b}): {@code a - r}
         * is a whole multiple of b, its quotient {@code trunc(a / b)} to rounding; one less where r and b differ in
         * sign, then snapped to the nearest integer, ties down. Subtracting the one after the division (not moving r
         * into b's sign first) and snapping ties down keep the quotients near and beyond 2^52 as Python's {@code //}
         * and PyTorch round them: 200,000 random pairs against CPython's {@code a // b}, bit for bit (rounding ties
         * to even, or moving r first, 12 and 183 of them differed). The edge rules of the Javadoc come first.
         */
        static double floorDivide(double a, double b) {
            if (b == 0 || Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a)) {
                return b == 0 ? a / b : Double.NaN;
            }
            if (Double.isInfinite(b)) { // a finite: the quotient is 0 towards the sign of a / b, -1 across it
                return a != 0 && (a < 0) != (b < 0) ? -1.0 : Math.copySign(0.0, a / b);
            }
            double r = a % b;
            double truncated = (a - r) / b; // an integer to rounding
            double x = r != 0 && (r < 0) != (b < 0) ? truncated - 1 : truncated;
            double below = Math.floor(x);
            double q = x - below > 0.5 ? below + 1 : below; // the nearest integer, ties down (x - below is exact)
            return q == 0 ? Math.copySign(0.0, a / b) : q;
        }
    }

    /**
     * {@code y = a - b trunc(a / b)}, the sign of a, exact; {@code aBar = yBar}, {@code bBar = -yBar trunc(a /
     * b)}. Domain: {@code b != 0}, and for the tests {@code a / b} away from integers (the jumps).
     */
    record Fmod() implements QuotientOp {
        private static final Pointwise F = Pointwise.binary("fmod", (a, b) -> a % b);

        @Override public String name() { return "fmod"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return i == 1 ? Domain.NONZERO : Domain.REAL; }
        @Override public Optional<Diagnosis> diagnose(Anomaly a) { return zeroDivisor(a); }

        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            return List.of(yBar, yBar.mul(a.div(b).trunc()).neg());
        }
    }
}
