package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.BesselFunctions;
import dev.adjoint.core.kernel.ErfcxDerivatives;
import dev.adjoint.core.kernel.GammaFunctions;
import dev.adjoint.core.kernel.NormalDistribution;
import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.kernel.SpecialFunctions;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * The special functions, elementwise, and their factories: the error function, its complement, its scaled
 * complement and its inverse, the standard normal distribution function, its logarithm and its inverse, the
 * logarithm of the gamma function and its derivatives, digamma and the polygamma functions, the modified Bessel
 * functions, and the entropy term {@code -x ln x}.
 *
 * <p>erf, erfc and erfinv are computed by
 * {@link SpecialFunctions} (fdlibm's rational approximations, within two ulps of the exact value), since
 * {@link StrictMath} has no erf. Both are finite everywhere and smooth: no domain restriction, no singularity.
 *
 * <p>{@code erfc} is a primitive of its own for accuracy: {@code 1 - erf x} cancels for large x (it is 0 from
 * {@code x = 6} on, where {@code erfc 6 = 2.2e-17}), while {@code erfc} keeps full relative precision down to
 * {@code 1e-308}.
 *
 * <p>lgamma, digamma and polygamma are computed by {@link GammaFunctions} (within a few ulps for positive
 * arguments); each one's derivative is the next, {@code lgamma' = digamma = polygamma(0, .)},
 * {@code polygamma(n, .)' = polygamma(n + 1, .)}, so derivatives of every order exist as graphs. Their poles are
 * the non-positive integers; the gradient checks draw from {@link Domain#POSITIVE}.
 *
 * <p>i0, i1 and their exponentially scaled forms i0e, i1e (the modified Bessel functions of the first kind) are
 * computed by {@link BesselFunctions} (within 5 ulps). Their derivatives are written with each other:
 * {@code I0' = I1}, {@code I1' = I0 - I1/x}, {@code I0e' = I1e - sign(x) I0e},
 * {@code I1e' = I0e - I1e (sign(x) + 1/x)}, with {@code I1(x)/x} and {@code I1e(x)/x} by their Taylor series near
 * 0 (their limit there is 1/2), so derivatives of every order exist as graphs. The scaled forms have a kink at 0
 * (from {@code e^(-|x|)}), where their derivative is taken with {@code sign(0) = 0}; their gradient checks draw
 * from {@link Domain#AWAY_FROM_ZERO}.
 *
 * <p>ndtr, ndtri, logNdtr and erfcx are computed by {@link NormalDistribution} (within a few ulps of the exact
 * values, also in the tails, where PyTorch's formulas lose digits). Their derivatives are graphs of each other
 * and of the normal density {@code phi(x) = e^(-x^2/2) / sqrt(2 pi)}: {@code Phi' = phi},
 * {@code (Phi^-1)'(p) = 1 / phi(Phi^-1(p))}, {@code (ln Phi)' = phi / Phi} (through erfcx in the lower tail),
 * {@code erfcx'(x) = 2 x erfcx(x) - 2/sqrt(pi)}, whose two terms cancel for large x, so that erfcx's derivatives
 * of every order are an op of their own ({@link ErfcxDerivative}, by {@link ErfcxDerivatives}).
 */
public sealed interface SpecialFunctionOp extends UnaryElementwise {

    /** {@code erf x = 2/sqrt(pi) * integral from 0 to x of e^(-t^2) dt}. */
    static Node erf(Node x) {
        return Node.apply(new Erf(), x);
    }

    /** {@code erfc x = 1 - erf x}, accurate where it is tiny. */
    static Node erfc(Node x) {
        return Node.apply(new Erfc(), x);
    }

    /**
     * {@code erfinv y}, the inverse of erf, as {@code torch.erfinv}: {@code ±inf} at {@code ±1}, NaN outside
     * {@code [-1, 1]}.
     */
    static Node erfinv(Node y) {
        return Node.apply(new Erfinv(), y);
    }

    /**
     * {@code lgamma x = ln |Gamma(x)|}, as {@code torch.lgamma}: {@code +inf} at the poles {@code 0, -1, -2, ...}
     * and at {@code ±inf}, exactly 0 at 1 and 2.
     */
    static Node lgamma(Node x) {
        return Node.apply(new LogGamma(), x);
    }

    /**
     * {@code digamma x = psi(x) = Gamma'(x) / Gamma(x)}, as {@code torch.digamma}: {@code -inf} at {@code +0},
     * {@code +inf} at {@code -0}, NaN at the negative integers and at {@code -inf}.
     */
    static Node digamma(Node x) {
        return Node.apply(new Digamma(), x);
    }

    /**
     * {@code polygamma(n, x) = psi^(n)(x)}, the n-th derivative of digamma, as {@code torch.polygamma}: digamma for
     * {@code n = 0}, trigamma for {@code n = 1}; {@code (-1)^(n+1) inf} at the poles {@code 0, -1, -2, ...}.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    static Node polygamma(int n, Node x) {
        if (n < 0) {
            throw new IllegalArgumentException("polygamma: order n must be >= 0, got " + n);
        }
        return n == 0 ? digamma(x) : Node.apply(new Polygamma(n), x);
    }

    /**
     * {@code i0 x = I0(x) = sum_k (x/2)^(2k) / (k!)^2}, the modified Bessel function of the first kind of order 0,
     * as {@code torch.special.i0}: even, at least 1, infinite from {@code |x| = 713.98...} on.
     */
    static Node i0(Node x) {
        return Node.apply(new BesselI0(), x);
    }

    /** {@code i0e x = e^(-|x|) I0(x)}, as {@code torch.special.i0e}: in {@code (0, 1]}, finite everywhere. */
    static Node i0e(Node x) {
        return Node.apply(new BesselI0Scaled(), x);
    }

    /**
     * {@code i1 x = I1(x) = sum_k (x/2)^(2k+1) / (k! (k+1)!)}, the modified Bessel function of the first kind of
     * order 1, as {@code torch.special.i1}: odd, infinite from {@code |x| = 713.98...} on.
     */
    static Node i1(Node x) {
        return Node.apply(new BesselI1(), x);
    }

    /** {@code i1e x = e^(-|x|) I1(x)}, as {@code torch.special.i1e}: odd, below 0.22 in magnitude. */
    static Node i1e(Node x) {
        return Node.apply(new BesselI1Scaled(), x);
    }

    /**
     * {@code ndtr x = Phi(x) = (1 + erf(x / sqrt 2)) / 2}, the standard normal distribution function, as
     * {@code torch.special.ndtr}, to a few ulps also in the lower tail.
     */
    static Node ndtr(Node x) {
        return Node.apply(new Ndtr(), x);
    }

    /**
     * {@code ndtri p = Phi^-1(p)}, the standard normal quantile function, as {@code torch.special.ndtri}:
     * {@code -inf} at 0, {@code +inf} at 1, NaN outside {@code [0, 1]}.
     */
    static Node ndtri(Node p) {
        return Node.apply(new Ndtri(), p);
    }

    /**
     * {@code logNdtr x = ln Phi(x)}, as {@code torch.special.log_ndtr}: finite far into the lower tail, where
     * {@code Phi} underflows ({@code ln Phi(-40) = -804.608...}).
     */
    static Node logNdtr(Node x) {
        return Node.apply(new LogNdtr(), x);
    }

    /**
     * {@code erfcx x = e^(x^2) erfc x}, the scaled complementary error function, as {@code torch.special.erfcx}:
     * about {@code 1 / (x sqrt pi)} for large x, where erfc underflows; {@code +inf} below {@code -26.6}.
     */
    static Node erfcx(Node x) {
        return Node.apply(new Erfcx(), x);
    }

    /**
     * {@code entr x = -x ln x}, the entropy term, as {@code torch.special.entr}: 0 at 0, {@code -inf} for
     * {@code x < 0}.
     */
    static Node entr(Node x) {
        return Node.apply(new Entropy(), x);
    }

    /**
     * The largest dimension {@link #multigammaln} takes, {@code 2^20}: its graph holds one lgamma over
     * {@code a} broadcast against the p offsets, an intermediate of {@code size(a) * p} elements.
     */
    int MULTIGAMMALN_MAX_P = 1 << 20;

    /**
     * {@code multigammaln(a, p) = ln Gamma_p(a) = p (p - 1) / 4 ln pi + sum_(j = 0)^(p - 1) lgamma(a - j / 2)},
     * the logarithm of the multivariate gamma function, as {@code torch.special.multigammaln}: a composition of
     * lgamma, so differentiable to every order ({@code d/da = sum_j digamma(a - j / 2)}). Defined for
     * {@code a > (p - 1) / 2}; at and below it a term reaches lgamma's poles or negative arguments, and the value is
     * that of the sum (as PyTorch 1.13 computes it: {@code +inf} at the poles), since a graph is built before its
     * values are known. The graph has a fixed number of nodes whatever p: the sum is a reduction over a last axis
     * holding {@code a - j / 2} for {@code j = 0, ..., p - 1} (PyTorch's form too), so its intermediate has
     * {@code size(a) * p} elements.
     *
     * @throws IllegalArgumentException if {@code p < 1} or {@code p > }{@link #MULTIGAMMALN_MAX_P}, or if
     *     {@code a} is not floating-point
     */
    static Node multigammaln(Node a, int p) {
        if (p < 1 || p > MULTIGAMMALN_MAX_P) {
            throw new IllegalArgumentException("multigammaln: dimension p must be in [1, " + MULTIGAMMALN_MAX_P
                    + "], got " + p);
        }
        if (!a.dtype().isFloating()) { // refused here, or lgamma, the first op of the sum, would be named
            throw new IllegalArgumentException("multigammaln: operand must be floating-point (f32 or f64), got "
                    + a.describe());
        }
        if (p == 1) {
            return lgamma(a);
        }
        double[] halves = new double[p];
        for (int j = 0; j < p; j++) {
            halves[j] = -0.5 * j;
        }
        Node offsets = SourceOp.constant(Tensor.of(a.dtype(), Shape.of(p), halves));
        Node sum = lgamma(a.unsqueeze(-1).add(offsets)).sum(-1);
        return sum.add((double) p * (p - 1) / 4.0 * 1.1447298858494002); // ln pi; p (p - 1) overflows an int
    }

    /**
     * {@code f(x) / x} for {@code f} i1 or i1e, whose limit at 0 is 1/2: below {@code |x| = 2^-6} the Taylor series
     * {@code I1(x)/x = 1/2 + x^2/16 + x^4/384 + x^6/18432} (the next term is below {@code 1e-20}), times
     * {@code e^(-|x|)} for i1e; elsewhere the quotient, of x replaced by 1 near 0 so that neither branch divides
     * by 0 in the gradient.
     */
    private static Node besselI1OverX(Node x, boolean scaled) {
        Node near = x.abs().less(0x1p-6);
        Node x2 = x.square();
        Node series = x2.mul(1.0 / 18432).add(1.0 / 384).mul(x2).add(1.0 / 16).mul(x2).add(0.5);
        Node safe = near.where(SourceOp.onesLike(x), x);
        Node quotient = (scaled ? i1e(safe) : i1(safe)).div(safe);
        return near.where(scaled ? series.mul(x.abs().neg().exp()) : series, quotient);
    }

    /** {@code 2/sqrt(pi) e^(-x^2)}, the derivative of erf, as a graph. */
    private static Node gaussian(Node x) {
        return x.square().neg().exp().mul(1.1283791670955126); // 2 / sqrt(pi)
    }

    /** {@code y = erf x}, odd, in (-1, 1); {@code xBar = yBar * 2/sqrt(pi) e^(-x^2)}. */
    record Erf() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("erf", SpecialFunctions::erf);

        @Override public String name() { return "erf"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(gaussian(x)); }
    }

    /** {@code y = erfc x = 1 - erf x}, in (0, 2); {@code xBar = -yBar * 2/sqrt(pi) e^(-x^2)}. */
    record Erfc() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("erfc", SpecialFunctions::erfc);

        @Override public String name() { return "erfc"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(gaussian(x)).neg(); }
    }

    /**
     * {@code y = erfinv x}, on {@code [-1, 1]}; {@code xBar = yBar * sqrt(pi)/2 e^(y^2)}, the reciprocal of erf's
     * slope at y, written with the output so that the gradient needs no second erfinv.
     */
    record Erfinv() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("erfinv", SpecialFunctions::erfinv);

        @Override public String name() { return "erfinv"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.between(-0.9, 0.9); }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.mul(y.square().exp().mul(0.8862269254527580)); // sqrt(pi) / 2
        }
    }

    /** {@code y = ln |Gamma(x)|}; {@code xBar = yBar * digamma x}. */
    record LogGamma() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("lgamma", GammaFunctions::lgamma);

        @Override public String name() { return "lgamma"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.POSITIVE; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(digamma(x)); }
    }

    /** {@code y = psi(x)}; {@code xBar = yBar * polygamma(1, x)}. */
    record Digamma() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("digamma", GammaFunctions::digamma);

        @Override public String name() { return "digamma"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.POSITIVE; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(polygamma(1, x)); }
    }

    /** {@code y = psi^(n)(x)} for {@code n >= 1}; {@code xBar = yBar * psi^(n+1)(x)}. */
    record Polygamma(int n) implements SpecialFunctionOp {
        /** Validates the order: digamma ({@code n = 0}) is its own op. */
        public Polygamma {
            if (n < 1) {
                throw new IllegalArgumentException("polygamma: order n must be >= 1 (0 is digamma), got " + n);
            }
        }

        @Override public String name() { return "polygamma(" + n + ")"; }
        @Override public Pointwise pointwise() { return Pointwise.unary(name(), x -> GammaFunctions.polygamma(n, x)); }
        @Override public Domain domain(int i) { return Domain.POSITIVE; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(polygamma(n + 1, x)); }
    }

    /** {@code y = I0(x)}; {@code xBar = yBar * I1(x)}. */
    record BesselI0() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("i0", BesselFunctions::i0);

        @Override public String name() { return "i0"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(i1(x)); }
    }

    /** {@code y = e^(-|x|) I0(x)}; {@code xBar = yBar * (I1e(x) - sign(x) y)}. */
    record BesselI0Scaled() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("i0e", BesselFunctions::i0e);

        @Override public String name() { return "i0e"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.AWAY_FROM_ZERO; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(i1e(x).sub(x.sign().mul(y))); }
    }

    /** {@code y = I1(x)}; {@code xBar = yBar * (I0(x) - I1(x)/x)}, 1/2 at 0. */
    record BesselI1() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("i1", BesselFunctions::i1);

        @Override public String name() { return "i1"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.mul(i0(x).sub(besselI1OverX(x, false)));
        }
    }

    /** {@code y = e^(-|x|) I1(x)}; {@code xBar = yBar * (I0e(x) - sign(x) y - I1e(x)/x)}, 1/2 at 0. */
    record BesselI1Scaled() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("i1e", BesselFunctions::i1e);

        @Override public String name() { return "i1e"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.AWAY_FROM_ZERO; }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.mul(i0e(x).sub(x.sign().mul(y)).sub(besselI1OverX(x, true)));
        }
    }

    /**
     * {@code 1/sqrt(2 pi) e^(-x^2/2)}, the standard normal density, as a graph. In float64 the rounding of
     * {@code x^2} is put back: {@code e^(-x^2/2)} reads it times {@code x^2/2} (485 ulps at 35), so with
     * {@code x^2 = hi + lo} exactly (Dekker's product, x split in halves of 26 bits by Veltkamp's constant
     * {@code 2^27 + 1}) the density is {@code e^(-hi/2) (1 - lo/2)}, {@code |lo| <= ulp(hi) / 2}. The split reads x
     * clipped to [-64, 64], where it cannot overflow; beyond, {@code e^(-hi/2)} is 0.
     */
    private static Node normalDensity(Node x) {
        Node density = x.square().mul(-0.5).exp().mul(0.3989422804014327); // 1 / sqrt(2 pi)
        if (x.dtype() != dev.adjoint.core.tensor.DType.FLOAT64) {
            return density;
        }
        Node c = x.clip(-64, 64);
        Node scaled = c.mul(134217729.0);
        Node high = scaled.sub(scaled.sub(c));
        Node low = c.sub(high);
        Node lo = high.mul(high).sub(c.square()).add(high.mul(low).mul(2.0)).add(low.mul(low));
        return density.mul(lo.mul(-0.5).add(1.0));
    }

    /** {@code y = Phi(x)}, in [0, 1]; {@code xBar = yBar phi(x)}, the standard normal density. */
    record Ndtr() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("ndtr", NormalDistribution::ndtr);

        @Override public String name() { return "ndtr"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(normalDensity(x)); }
    }

    /**
     * {@code y = Phi^-1(p)}, on {@code [0, 1]}; {@code pBar = yBar / phi(y) = yBar sqrt(2 pi) e^(y^2 / 2)}, the
     * reciprocal of ndtr's slope at y, written with the output.
     */
    record Ndtri() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("ndtri", NormalDistribution::ndtri);

        @Override public String name() { return "ndtri"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.between(0.1, 0.9); }
        @Override public Node pullback(Node p, Node y, Node yBar) {
            return yBar.mul(y.square().mul(0.5).exp().mul(2.5066282746310002)); // sqrt(2 pi)
        }
    }

    /**
     * {@code y = ln Phi(x)}; {@code xBar = yBar r(x)}, {@code r = phi(x) / Phi(x)}, written for {@code x < 0} with
     * {@code u = -x / sqrt 2} as {@code sqrt(2/pi) / erfcx(u)} (about {@code -x} in the tail, where phi and Phi
     * underflow) and for {@code x >= 0} as the quotient. Below {@code x = -1/4} it is written as the same number
     * {@code -x - erfcx'(u) / (sqrt 2 erfcx(u))} (by {@code erfcx' = 2u erfcx - 2/sqrt(pi)}), a sum of two positive
     * terms whose derivatives do not cancel: the second derivative of {@code sqrt(2/pi) / erfcx(u)},
     * {@code r'' = r ((x + r)(x + 2r) - 1)} (logNdtr's third), is a difference of two terms equal to a relative
     * {@code 2 / x^2}, and read 7,700 ulps off at -43 (its sign wrong far out); near 0 the reciprocal form is the
     * more accurate. Each branch reads the others' x as 0, so none overflows, nor gives NaN to the gradient of an
     * unselected branch. Against mpmath at 1,775 points, logNdtr's second and third derivatives by autodiff are
     * within 2 and 10 ulps below -1/4, the third within 18 on {@code [-1/4, 0)} (13 in float32); at random points
     * the third reached 19.5 ulps just below -1/4 and 20.3 above it (14 in float32).
     */
    record LogNdtr() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("logNdtr", NormalDistribution::logNdtr);

        @Override public String name() { return "logNdtr"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            Node negative = x.less(0.0);
            Node far = x.less(-0.25);
            Node zero = SourceOp.zerosLike(x);
            Node farX = far.where(x, zero);
            Node nearX = far.where(zero, negative.where(x, zero));
            Node right = negative.where(zero, x);
            Node u = farX.mul(-0.7071067811865476); // -x / sqrt 2
            Node farTail = farX.neg().sub(erfcxDerivative(1, u).div(erfcx(u)).mul(0.7071067811865476));
            Node nearTail = erfcx(nearX.mul(-0.7071067811865476)).reciprocal().mul(0.7978845608028654); // sqrt(2/pi)
            Node body = normalDensity(right).div(ndtr(right));
            return yBar.mul(far.where(farTail, negative.where(nearTail, body)));
        }
    }

    /** {@code d^n/dx^n erfcx x}, the derivatives in erfcx's pullback. */
    private static Node erfcxDerivative(int n, Node x) {
        return Node.apply(new ErfcxDerivative(n), x);
    }

    /**
     * {@code y = e^(x^2) erfc x}, positive; {@code xBar = yBar erfcx'(x)} by {@link ErfcxDerivative}: the formula
     * {@code 2 x y - 2/sqrt(pi)} is a difference of two numbers equal to a relative {@code 1 / (2 x^2)} (in
     * float32 it had the wrong sign at {@code x = 100}).
     */
    record Erfcx() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("erfcx", NormalDistribution::erfcx);

        @Override public String name() { return "erfcx"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(erfcxDerivative(1, x)); }
    }

    /**
     * {@code y = d^n/dx^n erfcx x} for {@code n >= 1} ({@link ErfcxDerivatives}: {@code (-2)^n n!} times the scaled
     * repeated integral {@code e^(x^2) i^n erfc x}, by polynomial fits on {@code [0, 32)} and its recurrence from
     * them, elsewhere by its recurrence for {@code x <= 1/2} and its continued fraction above, within a few ulps);
     * {@code xBar = yBar d^(n+1)/dx^(n+1) erfcx x}.
     *
     * @param n the order of the derivative
     */
    record ErfcxDerivative(int n) implements SpecialFunctionOp {
        /** Validates the order: order 0 is erfcx itself. */
        public ErfcxDerivative {
            if (n < 1) {
                throw new IllegalArgumentException("erfcx derivative: order n must be >= 1 (0 is erfcx), got " + n);
            }
        }

        @Override public String name() { return "erfcxDerivative(" + n + ")"; }
        @Override public Pointwise pointwise() {
            return Pointwise.unary(name(), x -> ErfcxDerivatives.derivative(n, x));
        }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(erfcxDerivative(n + 1, x)); }
    }

    /**
     * {@code y = -x ln x}, 0 at 0, {@code -inf} for {@code x < 0} (as PyTorch), NaN for NaN; domain
     * {@code x > 0}. {@code xBar = -yBar (ln x + 1)}: {@code +inf} at 0 (as PyTorch), NaN below.
     */
    record Entropy() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("entr",
                x -> x > 0 ? -x * StrictMath.log(x) : x == 0 ? 0.0 : x < 0 ? Double.NEGATIVE_INFINITY : x);

        @Override public String name() { return "entr"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.POSITIVE; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(x.log().add(1.0)).neg(); }
    }
}
