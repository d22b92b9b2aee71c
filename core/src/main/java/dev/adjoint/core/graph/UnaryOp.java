package dev.adjoint.core.graph;

import dev.adjoint.core.graph.Anomaly.Diagnosis;
import dev.adjoint.core.kernel.ConstantPowers;
import dev.adjoint.core.kernel.ElementwiseKernels;
import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.kernel.Transcendentals;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Elementwise functions of one tensor, {@code y_i = f(x_i)}, and their factories; the output has the
 * input's shape. Each record gives {@code f} ({@link #pointwise}, its forward, unfused and fused), the VJP
 * {@code xBar = yBar * f'(x)}, written with graph ops, often in terms of the output {@code y} to reuse the
 * forward value, its domain where it is not all reals, and the known causes of its NaNs and infinities.
 *
 * <p>All are primitives: a kernel evaluates {@code f} in one pass. {@code sigmoid}, {@code softplus},
 * {@code log1p} and {@code expm1} are primitives for numerical stability (their compositions overflow or
 * cancel; the other logarithms are {@link UnaryLogarithmOp}'s); {@code relu},
 * {@code leakyRelu} and {@code elu} for speed (one pass instead of a comparison, a select and a product).
 * Compositions (no record of their own): {@code square(x) = x * x},
 * {@code clip(x, lo, hi)}, a clamp by constant bounds.
 */
public sealed interface UnaryOp extends UnaryElementwise {

    /** {@code -x}. */
    static Node neg(Node x) {
        return apply(new Neg(), x);
    }

    /** {@code e^x}. */
    static Node exp(Node x) {
        return apply(new Exp(), x);
    }

    /** {@code ln x}. */
    static Node log(Node x) {
        return apply(new Log(), x);
    }

    /** {@code ln(1 + x)}. */
    static Node log1p(Node x) {
        return apply(new Log1p(), x);
    }

    /** {@code e^x - 1}. */
    static Node expm1(Node x) {
        return apply(new Expm1(), x);
    }

    /** {@code sqrt x}. */
    static Node sqrt(Node x) {
        return apply(new Sqrt(), x);
    }

    /** {@code |x|}. */
    static Node abs(Node x) {
        return apply(new Abs(), x);
    }

    /** {@code sign x}. */
    static Node sign(Node x) {
        return apply(new Sign(), x);
    }

    /** {@code sin x}. */
    static Node sin(Node x) {
        return apply(new Sin(), x);
    }

    /** {@code cos x}. */
    static Node cos(Node x) {
        return apply(new Cos(), x);
    }

    /** {@code tanh x}. */
    static Node tanh(Node x) {
        return apply(new Tanh(), x);
    }

    /** {@code 1 / (1 + e^-x)}. */
    static Node sigmoid(Node x) {
        return apply(new Sigmoid(), x);
    }

    /** {@code max(x, 0)}. */
    static Node relu(Node x) {
        return apply(new Relu(), x);
    }

    /** {@code x > 0 ? x : alpha x}. */
    static Node leakyRelu(Node x, double alpha) {
        return apply(new LeakyRelu(alpha), x);
    }

    /** {@code x > 0 ? x : alpha (e^x - 1)}. */
    static Node elu(Node x, double alpha) {
        return apply(new Elu(alpha), x);
    }

    /** {@code ln(1 + e^x)}, stable. */
    static Node softplus(Node x) {
        return apply(new Softplus(), x);
    }

    /** {@code x ^ p} with a constant exponent; a tensor exponent is {@link BinaryOp#pow}. */
    static Node pow(Node x, double p) {
        return apply(new PowConstant(p), x);
    }

    /** Identity with zero gradient. */
    static Node stopGradient(Node x) {
        return apply(new StopGradient(), x);
    }

    /** Conversion to {@code dtype}; returns {@code x} itself when it already has that dtype. */
    static Node cast(Node x, DType dtype) {
        Objects.requireNonNull(dtype, "cast: dtype is null");
        Objects.requireNonNull(x, "cast: operand is null");
        return x.dtype() == dtype ? x : apply(new Cast(dtype), x);
    }

    /** {@code x * x} (a composition: the product rule gives {@code 2 x yBar}). */
    static Node square(Node x) {
        Objects.requireNonNull(x, "square: operand is null");
        DTypeSet.NUMERIC.require("square", "operand", x); // named as square, not as the mul it is
        return BinaryOp.mul(x, x);
    }

    /**
     * {@code min(max(x, lo), hi)}: a composition ({@link WhereOp#clamp} with constant bounds); the gradient is
     * 1 on [lo, hi], the bounds included (as in PyTorch and TensorFlow), and 0 outside.
     */
    static Node clip(Node x, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clip: bounds must satisfy lo <= hi, got lo " + lo + " and hi " + hi);
        }
        return WhereOp.clamp(x, SourceOp.scalarFor("clip", lo, x), SourceOp.scalarFor("clip", hi, x));
    }

    private static Node apply(UnaryOp op, Node x) {
        if (x == null) {
            throw new NullPointerException(op.name() + ": operand is null");
        }
        return Node.apply(op, x);
    }

    /** Rejects a non-finite parameter of an op, naming it. */
    private static void requireFinite(String op, String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(op + ": " + what + " must be finite, got " + value);
        }
    }

    /** A constant with {@code like}'s dtype. */
    private static Node c(double value, Node like) {
        return SourceOp.scalar(value, like.dtype());
    }

    /** {@code y = -x}; {@code xBar = -yBar}. */
    record Neg() implements UnaryOp {
        @Override public String name() { return "neg"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.NUMERIC; }
        @Override public Notation notation(List<Node> in) { return Notation.NEGATION; }
        @Override public Pointwise pointwise() { return Pointwise.Exact.NEG; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.neg(); }
    }

    /** {@code y = e^x}; {@code xBar = yBar * y}. Overflows above {@code ln(largest value)}. */
    record Exp() implements UnaryOp {
        private static final Pointwise F = Pointwise.unary("exp", StrictMath::exp);

        @Override public String name() { return "exp"; }
        @Override public Notation notation(List<Node> in) { return Notation.EXPONENTIAL; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(y); }
        @Override public Optional<Diagnosis> diagnose(Anomaly a) { return a.overflow(); }
    }

    /**
     * {@code y = ln x}, domain {@code x > 0}; {@code xBar = yBar / x}. {@code -Infinity} at 0, NaN below; the
     * derivative is infinite at 0.
     */
    record Log() implements UnaryOp {
        private static final Pointwise F = Pointwise.unary("log", StrictMath::log);

        static final String HINT = "for log(softmax(z)) use logSoftmax(z), or a cross-entropy from"
                + " logits; for log(1 + x) use log1p(x), for log(1 + e^x) softplus(x); otherwise keep the argument"
                + " positive, e.g. log(x + 1e-12) or log(clip(x, 1e-12, Double.MAX_VALUE))";

        @Override public String name() { return "log"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.div(x); }
        @Override public Domain domain(int i) { return Domain.POSITIVE; }

        @Override
        public Optional<Diagnosis> diagnose(Anomaly a) {
            long zeros = a.count(0, v -> v == 0);
            long negative = a.count(0, v -> v < 0);
            if (zeros + negative == 0) {
                return Optional.empty();
            }
            String x = a.input(0);
            String cause = "log is -Infinity at 0 and NaN below 0; " + x + " holds " + zeros + " zero(s) and "
                    + negative + " negative value(s)";
            if (a.node().inputs().get(0).op() instanceof Exp) {
                return Anomaly.found(cause + "; " + x + " is an exp (a softmax is exp(logSoftmax)) that underflowed"
                        + " to 0", "log(exp(u)) is u: take logSoftmax(z) instead of log(softmax(z)), or a"
                        + " cross-entropy from logits");
            }
            return Anomaly.found(cause, HINT);
        }

        @Override
        public Optional<Diagnosis> diagnosePullback(Node forward, Anomaly a) {
            return a.infiniteDerivative(forward, "log at 0", "x", HINT);
        }
    }

    /**
     * {@code y = ln(1 + x)}, accurate for small x, domain {@code x > -1}; {@code xBar = yBar / (1 + x)}.
     * {@code -Infinity} at -1, NaN below; the derivative is infinite at -1.
     */
    record Log1p() implements UnaryOp {
        private static final Pointwise F = Pointwise.unary("log1p", StrictMath::log1p);

        @Override public String name() { return "log1p"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.div(x.add(c(1, x))); }
        @Override public Domain domain(int i) { return Domain.ABOVE_MINUS_ONE; }

        @Override
        public Optional<Diagnosis> diagnose(Anomaly a) {
            long minusOne = a.count(0, v -> v == -1);
            long below = a.count(0, v -> v < -1);
            return minusOne + below == 0 ? Optional.empty() : Anomaly.found("log1p is -Infinity at -1 and NaN"
                    + " below -1; " + a.input(0) + " holds " + minusOne + " value(s) equal to -1 and " + below
                    + " below", "keep the argument above -1, e.g. clip it; for log1p(exp(x)) use softplus(x), for"
                    + " log1p(-sigmoid(x)) use -softplus(x)");
        }

        @Override
        public Optional<Diagnosis> diagnosePullback(Node forward, Anomaly a) {
            return a.infiniteDerivative(forward, "log1p at -1", "1 + x",
                    "keep the argument above -1, e.g. clip it; for log1p(exp(x)) use softplus(x)");
        }
    }

    /**
     * {@code y = e^x - 1}, accurate for small x; {@code xBar = yBar * e^x}. Overflows as exp does. The derivative
     * is not {@code y + 1} (PyTorch 1.13's form): for negative x that cancels, to a few correct digits from
     * about -5 and to 0 below about -37, where {@code e^x} is still a normal number.
     */
    record Expm1() implements UnaryOp {
        private static final Pointwise F = Pointwise.unary("expm1", StrictMath::expm1);

        @Override public String name() { return "expm1"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(x.exp()); }
        @Override public Optional<Diagnosis> diagnose(Anomaly a) { return a.overflow(); }
    }

    /**
     * {@code y = sqrt x}, domain {@code x > 0} for the derivative; {@code xBar = yBar / (2 y)}. NaN below 0; the
     * derivative is infinite at 0.
     */
    record Sqrt() implements UnaryOp {
        @Override public String name() { return "sqrt"; }
        @Override public Notation notation(List<Node> in) { return Notation.SQUARE_ROOT; }
        @Override public Pointwise pointwise() { return Pointwise.Exact.SQRT; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.div(y.mul(c(2, y))); }
        @Override public Domain domain(int i) { return Domain.POSITIVE; }

        @Override
        public Optional<Diagnosis> diagnose(Anomaly a) {
            long negative = a.count(0, v -> v < 0);
            return negative == 0 ? Optional.empty() : Anomaly.found("sqrt of a negative number is NaN; "
                    + a.input(0) + " holds " + negative + " negative value(s)", "take sqrt(maximum(x, 0)) or"
                    + " sqrt(abs(x)); for a variance computed as E[x^2] - E[x]^2, use mean((x - mean x)^2), which"
                    + " cannot be negative");
        }

        @Override
        public Optional<Diagnosis> diagnosePullback(Node forward, Anomaly a) {
            return a.infiniteDerivative(forward, "sqrt at 0", "2 sqrt(x)", "differentiate sqrt(x + eps) instead,"
                    + " e.g. x.add(1e-12).sqrt(), or for a norm sqrt(sum(x^2) + eps); sqrt itself is fine at 0, its"
                    + " derivative is not");
        }
    }

    /** {@code y = |x|}; {@code xBar = yBar * sign(x)} (0 at x = 0, the kink). */
    record Abs() implements UnaryOp {
        @Override public String name() { return "abs"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.NUMERIC; }
        @Override public Notation notation(List<Node> in) { return Notation.ABSOLUTE; }
        @Override public Pointwise pointwise() { return Pointwise.Exact.ABS; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(x.sign()); }
        @Override public Domain domain(int i) { return Domain.AWAY_FROM_ZERO; }
    }

    /**
     * {@code y = sign x} in {-1, 0, 1}, with {@code sign(-0.0) = +0.0} as in NumPy and PyTorch (not Java's
     * {@link Math#signum}, which keeps the zero's sign) and {@code sign(NaN) = NaN} as in NumPy; piecewise
     * constant, so {@code xBar = 0}.
     */
    record Sign() implements UnaryOp {
        private static final Pointwise F = Pointwise.unary("sign", x -> x == 0 ? 0.0 : Math.signum(x),
                x -> Long.signum(x));

        @Override public String name() { return "sign"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.NUMERIC; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return SourceOp.zerosLike(x); }
        @Override public Domain domain(int i) { return Domain.AWAY_FROM_ZERO; }
    }

    /** {@code y = sin x}; {@code xBar = yBar * cos x}. */
    record Sin() implements UnaryOp {
        private static final Pointwise F = Pointwise.unary("sin", StrictMath::sin);

        @Override public String name() { return "sin"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(x.cos()); }
    }

    /** {@code y = cos x}; {@code xBar = -yBar * sin x}. */
    record Cos() implements UnaryOp {
        private static final Pointwise F = Pointwise.unary("cos", StrictMath::cos);

        @Override public String name() { return "cos"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(x.sin()).neg(); }
    }

    /** {@code y = tanh x}; {@code xBar = yBar * (1 - y^2)}. */
    record Tanh() implements UnaryOp {
        private static final Pointwise F = Pointwise.unary("tanh", Transcendentals.TANH);

        @Override public String name() { return "tanh"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(c(1, y).sub(y.square())); }
    }

    /**
     * {@code y = 1 / (1 + e^-x)}, evaluated as {@code e^x / (1 + e^x)} for negative x so that neither form
     * overflows; {@code xBar = yBar * y * (1 - y)}.
     */
    record Sigmoid() implements UnaryOp {
        private static final Pointwise F = Pointwise.unary("sigmoid", Transcendentals.SIGMOID);

        @Override public String name() { return "sigmoid"; }
        @Override public Notation notation(List<Node> in) { return Notation.SIGMOID; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(y.mul(c(1, y).sub(y))); }
    }

    /**
     * {@code y = max(x, 0)}; {@code xBar = yBar * [x > 0]}, so 0 at {@code x = 0} (PyTorch's). Signed zeros:
     * {@code relu(-0.0) = -0.0}, as PyTorch 1.13's {@code torch.relu} (x itself unless {@code x < 0}); NaN stays NaN.
     * The pullback tests {@code y > 0}, which holds exactly where {@code x > 0} does (NaN and zeros included), so
     * that the gradient reads the output, which the next layer keeps anyway, and x need not be stored: a compiled
     * step computes {@code relu(x̂·gamma + beta)} of a batch normalization in one pass.
     */
    record Relu() implements UnaryOp {
        @Override public String name() { return "relu"; }
        @Override public Pointwise pointwise() { return Pointwise.Exact.RELU; }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.mul(y.greater(c(0, y)).cast(y.dtype()));
        }
        @Override public Domain domain(int i) { return Domain.AWAY_FROM_ZERO; }
    }

    /**
     * {@code y = x} for {@code x > 0}, {@code alpha x} otherwise; {@code xBar = yBar * (x > 0 ? 1 : alpha)}.
     *
     * @param alpha the slope for negative inputs
     */
    record LeakyRelu(double alpha) implements UnaryOp {
        /** Validates the slope. */
        public LeakyRelu {
            UnaryOp.requireFinite("leakyRelu", "alpha", alpha);
        }

        @Override public String name() { return "leakyRelu(" + alpha + ")"; }
        @Override public Pointwise pointwise() { return Pointwise.unary(name(), x -> x > 0 ? x : alpha * x); }
        @Override public Domain domain(int i) { return Domain.AWAY_FROM_ZERO; }

        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.mul(x.greater(c(0, x)).where(c(1, x), c(alpha, x)));
        }
    }

    /**
     * {@code y = x} for {@code x > 0}, {@code alpha (e^x - 1)} otherwise;
     * {@code xBar = yBar * (x > 0 ? 1 : alpha e^x)}, as PyTorch computes it: the equal {@code y + alpha} cancels
     * as y nears {@code -alpha} (relative error {@code 1e-8} at {@code x = -20} in float64, {@code 1e-3} at
     * {@code -10} in float32, and 0 instead of {@code alpha e^x} from {@code -38} or {@code -17} on). The
     * exponent is {@code min(x, 0)}, so that the unselected branch stays finite for large positive x and the
     * second derivative is not {@code 0 * inf}.
     *
     * <p>Signed zeros: at {@code x = ±0} the value is {@code alpha * (+0.0)}, as PyTorch 1.13 computes
     * {@code (e^x - 1) alpha}: {@code elu(-0.0) = +0.0} for a positive alpha.
     *
     * @param alpha the saturation value for large negative inputs is {@code -alpha}
     */
    record Elu(double alpha) implements UnaryOp {
        /** Validates the saturation value. */
        public Elu {
            UnaryOp.requireFinite("elu", "alpha", alpha);
        }

        @Override public String name() { return "elu(" + alpha + ")"; }
        @Override public Domain domain(int i) { return Domain.AWAY_FROM_ZERO; }

        @Override public Pointwise pointwise() {
            // + 0.0 turns expm1(-0.0) = -0.0 into +0.0 and changes no other value
            return Pointwise.unary(name(), x -> x > 0 ? x : alpha * (StrictMath.expm1(x) + 0.0));
        }

        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.mul(x.greater(c(0, x)).where(c(1, x), negativePartExp(x).mul(alpha)));
        }
    }

    /**
     * {@code e^min(x, 0)}, the exponential of ELU's and SELU's negative branch as a graph: 1 where {@code x > 0},
     * so that it stays finite where that branch is not selected.
     */
    private static Node negativePartExp(Node x) {
        Node zero = c(0, x);
        return x.greater(zero).where(zero, x).exp();
    }

    /**
     * {@code y = ln(1 + e^x)}, evaluated as {@code max(x, 0) + log1p(e^-|x|)} so it never overflows
     * ({@code softplus(1000) = 1000}); {@code xBar = yBar * sigmoid(x)}.
     */
    record Softplus() implements UnaryOp {
        private static final Pointwise F =
                Pointwise.unary("softplus", x -> Math.max(x, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x))));

        @Override public String name() { return "softplus"; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(x.sigmoid()); }

        @Override public Pointwise pointwise() { return F; }
    }

    /**
     * {@code y = x^p} for a constant exponent; {@code xBar = yBar * p * x^(p-1)}. Domain: all reals for a
     * natural p, {@code x != 0} for a negative integer, {@code x > 0} otherwise. NaN for a negative base and a
     * non-integer p; infinite at 0 for a negative p, and so is the derivative for {@code p < 1}.
     *
     * <p>Signed zeros follow PyTorch 1.13, which computes {@code x^0.5} as {@code sqrt x} and {@code x^-0.5} as
     * {@code rsqrt x}: {@code (-0.0)^0.5 = -0.0} and {@code (-0.0)^-0.5 = -inf} (IEEE's pow gives {@code +0.0} and
     * {@code +inf}), so the derivative of {@code x^0.5} at {@code -0.0} is {@code -inf} and that of {@code x^1.5}
     * is {@code -0.0}. Every other exponent, and every nonzero x, is IEEE's {@code pow}: at {@code x = -inf},
     * {@code x^0.5 = +inf} and {@code x^-0.5 = +0} (PyTorch's sqrt and rsqrt give NaN there). An integer exponent
     * up to 16 in magnitude is a product with its rounding errors carried, nearer the exact power than
     * {@code StrictMath.pow} and ten times faster ({@link ConstantPowers}).
     *
     * @param p the exponent
     */
    record PowConstant(double p) implements UnaryOp {
        /** Validates the exponent. */
        public PowConstant {
            UnaryOp.requireFinite("pow", "the exponent", p);
        }

        @Override public String name() { return "pow(" + p + ")"; }
        @Override public Notation notation(List<Node> in) { return Notation.power(p); }

        @Override public Pointwise pointwise() { return Pointwise.unary(name(), ConstantPowers.of(p)); }

        @Override public Node pullback(Node x, Node y, Node yBar) {
            if (p == 1.0) {
                return yBar;
            }
            if (p == 0.0) {
                return SourceOp.zerosLike(x); // x^0 = 1 is constant; p x^(p-1) would be 0 * x^-1 = NaN at 0
            }
            return yBar.mul(x.pow(p - 1).mul(c(p, x)));
        }

        @Override public Domain domain(int i) {
            if (p != Math.rint(p)) {
                return Domain.POSITIVE;
            }
            return p >= 0 ? Domain.REAL : Domain.NONZERO;
        }

        @Override public Optional<Diagnosis> diagnose(Anomaly a) {
            return a.power(p == Math.rint(p), p < 0);
        }

        @Override
        public Optional<Diagnosis> diagnosePullback(Node forward, Anomaly a) {
            if (!(a.node().op() instanceof PowConstant q && q.p() < 0)) {
                return Optional.empty();
            }
            long zeros = a.count(0, v -> v == 0);
            return zeros == 0 ? Optional.empty() : Anomaly.found("the derivative of x^" + p + " is infinite at 0"
                    + " (p x^(p-1) with p - 1 < 0): the pullback of " + a.ref(forward) + " meets x = 0 at " + zeros
                    + " position(s)", "shift the base away from 0, e.g. (x + eps)^p, or clip it");
        }
    }

    /**
     * The identity in value with no gradient: {@code xBar = 0}. Use it to treat a value as a constant
     * (targets computed from the model, moving averages).
     */
    record StopGradient() implements UnaryOp {
        @Override public String name() { return "stopGradient"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.ANY; }
        @Override public Pointwise pointwise() { return Pointwise.Exact.IDENTITY; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return SourceOp.zerosLike(x); }
    }

    /**
     * Conversion to {@code dtype}, between any two dtypes, with the semantics of {@link Tensor#cast}: float to
     * float and integer to float round to nearest; float to integer truncates toward zero, and a NaN, an infinity
     * or a value out of range is an error at evaluation; int64 to int32 wraps; to bool is {@code x != 0}; bool is
     * 1 or 0. {@code xBar = cast(yBar, x.dtype)} between floats; an integer or bool x gets zeros (not
     * differentiable). In a fused program, where a bool is held as 1 or 0 in the program's float type, a cast
     * from bool is the identity and a cast to bool the test {@code x != 0}: the function {@link #pointwise}
     * declares; unfused it runs the conversion kernel.
     *
     * @param dtype the output dtype
     */
    record Cast(DType dtype) implements UnaryOp {
        private static final Pointwise NONZERO = Pointwise.unary("nonzero", x -> x != 0 ? 1 : 0, x -> x != 0 ? 1 : 0);

        /** Validates the parameter. */
        public Cast {
            Objects.requireNonNull(dtype, "dtype is null");
        }

        @Override public String name() { return "cast(" + dtype.shortName() + ")"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.ANY; }
        @Override public Pointwise pointwise() { return dtype == DType.BOOL ? NONZERO : Pointwise.Exact.IDENTITY; }

        /** A bool cast to a number is not shown: {@code [x > 0]} already reads as the 0/1 number (Iverson). */
        @Override public Notation notation(List<Node> in) {
            return in.get(0).dtype().isBool() && dtype != DType.BOOL ? Notation.HIDDEN : UnaryOp.super.notation(in);
        }

        @Override public DType dtype(List<Node> inputs) { return dtype; }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return ElementwiseKernels.convert(inputs.get(0), dtype);
        }

        @Override public Node pullback(Node x, Node y, Node yBar) {
            return x.dtype().isFloating() && dtype.isFloating() ? yBar.cast(x.dtype()) : SourceOp.zerosLike(x);
        }
    }
}
