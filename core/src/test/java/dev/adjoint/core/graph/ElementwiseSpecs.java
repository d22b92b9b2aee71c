package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.OpSpec.Claim.LINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.MULTILINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.SECOND_ORDER;
import static dev.adjoint.core.graph.OpSpec.Claim.ZERO_GRADIENT;

import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.Tolerance;
import dev.adjoint.core.graph.BinaryOp.Compare;
import dev.adjoint.core.graph.OpCase.Arg;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The elementwise rows of the op table: unary functions on random shapes with values from each function's
 * domain (as the op declares it, {@link Op#domain}), binary functions on random broadcasting pairs, selection
 * and comparisons.
 */
final class ElementwiseSpecs {

    private ElementwiseSpecs() {
    }

    static List<OpSpec> all() {
        List<OpSpec> specs = new ArrayList<>(List.of(
                unary("neg", UnaryOp::neg, LINEAR, SECOND_ORDER),
                unary("exp", UnaryOp::exp, SECOND_ORDER),
                unary("log", UnaryOp::log, SECOND_ORDER),
                unary("log1p", UnaryOp::log1p, SECOND_ORDER),
                unary("log2", UnaryLogarithmOp::log2, SECOND_ORDER),
                unary("log10", UnaryLogarithmOp::log10, SECOND_ORDER),
                unary("logit", UnaryLogarithmOp::logit, SECOND_ORDER),
                // eps below the domain's 0.1: the clamp's kinks stay out of reach (0 is no clamp at all)
                parametrized("logit(p, eps)", new Double[] {0.0, 0.01, 0.05}, UnaryLogarithmOp::logit),
                unary("expm1", UnaryOp::expm1, SECOND_ORDER),
                unary("sqrt", UnaryOp::sqrt, SECOND_ORDER),
                unary("square", UnaryOp::square, SECOND_ORDER).asComposition(),
                unary("abs", UnaryOp::abs, SECOND_ORDER),
                unary("sin", UnaryOp::sin, SECOND_ORDER),
                unary("cos", UnaryOp::cos, SECOND_ORDER),
                unary("tanh", UnaryOp::tanh, SECOND_ORDER),
                unary("sigmoid", UnaryOp::sigmoid, SECOND_ORDER),
                unary("softplus", UnaryOp::softplus, SECOND_ORDER),
                unary("relu", UnaryOp::relu, SECOND_ORDER),
                parametrized("leakyRelu", new Double[] {0.01, 0.2, 1.5}, UnaryOp::leakyRelu),
                parametrized("elu", new Double[] {1.0, 0.5, 2.0}, UnaryOp::elu),
                parametrized("pow(x, constant)", new Double[] {2.0, 3.0, 0.5, -1.5, 1.7, 1.0, 0.0, -1.0},
                        UnaryOp::pow),
                // The round trip goes through float32, whose rounding (half an ulp, at most 1.2e-7 for
                // |x| <= 3) would swamp the default step of 1e-6: the difference quotient would be off by up
                // to 12%. A step of 1e-2 keeps the rounding error below 1.2e-5 relative; the round trip is the
                // identity plus rounding, so a large step adds no truncation error. atol and rtol are unchanged.
                castRoundTrip().withFloat64(new Tolerance(1e-2, Tolerance.FLOAT64.atol(), Tolerance.FLOAT64.rtol())),
                unary("stopGradient", UnaryOp::stopGradient, ZERO_GRADIENT),
                unary("sign", UnaryOp::sign, ZERO_GRADIENT),
                binary("add", BinaryOp::add, LINEAR, SECOND_ORDER),
                binary("sub", BinaryOp::sub, LINEAR, SECOND_ORDER),
                binary("mul", BinaryOp::mul, MULTILINEAR, SECOND_ORDER),
                binary("div", BinaryOp::div, SECOND_ORDER),
                binary("pow(a, b)", BinaryOp::pow, SECOND_ORDER),
                distinctBinary("maximum", BinaryOp::maximum),
                distinctBinary("minimum", BinaryOp::minimum),
                distinctBinary("fmax", BinaryOp::fmax),
                distinctBinary("fmin", BinaryOp::fmin),
                binary("copysign", BinaryOp::copysign, SECOND_ORDER),
                clip().asComposition(),
                where()));
        for (Compare.Kind kind : Compare.Kind.values()) {
            specs.add(distinctBinary(kind.name().toLowerCase(java.util.Locale.ROOT),
                    (a, b) -> BinaryOp.compare(kind, a, b), ZERO_GRADIENT));
        }
        return specs;
    }

    /** {@code f(x)} on a random shape of rank 0 to 3 with values from the op's domain. */
    static OpSpec unary(String name, UnaryOperator<Node> f, OpSpec.Claim... claims) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            Tensor x = d.tensor(s, d.opOf(in -> f.apply(in.get(0)), s).domain(0));
            return new OpCase(name, List.of(Arg.of("x", x).batchedIf(s.rank() > 0)), in -> f.apply(in.get(0)));
        }), claims);
    }

    /** {@code f(x, p)} for a parameter drawn from {@code params}, x from the domain of the op with that p. */
    static OpSpec parametrized(String name, Double[] params, BiFunction<Node, Double, Node> f) {
        return OpSpec.of(name, Draw.cases(d -> {
            double p = d.oneOf(params);
            Shape s = d.shape(0, Draw.MAX_RANK);
            Tensor x = d.tensor(s, d.opOf(in -> f.apply(in.get(0), p), s).domain(0));
            return new OpCase(name + " p=" + p, List.of(Arg.of("x", x).batchedIf(s.rank() > 0)),
                    in -> f.apply(in.get(0), p));
        }), SECOND_ORDER);
    }

    /** {@code cast(cast(x, other), x.dtype)}: float64 to float32 and back, or float32 to float64 and back. */
    static OpSpec castRoundTrip() {
        return OpSpec.of("cast round trip", Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            Tensor x = d.tensor(s, Domain.REAL);
            DType other = d.dtype == DType.FLOAT64 ? DType.FLOAT32 : DType.FLOAT64;
            return new OpCase("cast via " + other.shortName(), List.of(Arg.of("x", x).batchedIf(s.rank() > 0)),
                    in -> UnaryOp.cast(UnaryOp.cast(in.get(0), other), d.dtype));
        }), SECOND_ORDER);
    }

    /** {@code f(a, b)} on a random broadcasting pair (one of them sometimes a scalar), from the op's domains. */
    static OpSpec binary(String name, BinaryOperator<Node> f, OpSpec.Claim... claims) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape[] pair = broadcastPair(d);
            Op op = d.opOf(in -> f.apply(in.get(0), in.get(1)), pair);
            Tensor a = d.tensor(pair[0], op.domain(0));
            Tensor b = d.tensor(pair[1], op.domain(1));
            return binaryCase(name, pair, a, b, f);
        }), claims);
    }

    /** {@code f(a, b)} on a broadcasting pair whose elements are all distinct (no ties). */
    static OpSpec distinctBinary(String name, BinaryOperator<Node> f, OpSpec.Claim... claims) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape[] pair = broadcastPair(d);
            List<Tensor> ab = d.distinctTensors(pair);
            return binaryCase(name, pair, ab.get(0), ab.get(1), f);
        }), claims);
    }

    private static OpCase binaryCase(String name, Shape[] pair, Tensor a, Tensor b, BinaryOperator<Node> f) {
        boolean[] batch = batchable(pair);
        return new OpCase(name + " " + pair[0] + " " + pair[1],
                List.of(Arg.of("a", a).batchedIf(batch[0]), Arg.of("b", b).batchedIf(batch[1])),
                in -> f.apply(in.get(0), in.get(1)));
    }

    /** {@code clip(x, lo, hi)} with x's elements at least 0.09 away from both bounds (no kink in reach). */
    static OpSpec clip() {
        return OpSpec.of("clip", Draw.cases(d -> {
            // distinctTensors puts elements at 0.01 or 0.06 modulo 0.3; these bounds are 0.15 modulo 0.3.
            double lo = d.oneOf(-0.45, -0.15);
            double hi = d.oneOf(0.15, 0.45);
            Shape s = d.shape(0, Draw.MAX_RANK);
            Tensor x = d.distinctTensors(s).get(0);
            return new OpCase("clip [" + lo + ", " + hi + "]", List.of(Arg.of("x", x).batchedIf(s.rank() > 0)),
                    in -> UnaryOp.clip(in.get(0), lo, hi));
        }), SECOND_ORDER);
    }

    /** {@code where(c, a, b)} with a BOOL condition, all three broadcasting; differentiated in a and b. */
    static OpSpec where() {
        return OpSpec.of("where", Draw.cases(d -> {
            Shape[] ab = broadcastPair(d);
            Shape result = Shape.broadcast(ab[0], ab[1], "test");
            Shape cs = d.broadcastableTo(result);
            Shape[] all = {cs, ab[0], ab[1]};
            boolean[] batch = batchable(all);
            Op op = new WhereOp.Where();
            Tensor c = d.mask(cs);
            Tensor a = d.tensor(ab[0], op.domain(1));
            Tensor b = d.tensor(ab[1], op.domain(2));
            return new OpCase("where " + cs + " " + ab[0] + " " + ab[1],
                    List.of(Arg.index("c", c).batchedIf(batch[0]), Arg.of("a", a).batchedIf(batch[1]),
                            Arg.of("b", b).batchedIf(batch[2])),
                    in -> WhereOp.where(in.get(0), in.get(1), in.get(2)));
        }), LINEAR, SECOND_ORDER);
    }

    /** A broadcasting pair from {@link Gens#broadcastPairs} (a scalar operand included). */
    static Shape[] broadcastPair(Draw d) {
        return Gens.broadcastPairs(Draw.MAX_RANK, Draw.MAX_DIM).next(d.choices);
    }

    /**
     * Which operands may be declared with {@code N} on axis 0 so that the broadcast still type-checks: the
     * operands of the largest rank whose axis 0 is the result's (the others align axis 0 with nothing, or
     * with size 1, which broadcasts against N).
     */
    static boolean[] batchable(Shape... shapes) {
        int rank = 0;
        for (Shape s : shapes) {
            rank = Math.max(rank, s.rank());
        }
        boolean[] out = new boolean[shapes.length];
        if (rank == 0) {
            return out;
        }
        int d0 = 1;
        for (Shape s : shapes) {
            if (s.rank() == rank) {
                d0 = Math.max(d0, s.dim(0));
            }
        }
        for (int i = 0; i < shapes.length; i++) {
            out[i] = shapes[i].rank() == rank && shapes[i].dim(0) == d0;
        }
        return out;
    }
}
