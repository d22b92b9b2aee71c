package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.kernel.SpecialFunctions;
import dev.adjoint.core.kernel.Transcendentals;
import java.util.Objects;

/**
 * The activations of recent networks, elementwise, and their factories: GELU (exact and tanh forms), SiLU
 * (swish), SELU, Mish, hard sigmoid, hard swish and softsign, and the compositions log-sigmoid and PyTorch's
 * softplus with {@code beta} and {@code threshold}. Each primitive is a primitive for speed (one pass instead
 * of the four to eight ops of its composition) and, for GELU, SiLU and Mish, for stability: each is
 * evaluated in a form that neither overflows nor cancels at {@code ±1000}, and its derivative tends to 0 or 1
 * there. Definitions and the gradients at the kinks follow PyTorch (and Keras 3, which agrees on every one).
 */
public sealed interface ActivationOp extends UnaryElementwise {

    /** The stable sigmoid of {@link UnaryOp.Sigmoid}, in the forwards of GELU's tanh form and SiLU. */
    private static double sigmoid(double v) {
        return Transcendentals.sigmoid(v);
    }

    /** {@code x Phi(x)}, the exact GELU ({@code approximate='none'} in PyTorch). */
    static Node gelu(Node x) {
        return Node.apply(new Gelu(Gelu.Approximation.NONE), x);
    }

    /** GELU with the given approximation: {@code NONE} (exact) or {@code TANH}. */
    static Node gelu(Node x, Gelu.Approximation approximation) {
        return Node.apply(new Gelu(approximation), x);
    }

    /** {@code x sigmoid(x)}, the sigmoid-weighted linear unit. */
    static Node silu(Node x) {
        return Node.apply(new Silu(), x);
    }

    /** Another name of {@link #silu}, {@code x sigmoid(x)} (swish with {@code beta = 1}). */
    static Node swish(Node x) {
        return silu(x);
    }

    /**
     * {@code ln sigmoid(x) = -softplus(-x)}, as {@code torch.nn.functional.logsigmoid}: a composition, stable at
     * both ends through softplus ({@code -x} below, {@code -e^(-x)} above, never {@code ln 0}); its gradient is
     * {@code sigmoid(-x)}. Written {@code 0 - softplus(-x)}, not a negation, so that the value at large x is +0, as
     * PyTorch's, not -0.
     */
    static Node logSigmoid(Node x) {
        return BinaryOp.sub(SourceOp.scalar(0.0, x.dtype()), x.neg().softplus());
    }

    /** The scaled ELU with the self-normalizing constants. */
    static Node selu(Node x) {
        return Node.apply(new Selu(), x);
    }

    /** {@code x tanh(softplus x)}. */
    static Node mish(Node x) {
        return Node.apply(new Mish(), x);
    }

    /** {@code relu6(x + 3) / 6}: 0 below -3, 1 above 3, linear between. */
    static Node hardSigmoid(Node x) {
        return Node.apply(new HardSigmoid(), x);
    }

    /** {@code x relu6(x + 3) / 6}. */
    static Node hardSwish(Node x) {
        return Node.apply(new HardSwish(), x);
    }

    /** {@code x / (1 + |x|)}. */
    static Node softsign(Node x) {
        return Node.apply(new Softsign(), x);
    }

    /**
     * PyTorch's {@code F.softplus(x, beta, threshold)}: {@code y = x} where {@code beta x > threshold}, else
     * {@code ln(1 + e^(beta x)) / beta}, the plain {@link UnaryOp#softplus} of {@code beta x} divided by beta
     * (stable at both ends). A composition: a product, the primitive, a quotient and a selection by the
     * comparison; its gradient is {@code sigmoid(beta x)} below the threshold and 1 above, as PyTorch's. beta and
     * threshold are rounded to x's dtype, as PyTorch's kernel rounds them. With {@code beta = 1} and an infinite
     * threshold it is the plain softplus node itself; {@code threshold = +inf} never reverts to x. The jump at
     * {@code beta x = threshold} is {@code ln(1 + e^-threshold) / beta}, 1e-9 at the default 20.
     *
     * @param beta the sharpness, finite and nonzero (PyTorch's default 1; a negative beta gives {@code -softplus}
     *     of {@code -|beta| x} scaled, as PyTorch)
     * @param threshold where {@code beta x} reverts to the identity (PyTorch's default 20), not NaN
     * @throws IllegalArgumentException for a zero or non-finite beta, a NaN threshold, or a non-floating x
     */
    static Node softplus(Node x, double beta, double threshold) {
        Objects.requireNonNull(x, "softplus: operand is null");
        DTypeSet.FLOATING.require("softplus", "operand", x);
        if (!Double.isFinite(beta) || beta == 0 || Double.isNaN(threshold)) {
            throw new IllegalArgumentException("softplus: beta must be finite and nonzero and threshold not NaN, got"
                    + " beta " + beta + " and threshold " + threshold);
        }
        Node scaled = beta == 1 ? x : x.mul(beta);
        Node smooth = beta == 1 ? scaled.softplus() : scaled.softplus().div(beta);
        return threshold == Double.POSITIVE_INFINITY ? smooth : scaled.greater(threshold).where(x, smooth);
    }

