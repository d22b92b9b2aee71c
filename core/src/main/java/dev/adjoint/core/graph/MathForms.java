package dev.adjoint.core.graph;

/**
 * The fluent forms of the mathematical function families on {@link Node}: {@code x.erf()} is
 * {@link SpecialFunctionOp#erf}{@code (x)}, {@code y.atan2(x)} is {@link QuotientOp#atan2}{@code (y, x)}, and so
 * on for {@link TrigonometricOp}, {@link HyperbolicOp}, {@link RoundingOp}, {@link PowerOp},
 * {@link QuotientOp} and {@link LogarithmicOp}. Sugar only: each form calls its factory, which holds the rules.
 */
public sealed interface MathForms permits Node {

    /** The node these forms are called on. */
    private Node self() {
        return (Node) this;
    }

    /** {@link SpecialFunctionOp#erf}: the error function. */
    default Node erf() { return SpecialFunctionOp.erf(self()); }

    /** {@link SpecialFunctionOp#erfc}: {@code 1 - erf(this)}, accurate where it is tiny. */
    default Node erfc() { return SpecialFunctionOp.erfc(self()); }

    /** {@link SpecialFunctionOp#erfinv}: the inverse error function. */
    default Node erfinv() { return SpecialFunctionOp.erfinv(self()); }

    /** {@link SpecialFunctionOp#lgamma}: {@code ln |Gamma(this)|}. */
    default Node lgamma() { return SpecialFunctionOp.lgamma(self()); }

    /** {@link SpecialFunctionOp#digamma}: {@code psi(this) = Gamma'/Gamma}. */
    default Node digamma() { return SpecialFunctionOp.digamma(self()); }

    /** {@link SpecialFunctionOp#erfcx}: {@code e^(this^2) erfc(this)}, accurate where erfc underflows. */
    default Node erfcx() { return SpecialFunctionOp.erfcx(self()); }

    /** {@link SpecialFunctionOp#ndtr}: the standard normal distribution function {@code Phi(this)}. */
    default Node ndtr() { return SpecialFunctionOp.ndtr(self()); }

    /** {@link SpecialFunctionOp#ndtri}: the standard normal quantile function {@code Phi^-1(this)}. */
    default Node ndtri() { return SpecialFunctionOp.ndtri(self()); }

    /** {@link SpecialFunctionOp#logNdtr}: {@code ln Phi(this)}, finite far into the lower tail. */
    default Node logNdtr() { return SpecialFunctionOp.logNdtr(self()); }

    /** {@link SpecialFunctionOp#entr}: {@code -this ln(this)}, 0 at 0. */
    default Node entr() { return SpecialFunctionOp.entr(self()); }

    /** {@link SpecialFunctionOp#multigammaln}: {@code ln Gamma_p(this)}, the multivariate log-gamma function. */
    default Node multigammaln(int p) { return SpecialFunctionOp.multigammaln(self(), p); }

    /** {@link BinarySpecialFunctionOp#zeta}: the Hurwitz zeta function {@code zeta(this, q)}. */
    default Node zeta(Node q) { return BinarySpecialFunctionOp.zeta(self(), q); }

    /** {@link BinarySpecialFunctionOp#gammainc}: the regularized lower incomplete gamma {@code P(this, x)}. */
    default Node gammainc(Node x) { return BinarySpecialFunctionOp.gammainc(self(), x); }

    /** {@link BinarySpecialFunctionOp#gammaincc}: the regularized upper incomplete gamma {@code Q(this, x)}. */
    default Node gammaincc(Node x) { return BinarySpecialFunctionOp.gammaincc(self(), x); }

    /** {@link SpecialFunctionOp#i0}: the modified Bessel function {@code I0(this)}. */
    default Node i0() { return SpecialFunctionOp.i0(self()); }

    /** {@link SpecialFunctionOp#i0e}: {@code e^(-|this|) I0(this)}. */
    default Node i0e() { return SpecialFunctionOp.i0e(self()); }

    /** {@link SpecialFunctionOp#i1}: the modified Bessel function {@code I1(this)}. */
    default Node i1() { return SpecialFunctionOp.i1(self()); }

