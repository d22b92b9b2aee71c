package dev.adjoint.core.graph;

import dev.adjoint.core.graph.Anomaly.Diagnosis;
import dev.adjoint.core.kernel.Logarithms;
import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.tensor.DType;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The logarithms beyond {@code ln} and {@code ln(1 + x)} ({@link UnaryOp}), elementwise, and their factories:
 * {@code log_2}, {@code log_10} ({@link Logarithms}) and the logit {@code ln(p / (1 - p))}, with PyTorch 1.13's
 * values and gradients. They are primitives for accuracy: {@code log(x) / ln 2} rounds twice and is not exact at
 * the powers of 2, and {@code log(p) - log1p(-p)} cancels near 1/2. (The logarithms of two tensors, {@code logaddexp}
 * and {@code xlogy}, are {@link LogarithmicOp}'s.)
 */
public sealed interface UnaryLogarithmOp extends UnaryElementwise {

    /** {@code log_2 x}, as {@code torch.log2}: exact at the powers of 2. */
    static Node log2(Node x) {
        return Node.apply(new Log2(), Objects.requireNonNull(x, "log2: operand is null"));
    }

    /** {@code log_10 x}, as {@code torch.log10}. */
    static Node log10(Node x) {
        return Node.apply(new Log10(), Objects.requireNonNull(x, "log10: operand is null"));
    }

    /** {@code ln(p / (1 - p))}, the inverse of the sigmoid, as {@code torch.logit(p)}. */
    static Node logit(Node p) {
        return Node.apply(new Logit(OptionalDouble.empty()), Objects.requireNonNull(p, "logit: operand is null"));
    }

    /**
     * {@code ln(q / (1 - q))} with {@code q = clamp(p, eps, 1 - eps)}, as {@code torch.logit(p, eps)}: finite
     * at 0 and 1 for {@code eps > 0}, and the gradient is 0 outside {@code [eps, 1 - eps]}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= eps <= 0.5}
     */
    static Node logit(Node p, double eps) {
        return Node.apply(new Logit(OptionalDouble.of(eps)), Objects.requireNonNull(p, "logit: operand is null"));
    }

    /** A constant with {@code like}'s dtype. */
    private static Node c(double value, Node like) {
        return SourceOp.scalar(value, like.dtype());
    }

    /** The count of zeros and negative values of a logarithm's argument, or empty when there is none. */
    private static Optional<Diagnosis> logOfNonPositive(Anomaly a, String name) {
        long zeros = a.count(0, v -> v == 0);
        long negative = a.count(0, v -> v < 0);
        return zeros + negative == 0 ? Optional.empty() : Anomaly.found(name + " is -Infinity at 0 and NaN below"
                + " 0; " + a.input(0) + " holds " + zeros + " zero(s) and " + negative + " negative value(s)",
                UnaryOp.Log.HINT);
    }

    /**
     * {@code y = log_2 x} ({@link Logarithms#log2}: within 1 ulp in float64, not always correctly rounded; exact at
     * the powers of 2, subnormals included), domain {@code x > 0}; {@code xBar = yBar / (x ln 2)}, as PyTorch
     * computes it (so {@code ±inf} at {@code ±0}, 0 at {@code +inf}, -0 at {@code -inf}, NaN at NaN).
     * {@code -Infinity} at 0, NaN below. Float32, like {@code log}'s, is the float64 value rounded once: within 1
     * ulp, and correctly rounded but for the rare double rounding.
     */
    record Log2() implements UnaryLogarithmOp {
        private static final Pointwise F = Pointwise.unary("log2", Logarithms::log2);

        @Override public String name() { return "log2"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.POSITIVE; }
        @Override public Optional<Diagnosis> diagnose(Anomaly a) { return logOfNonPositive(a, "log2"); }

        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.div(x.mul(c(0.6931471805599453, x))); // PyTorch's constant and order
        }

        @Override public Optional<Diagnosis> diagnosePullback(Node forward, Anomaly a) {
            return a.infiniteDerivative(forward, "log2 at 0", "x ln 2", UnaryOp.Log.HINT);
        }
    }

    /**
     * {@code y = log_10 x} ({@link Logarithms#log10}: within 1 ulp in float64, not always correctly rounded; exact
     * at the powers of 10 up to {@code 1e22}), domain {@code x > 0}; {@code xBar = yBar / (x ln 10)}, as PyTorch
     * computes it, with its constant for {@code ln 10} (1 ulp below the double nearest it). {@code -Infinity} at
     * 0, NaN below; float32 is the float64 value rounded once, as for {@code log}: within 1 ulp.
     */
    record Log10() implements UnaryLogarithmOp {
        private static final Pointwise F = Pointwise.unary("log10", Logarithms::log10);

        @Override public String name() { return "log10"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.POSITIVE; }
        @Override public Optional<Diagnosis> diagnose(Anomaly a) { return logOfNonPositive(a, "log10"); }

        @Override public Node pullback(Node x, Node y, Node yBar) {
            // PyTorch's literal 2.3025850929940456, which rounds to 1 ulp below ln 10: PyTorch's bits
            return yBar.div(x.mul(c(2.3025850929940456, x)));
        }

        @Override public Optional<Diagnosis> diagnosePullback(Node forward, Anomaly a) {
            return a.infiniteDerivative(forward, "log10 at 0", "x ln 10", UnaryOp.Log.HINT);
        }
    }

    /**
     * {@code y = logit(p) = ln(p / (1 - p))}, the inverse of the sigmoid, as {@code torch.logit}: {@code -inf} at
     * 0 (and -0), {@code +inf} at 1, NaN outside [0, 1] and at NaN. With {@code eps}, p is first clamped to
     * {@code [eps, 1 - eps]} (NaN stays NaN), so the value is finite for {@code eps > 0}.
     * Computed in float64 as {@code ln(p / (1 - p))} (PyTorch's formula) except on {@code [1/4, 3/4]}, where that
     * formula loses relative accuracy as y nears 0 and {@code log1p((2p - 1) / (1 - p))} is used ({@code 2p - 1}
     * exact); float32 is the float64 value rounded once.
     *
     * <p>{@code pBar = yBar / (p (1 - p))}, as PyTorch: without eps, NaN outside [0, 1] (and {@code +-inf} at
     * {@code +-0} and 1); with eps, 0 outside {@code [eps, 1 - eps]} (the clamp), the bounds included in the
     * range. Domain: (0, 1), for the tests [0.1, 0.9] (with eps, the range drawn is inside the clamp's).
     *
     * @param eps the clamp's lower bound, or empty for none; {@code 0 <= eps <= 0.5} (PyTorch accepts any eps,
     *     and for {@code eps > 0.5}, an empty range, gives values that depend on its vectorization)
     */
    record Logit(OptionalDouble eps) implements UnaryLogarithmOp {
        /** Inside (0, 1), where the float32 central differences of the second order still hold to 2%. */
        private static final Domain DOMAIN = Domain.between(0.1, 0.9);

        /** Validates eps. */
        public Logit {
            Objects.requireNonNull(eps, "logit: eps is null (empty for none)");
            if (eps.isPresent() && !(eps.getAsDouble() >= 0 && eps.getAsDouble() <= 0.5)) {
                throw new IllegalArgumentException("logit: eps must be in [0, 0.5], got " + eps.getAsDouble());
            }
        }

        @Override public String name() { return eps.isPresent() ? "logit(" + eps.getAsDouble() + ")" : "logit"; }
        @Override public Domain domain(int i) { return DOMAIN; }

        @Override public Pointwise pointwise() {
            if (eps.isEmpty()) {
                return Pointwise.unary(name(), Logit::logit);
            }
            double lo = eps.getAsDouble();
            double hi = 1 - lo;
            return Pointwise.unary(name(), p -> logit(p < lo ? lo : p > hi ? hi : p));
        }

        @Override public Node pullback(Node p, Node y, Node yBar) {
            Node slope = yBar.div(p.mul(c(1, p).sub(p)));
            if (eps.isEmpty()) {
                Node outside = p.less(c(0, p)).logicalOr(p.greater(c(1, p)));
                return outside.where(c(Double.NaN, p), slope);
            }
            Node w = p.cast(DType.FLOAT64); // against the forward's float64 bounds (the cast is a no-op for f64)
            Node outside = w.less(c(eps.getAsDouble(), w)).logicalOr(w.greater(c(1 - eps.getAsDouble(), w)));
            return outside.where(c(0, p), slope);
        }

        @Override public Optional<Diagnosis> diagnose(Anomaly a) {
            if (eps.isPresent() && eps.getAsDouble() > 0) {
                return Optional.empty();
            }
            long edge = a.count(0, v -> v == 0 || v == 1);
            long outside = a.count(0, v -> v < 0 || v > 1);
            return edge + outside == 0 ? Optional.empty() : Anomaly.found("logit is infinite at 0 and 1 and NaN"
                    + " outside [0, 1]; " + a.input(0) + " holds " + edge + " value(s) equal to 0 or 1 and " + outside
                    + " outside", "for logit(sigmoid(z)) use z; otherwise clamp p with logit(p, eps), e.g. eps ="
                    + " 1e-6");
        }

        @Override public Optional<Diagnosis> diagnosePullback(Node forward, Anomaly a) {
            return a.infiniteDerivative(forward, "logit at 0 or 1", "p (1 - p)", "clamp p with logit(p, eps)");
        }

        static double logit(double p) {
            if (p >= 0.25 && p <= 0.75) {
                return StrictMath.log1p((2 * p - 1) / (1 - p));
            }
            return StrictMath.log(p / (1 - p));
        }
    }
}