    /**
     * The Gaussian error linear unit (Hendrycks and Gimpel, 2016), {@code y = x Phi(x)} with {@code Phi} the
     * standard normal distribution function:
     * <ul>
     *   <li>{@code NONE}: {@code y = x erfc(-x / sqrt 2) / 2} ({@link SpecialFunctions#normalCdf}: equal to
     *       {@code x (1 + erf(x / sqrt 2)) / 2}, as PyTorch computes it, without its cancellation for negative x,
     *       and within a few ulps); {@code xBar = yBar (Phi(x) + x phi(x))},
     *       {@code phi(x) = e^(-x^2/2) / sqrt(2 pi)};</li>
     *   <li>{@code TANH}: {@code y = x (1 + tanh u) / 2}, {@code u = sqrt(2/pi) (x + 0.044715 x^3)}, evaluated as
     *       {@code x sigmoid(2u)} (the same function, without cancellation); {@code xBar = yBar (s + 2 x s (1 - s)
     *       u')} with {@code s = sigmoid(2u)} and {@code u' = sqrt(2/pi) (1 + 3 * 0.044715 x^2)}.</li>
     * </ul>
     * PyTorch's {@code gelu(x, approximate='none' | 'tanh')}, Keras's {@code gelu(x, approximate=False | True)}.
     *
     * @param approximation which form
     */
    record Gelu(Approximation approximation) implements ActivationOp {
        /** The forms of GELU, by PyTorch's names. */
        public enum Approximation {
            /** The exact {@code x Phi(x)}. */ NONE,
            /** The tanh approximation of Hendrycks and Gimpel. */ TANH
        }

        private static final double SQRT_HALF = 0.7071067811865476;
        private static final double SQRT_2_OVER_PI = 0.7978845608028654;
        private static final double CUBIC = 0.044715;
        private static final Pointwise EXACT = Pointwise.unary("gelu", x -> x * SpecialFunctions.normalCdf(x));
        private static final Pointwise TANH_FORM = Pointwise.unary("gelu(tanh)",
                x -> x * sigmoid(2 * SQRT_2_OVER_PI * (x + CUBIC * x * x * x)));

        /** Validates the parameter. */
        public Gelu {
            Objects.requireNonNull(approximation, "approximation is null");
        }

        @Override public String name() { return approximation == Approximation.NONE ? "gelu" : "gelu(tanh)"; }
        @Override public Pointwise pointwise() { return approximation == Approximation.NONE ? EXACT : TANH_FORM; }

        @Override public Node pullback(Node x, Node y, Node yBar) {
            if (approximation == Approximation.NONE) {
                Node cdf = x.mul(-SQRT_HALF).erfc().mul(0.5);
                Node pdf = x.square().mul(-0.5).exp().mul(0.3989422804014327); // 1 / sqrt(2 pi)
                return yBar.mul(cdf.add(x.mul(pdf)));
            }
            Node twoU = x.add(x.square().mul(x).mul(CUBIC)).mul(2 * SQRT_2_OVER_PI);
            Node s = twoU.sigmoid();
            // x u' grows like x^3 while s (1 - s) decays like e^(-0.07 |x|^3): beyond |x| = 100 the product is 0
            // (s is exactly 0 or 1 there); clipping keeps x u' from overflowing to inf * 0 = NaN
            Node xc = x.clip(-100, 100);
            Node xuPrime = xc.square().mul(3 * CUBIC).add(1.0).mul(xc).mul(SQRT_2_OVER_PI);
            return yBar.mul(s.add(xuPrime.mul(s).mul(s.neg().add(1.0)).mul(2.0)));
        }
    }

    /**
     * The sigmoid-weighted linear unit (Elfwing et al. 2017; Ramachandran et al.'s swish with
     * {@code beta = 1}): {@code y = x sigmoid(x)}; {@code xBar = yBar (s + y (1 - s))}, {@code s = sigmoid x}.
     */
    record Silu() implements ActivationOp {
        private static final Pointwise F = Pointwise.unary("silu", x -> x * sigmoid(x));

        @Override public String name() { return "silu"; }
        @Override public Pointwise pointwise() { return F; }

        @Override public Node pullback(Node x, Node y, Node yBar) {
            Node s = x.sigmoid();
            return yBar.mul(s.add(y.mul(s.neg().add(1.0))));
        }
    }