    /** {@link SpecialFunctionOp#i1e}: {@code e^(-|this|) I1(this)}. */
    default Node i1e() { return SpecialFunctionOp.i1e(self()); }

    /** {@link TrigonometricOp#tan}: the tangent. */
    default Node tan() { return TrigonometricOp.tan(self()); }

    /** {@link TrigonometricOp#sinc}: {@code sin(pi this) / (pi this)}, 1 at 0. */
    default Node sinc() { return TrigonometricOp.sinc(self()); }

    /** {@link TrigonometricOp#atan}: the arctangent. */
    default Node atan() { return TrigonometricOp.atan(self()); }

    /** {@link TrigonometricOp#asin}: the arcsine. */
    default Node asin() { return TrigonometricOp.asin(self()); }

    /** {@link TrigonometricOp#acos}: the arccosine. */
    default Node acos() { return TrigonometricOp.acos(self()); }

    /** {@link HyperbolicOp#sinh}: the hyperbolic sine. */
    default Node sinh() { return HyperbolicOp.sinh(self()); }

    /** {@link HyperbolicOp#cosh}: the hyperbolic cosine. */
    default Node cosh() { return HyperbolicOp.cosh(self()); }

    /** {@link HyperbolicOp#asinh}: the inverse hyperbolic sine. */
    default Node asinh() { return HyperbolicOp.asinh(self()); }

    /** {@link HyperbolicOp#acosh}: the inverse hyperbolic cosine. */
    default Node acosh() { return HyperbolicOp.acosh(self()); }

    /** {@link HyperbolicOp#atanh}: the inverse hyperbolic tangent. */
    default Node atanh() { return HyperbolicOp.atanh(self()); }

    /** {@link RoundingOp#floor}: rounded down. */
    default Node floor() { return RoundingOp.floor(self()); }

    /** {@link RoundingOp#ceil}: rounded up. */
    default Node ceil() { return RoundingOp.ceil(self()); }

    /** {@link RoundingOp#round}: rounded to the nearest integer, ties to even. */
    default Node round() { return RoundingOp.round(self()); }

    /** {@link RoundingOp#trunc}: rounded towards zero. */
    default Node trunc() { return RoundingOp.trunc(self()); }

    /** {@link PowerOp#reciprocal}: {@code 1 / this}. */
    default Node reciprocal() { return PowerOp.reciprocal(self()); }

    /** {@link PowerOp#rsqrt}: {@code 1 / sqrt(this)}. */
    default Node rsqrt() { return PowerOp.rsqrt(self()); }

    /** {@link PowerOp#exp2}: {@code 2^this}, exact at the integers. */
    default Node exp2() { return PowerOp.exp2(self()); }

    /** {@link QuotientOp#hypot}: {@code sqrt(this^2 + b^2)} without overflow. */
    default Node hypot(Node b) { return QuotientOp.hypot(self(), b); }

    /** {@link QuotientOp#atan2}: the angle of the point {@code (x, this)}. */
    default Node atan2(Node x) { return QuotientOp.atan2(self(), x); }

    /** {@link QuotientOp#remainder}: {@code this mod b}, with the sign of b. */
    default Node remainder(Node b) { return QuotientOp.remainder(self(), b); }

    /** {@link QuotientOp#fmod}: {@code this mod b}, with the sign of this. */
    default Node fmod(Node b) { return QuotientOp.fmod(self(), b); }

    /** {@link QuotientOp#floorDivide}: {@code floor(this / b)} of floats (PyTorch's {@code floor_divide}). */
    default Node floorDivide(Node b) { return QuotientOp.floorDivide(self(), b); }

    /** {@link LogarithmicOp#logaddexp}: {@code ln(e^this + e^b)}. */
    default Node logaddexp(Node b) { return LogarithmicOp.logaddexp(self(), b); }

    /** {@link LogarithmicOp#xlogy}: {@code this ln y}, 0 where this is 0. */
    default Node xlogy(Node y) { return LogarithmicOp.xlogy(self(), y); }

    /** {@link LogarithmicOp#xlog1py}: {@code this ln(1 + y)}, 0 where this is 0. */
    default Node xlog1py(Node y) { return LogarithmicOp.xlog1py(self(), y); }
}
