package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;

/**
 * The fluent forms of the elementwise factories on {@link Node}: {@code x.exp()} is {@link UnaryOp#exp}{@code (x)},
 * {@code a.add(b)} is {@link BinaryOp#add}{@code (a, b)} (NumPy broadcasting), {@code c.where(a, b)} is
 * {@link WhereOp#where}{@code (c, a, b)}. Sugar only: each form calls its factory, which holds the rules.
 */
public sealed interface ElementwiseForms permits Node {

    /** The node these forms are called on. */
    private Node self() {
        return (Node) this;
    }


    /** {@link BinaryOp#add}: {@code this + other}. */
    default Node add(Node other) { return BinaryOp.add(self(), other); }

    /** {@code this + c}. */
    default Node add(double c) { return BinaryOp.add(self(), SourceOp.scalarFor("add", c, self())); }

    /** {@link BinaryOp#sub}: {@code this - other}. */
    default Node sub(Node other) { return BinaryOp.sub(self(), other); }

    /** {@code this - c}. */
    default Node sub(double c) { return BinaryOp.sub(self(), SourceOp.scalarFor("sub", c, self())); }

    /** {@link BinaryOp#mul}: {@code this * other} elementwise. */
    default Node mul(Node other) { return BinaryOp.mul(self(), other); }

    /** {@code this * c}. */
    default Node mul(double c) { return BinaryOp.mul(self(), SourceOp.scalarFor("mul", c, self())); }

    /** {@link BinaryOp#div}: {@code this / other} elementwise. */
    default Node div(Node other) { return BinaryOp.div(self(), other); }

    /** {@code this / c}. */
    default Node div(double c) { return BinaryOp.div(self(), SourceOp.scalarFor("div", c, self())); }

    /** {@link BinaryOp#pow}: {@code this ^ other} elementwise (the base positive where the exponent varies). */
    default Node pow(Node other) { return BinaryOp.pow(self(), other); }

    /** {@link BinaryOp#maximum}: elementwise maximum. */
    default Node maximum(Node other) { return BinaryOp.maximum(self(), other); }

    /** {@link BinaryOp#fmax}: elementwise maximum ignoring NaN. */
    default Node fmax(Node other) { return BinaryOp.fmax(self(), other); }

    /** {@link BinaryOp#fmin}: elementwise minimum ignoring NaN. */
    default Node fmin(Node other) { return BinaryOp.fmin(self(), other); }

    /** {@link BinaryOp#copysign}: {@code |this|} with the sign of {@code sign}. */
    default Node copysign(Node sign) { return BinaryOp.copysign(self(), sign); }

    /** Elementwise maximum with {@code c}, {@code c} a constant of this node's dtype (as in {@link #add(double)}). */
    default Node maximum(double c) { return BinaryOp.maximum(self(), SourceOp.scalarFor("maximum", c, self())); }

    /** {@link BinaryOp#minimum}: elementwise minimum. */
    default Node minimum(Node other) { return BinaryOp.minimum(self(), other); }

    /** Elementwise minimum with {@code c}, {@code c} a constant of this node's dtype (as in {@link #add(double)}). */
    default Node minimum(double c) { return BinaryOp.minimum(self(), SourceOp.scalarFor("minimum", c, self())); }

    /** {@link BinaryOp#greater}: {@code [this > other]}. */
    default Node greater(Node other) { return BinaryOp.greater(self(), other); }

    /** {@code [this > c]}, {@code c} a constant of this node's dtype (as in {@link #add(double)}). */
    default Node greater(double c) { return BinaryOp.greater(self(), SourceOp.scalarFor("greater", c, self())); }

    /** {@link BinaryOp#greaterEqual}: {@code [this >= other]}. */
    default Node greaterEqual(Node other) { return BinaryOp.greaterEqual(self(), other); }

    /** {@code [this >= c]}, {@code c} a constant of this node's dtype (as in {@link #add(double)}). */
    default Node greaterEqual(double c) {
        return BinaryOp.greaterEqual(self(), SourceOp.scalarFor("greaterEqual", c, self()));
    }

    /** {@link BinaryOp#less}: {@code [this < other]}. */
    default Node less(Node other) { return BinaryOp.less(self(), other); }

    /** {@code [this < c]}, {@code c} a constant of this node's dtype (as in {@link #add(double)}). */
    default Node less(double c) { return BinaryOp.less(self(), SourceOp.scalarFor("less", c, self())); }

    /** {@link BinaryOp#lessEqual}: {@code [this <= other]}. */
    default Node lessEqual(Node other) { return BinaryOp.lessEqual(self(), other); }

    /** {@code [this <= c]}, {@code c} a constant of this node's dtype (as in {@link #add(double)}). */
    default Node lessEqual(double c) { return BinaryOp.lessEqual(self(), SourceOp.scalarFor("lessEqual", c, self())); }

    /** {@link BinaryOp#equal}: {@code [this == other]}. */
    default Node equal(Node other) { return BinaryOp.equal(self(), other); }

    /** {@code [this == c]}, {@code c} a constant of this node's dtype (as in {@link #add(double)}). */
    default Node equal(double c) { return BinaryOp.equal(self(), SourceOp.scalarFor("equal", c, self())); }

    /** {@link BinaryOp#notEqual}: {@code [this != other]}. */
    default Node notEqual(Node other) { return BinaryOp.notEqual(self(), other); }