    /**
     * The scaled exponential linear unit (Klambauer et al., 2017): {@code y = scale * x} for {@code x > 0},
     * {@code scale * alpha (e^x - 1)} otherwise, with {@code alpha = 1.6732632423543772} and
     * {@code scale = 1.0507009873554805} (PyTorch's and Keras's constants); {@code xBar = yBar * scale} for
     * {@code x > 0}, {@code yBar scale alpha e^x} otherwise (not the equal {@code yBar (y + scale alpha)}, which
     * cancels as x goes to {@code -inf}: see {@link UnaryOp.Elu}), so {@code scale alpha = 1.7581} at the kink
     * {@code x = 0}, as in PyTorch. Signed zeros: {@code selu(-0.0) = +0.0}, as PyTorch 1.13's
     * {@code (e^x - 1) scale alpha}.
     */
    record Selu() implements ActivationOp {
        /** The saturation constant alpha. */
        public static final double ALPHA = 1.6732632423543772848170429916717;
        /** The scale lambda. */
        public static final double SCALE = 1.0507009873554804934193349852946;
        private static final Pointwise F = Pointwise.unary("selu",
                x -> x > 0 ? SCALE * x : SCALE * ALPHA * (StrictMath.expm1(x) + 0.0)); // + 0.0: selu(-0.0) = +0.0

        @Override public String name() { return "selu"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.AWAY_FROM_ZERO; }

        @Override public Node pullback(Node x, Node y, Node yBar) {
            Node scale = SourceOp.scalar(SCALE, x.dtype());
            return yBar.mul(x.greater(SourceOp.scalar(0, x.dtype())).where(scale,
                    negativePartExp(x).mul(SCALE * ALPHA)));
        }

        /** {@code e^min(x, 0)}: 1 where {@code x > 0}, so finite where the negative branch is not selected. */
        private static Node negativePartExp(Node x) {
            Node zero = SourceOp.scalar(0, x.dtype());
            return x.greater(zero).where(zero, x).exp();
        }
    }

    /**
     * Mish (Misra, 2019): {@code y = x tanh(softplus x)}, with the stable softplus; {@code xBar = yBar (t + x
     * (1 - t^2) sigmoid(x))}, {@code t = tanh(softplus x)}.
     */
    record Mish() implements ActivationOp {
        private static final Pointwise F = Pointwise.unary("mish",
                x -> x * StrictMath.tanh(Math.max(x, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x)))));

        @Override public String name() { return "mish"; }
        @Override public Pointwise pointwise() { return F; }

        @Override public Node pullback(Node x, Node y, Node yBar) {
            Node t = x.softplus().tanh();
            return yBar.mul(t.add(x.mul(t.square().neg().add(1.0)).mul(x.sigmoid())));
        }
    }

    /**
     * The hard sigmoid of Keras 3 and PyTorch, {@code y = relu6(x + 3) / 6 = min(max(x + 3, 0), 6) / 6}: 0
     * below -3, 1 above 3, {@code x / 6 + 1/2} between. (Keras 2 defined it as {@code clip(0.2 x + 0.5, 0, 1)};
     * this is not that.) {@code xBar = yBar / 6} for {@code -3 < x < 3}, else 0, so 0 at the kinks ±3, as in
     * PyTorch.
     */
    record HardSigmoid() implements ActivationOp {
        private static final Pointwise F = Pointwise.unary("hardSigmoid", x -> Math.min(Math.max(x + 3, 0), 6) / 6);

        @Override public String name() { return "hardSigmoid"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.between(-2.9, 2.9); }

        @Override public Node pullback(Node x, Node y, Node yBar) {
            Node zero = SourceOp.scalar(0, x.dtype());
            Node inside = x.less(SourceOp.scalar(3, x.dtype())).where(SourceOp.scalar(1.0 / 6, x.dtype()), zero);
            return yBar.mul(x.greater(SourceOp.scalar(-3, x.dtype())).where(inside, zero));
        }
    }

    /**
     * The hard swish (Howard et al., 2019, MobileNetV3), {@code y = x relu6(x + 3) / 6}; {@code xBar = 0} for
     * {@code x < -3}, {@code yBar (x / 3 + 1/2)} for {@code -3 <= x <= 3}, {@code yBar} above: -1/2 at the kink
     * -3 and 3/2 at the kink 3, as in PyTorch.
     */
    record HardSwish() implements ActivationOp {
        private static final Pointwise F = Pointwise.unary("hardSwish",
                x -> x * Math.min(Math.max(x + 3, 0), 6) / 6);

        @Override public String name() { return "hardSwish"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.between(-2.9, 2.9); }

        @Override public Node pullback(Node x, Node y, Node yBar) {
            Node middle = x.lessEqual(SourceOp.scalar(3, x.dtype())).where(x.div(3.0).add(0.5),
                    SourceOp.scalar(1, x.dtype()));
            return yBar.mul(x.less(SourceOp.scalar(-3, x.dtype())).where(SourceOp.scalar(0, x.dtype()), middle));
        }
    }

    /**
     * {@code y = x / (1 + |x|)}, in (-1, 1); {@code xBar = yBar / (1 + |x|)^2}, 1 at 0. Differentiable
     * everywhere, but its second derivative jumps at 0 (from 2 to -2), so the tests draw x away from 0.
     */
    record Softsign() implements ActivationOp {
        private static final Pointwise F = Pointwise.unary("softsign", x -> x / (1 + Math.abs(x)));

        @Override public String name() { return "softsign"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.AWAY_FROM_ZERO; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.div(x.abs().add(1.0).square()); }
    }
}