    /** {@code [this != c]}, {@code c} a constant of this node's dtype (as in {@link #add(double)}). */
    default Node notEqual(double c) { return BinaryOp.notEqual(self(), SourceOp.scalarFor("notEqual", c, self())); }

    /** {@link WhereOp#where}: {@code this != 0 ? a : b}, this node being the condition. */
    default Node where(Node a, Node b) { return WhereOp.where(self(), a, b); }

    /** {@link UnaryOp#neg}: {@code -this}. */
    default Node neg() { return UnaryOp.neg(self()); }

    /** {@link UnaryOp#exp}: {@code e^this}. */
    default Node exp() { return UnaryOp.exp(self()); }

    /** {@link UnaryOp#log}: the natural logarithm. */
    default Node log() { return UnaryOp.log(self()); }

    /** {@link UnaryOp#log1p}: {@code ln(1 + this)}. */
    default Node log1p() { return UnaryOp.log1p(self()); }

    /** {@link UnaryLogarithmOp#log2}: {@code log_2 this}. */
    default Node log2() { return UnaryLogarithmOp.log2(self()); }

    /** {@link UnaryLogarithmOp#log10}: {@code log_10 this}. */
    default Node log10() { return UnaryLogarithmOp.log10(self()); }

    /** {@link UnaryLogarithmOp#logit(Node)}: {@code ln(this / (1 - this))}. */
    default Node logit() { return UnaryLogarithmOp.logit(self()); }

    /** {@link UnaryLogarithmOp#logit(Node, double)}: the logit of this clamped to {@code [eps, 1 - eps]}. */
    default Node logit(double eps) { return UnaryLogarithmOp.logit(self(), eps); }

    /** {@link UnaryOp#expm1}: {@code e^this - 1}. */
    default Node expm1() { return UnaryOp.expm1(self()); }

    /** {@link UnaryOp#sqrt}: the square root. */
    default Node sqrt() { return UnaryOp.sqrt(self()); }

    /** {@link UnaryOp#square}: {@code this * this}. */
    default Node square() { return UnaryOp.square(self()); }

    /** {@link UnaryOp#abs}: the absolute value. */
    default Node abs() { return UnaryOp.abs(self()); }

    /** {@link UnaryOp#sign}: the sign, in {-1, 0, 1}. */
    default Node sign() { return UnaryOp.sign(self()); }

    /** {@link UnaryOp#sin}: the sine. */
    default Node sin() { return UnaryOp.sin(self()); }

    /** {@link UnaryOp#cos}: the cosine. */
    default Node cos() { return UnaryOp.cos(self()); }

    /** {@link UnaryOp#tanh}: the hyperbolic tangent. */
    default Node tanh() { return UnaryOp.tanh(self()); }

    /** {@link UnaryOp#sigmoid}: the logistic sigmoid {@code 1 / (1 + e^-this)}. */
    default Node sigmoid() { return UnaryOp.sigmoid(self()); }

    /** {@link UnaryOp#relu}: {@code max(self(), 0)}. */
    default Node relu() { return UnaryOp.relu(self()); }

    /** {@link UnaryOp#leakyRelu}: {@code this > 0 ? this : alpha this}. */
    default Node leakyRelu(double alpha) { return UnaryOp.leakyRelu(self(), alpha); }

    /** {@link UnaryOp#elu}: {@code this > 0 ? this : alpha (e^this - 1)}. */
    default Node elu(double alpha) { return UnaryOp.elu(self(), alpha); }

    /** {@link UnaryOp#softplus}: {@code ln(1 + e^this)}, computed stably. */
    default Node softplus() { return UnaryOp.softplus(self()); }

    /** {@link UnaryOp#pow}: {@code this ^ p} for a constant exponent. */
    default Node pow(double p) { return UnaryOp.pow(self(), p); }

    /** {@link UnaryOp#clip}: {@code min(max(self(), lo), hi)}. */
    default Node clip(double lo, double hi) { return UnaryOp.clip(self(), lo, hi); }

    /** {@link WhereOp#clamp}: this clamped to {@code [lo, hi]}, tensor bounds; ties give the gradient to this. */
    default Node clamp(Node lo, Node hi) { return WhereOp.clamp(self(), lo, hi); }

    /** {@link WhereOp#clampMin}: this bounded below by a tensor. */
    default Node clampMin(Node lo) { return WhereOp.clampMin(self(), lo); }

    /** {@link WhereOp#clampMax}: this bounded above by a tensor. */
    default Node clampMax(Node hi) { return WhereOp.clampMax(self(), hi); }

    /** {@link UnaryOp#stopGradient}: the identity forward, a zero gradient. */
    default Node stopGradient() { return UnaryOp.stopGradient(self()); }

    /** {@link UnaryOp#cast}: conversion to another dtype. */
    default Node cast(DType dtype) { return UnaryOp.cast(self(), dtype); }

    /** {@link NanFunctions#nanToNum(Node)}: NaN to 0, the infinities to the dtype's extreme finite values. */
    default Node nanToNum() { return NanFunctions.nanToNum(self()); }

    /** {@link NanFunctions#nanToNum(Node, double)}: NaN to {@code nan}, the infinities to the extreme values. */
    default Node nanToNum(double nan) { return NanFunctions.nanToNum(self(), nan); }

    /** {@link NanFunctions#nanToNum(Node, double, double, double)}: NaN and the infinities replaced. */
    default Node nanToNum(double nan, double posinf, double neginf) {
        return NanFunctions.nanToNum(self(), nan, posinf, neginf);
    }
}
