package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.OpSpec.Claim.SECOND_ORDER;
import static dev.adjoint.core.graph.OpSpec.Claim.ZERO_GRADIENT;

import dev.adjoint.core.graph.ActivationOp.Gelu;
import dev.adjoint.core.graph.OpCase.Arg;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The rows of the op table for the function families beside {@link UnaryOp} and {@link BinaryOp}: special
 * functions, activations, trigonometric and hyperbolic functions, roundings, powers, quotients, logarithmic
 * functions, and the clamps by tensor bounds. Values come from each op's declared domain, except where an op is
 * smooth on a set the domain cannot express: the hard activations (kinks at ±3) and the remainders (jumps where
 * {@code a / b} is an integer) draw their own values, away from the kinks and jumps.
 */
final class FunctionSpecs {

    private FunctionSpecs() {
    }

    static List<OpSpec> all() {
        return List.of(
                ElementwiseSpecs.unary("erf", SpecialFunctionOp::erf, SECOND_ORDER),
                ElementwiseSpecs.unary("erfc", SpecialFunctionOp::erfc, SECOND_ORDER),
                ElementwiseSpecs.unary("erfinv", SpecialFunctionOp::erfinv, SECOND_ORDER),
                ElementwiseSpecs.unary("lgamma", SpecialFunctionOp::lgamma, SECOND_ORDER),
                ElementwiseSpecs.unary("digamma", SpecialFunctionOp::digamma, SECOND_ORDER),
                ElementwiseSpecs.unary("polygamma(1)", x -> SpecialFunctionOp.polygamma(1, x), SECOND_ORDER),
                ElementwiseSpecs.unary("polygamma(3)", x -> SpecialFunctionOp.polygamma(3, x), SECOND_ORDER),
                ElementwiseSpecs.unary("i0", SpecialFunctionOp::i0, SECOND_ORDER),
                ElementwiseSpecs.unary("i0e", SpecialFunctionOp::i0e, SECOND_ORDER),
                ElementwiseSpecs.unary("i1", SpecialFunctionOp::i1, SECOND_ORDER),
                ElementwiseSpecs.unary("i1e", SpecialFunctionOp::i1e, SECOND_ORDER),
                ElementwiseSpecs.unary("ndtr", SpecialFunctionOp::ndtr, SECOND_ORDER),
                ElementwiseSpecs.unary("ndtri", SpecialFunctionOp::ndtri, SECOND_ORDER),
                ElementwiseSpecs.unary("logNdtr", SpecialFunctionOp::logNdtr, SECOND_ORDER),
                ElementwiseSpecs.unary("erfcx", SpecialFunctionOp::erfcx, SECOND_ORDER),
                ElementwiseSpecs.unary("erfcxDerivative(1)",
                        x -> Node.apply(new SpecialFunctionOp.ErfcxDerivative(1), x), SECOND_ORDER),
                ElementwiseSpecs.unary("entr", SpecialFunctionOp::entr, SECOND_ORDER),
                ElementwiseSpecs.unary("multigammaln(3)", x -> SpecialFunctionOp.multigammaln(x.exp().add(1.2), 3),
                        SECOND_ORDER).asComposition(),
                inSecondArgument("zeta", BinarySpecialFunctionOp::zeta),
                inSecondArgument("gammainc", BinarySpecialFunctionOp::gammainc),
                inSecondArgument("gammaincc", BinarySpecialFunctionOp::gammaincc),
                inSecondArgument("gammaDensity",
                        (a, x) -> Broadcasting.apply(new BinarySpecialFunctionOp.GammaDensity(), a, x)),
                ElementwiseSpecs.unary("gelu", ActivationOp::gelu, SECOND_ORDER),
                ElementwiseSpecs.unary("gelu(tanh)", x -> ActivationOp.gelu(x, Gelu.Approximation.TANH), SECOND_ORDER),
                ElementwiseSpecs.unary("silu", ActivationOp::silu, SECOND_ORDER),
                ElementwiseSpecs.unary("logSigmoid", ActivationOp::logSigmoid, SECOND_ORDER).asComposition(),
                softplusWithParameters(),
                ElementwiseSpecs.unary("selu", ActivationOp::selu, SECOND_ORDER),
                ElementwiseSpecs.unary("mish", ActivationOp::mish, SECOND_ORDER),
                awayFromKinks("hardSigmoid", ActivationOp::hardSigmoid),
                awayFromKinks("hardSwish", ActivationOp::hardSwish),
                ElementwiseSpecs.unary("softsign", ActivationOp::softsign, SECOND_ORDER),
                ElementwiseSpecs.unary("tan", TrigonometricOp::tan, SECOND_ORDER),
                ElementwiseSpecs.unary("sinc", TrigonometricOp::sinc, SECOND_ORDER),
                ElementwiseSpecs.unary("sincDerivative(1)",
                        x -> Node.apply(new TrigonometricOp.SincDerivative(1), x), SECOND_ORDER),
                ElementwiseSpecs.unary("atan", TrigonometricOp::atan, SECOND_ORDER),
                ElementwiseSpecs.unary("asin", TrigonometricOp::asin, SECOND_ORDER),
                ElementwiseSpecs.unary("acos", TrigonometricOp::acos, SECOND_ORDER),
                ElementwiseSpecs.unary("oneMinusSquare",
                        x -> Node.apply(new TrigonometricOp.OneMinusSquare(), x), SECOND_ORDER),
                ElementwiseSpecs.unary("sinh", HyperbolicOp::sinh, SECOND_ORDER),
                ElementwiseSpecs.unary("cosh", HyperbolicOp::cosh, SECOND_ORDER),
                ElementwiseSpecs.unary("asinh", HyperbolicOp::asinh, SECOND_ORDER),
                ElementwiseSpecs.unary("acosh", HyperbolicOp::acosh, SECOND_ORDER),
                ElementwiseSpecs.unary("atanh", HyperbolicOp::atanh, SECOND_ORDER),
                ElementwiseSpecs.unary("floor", RoundingOp::floor, ZERO_GRADIENT),
                ElementwiseSpecs.unary("ceil", RoundingOp::ceil, ZERO_GRADIENT),
                ElementwiseSpecs.unary("round", RoundingOp::round, ZERO_GRADIENT),
                ElementwiseSpecs.unary("trunc", RoundingOp::trunc, ZERO_GRADIENT),
                ElementwiseSpecs.unary("reciprocal", PowerOp::reciprocal, SECOND_ORDER),
                ElementwiseSpecs.unary("rsqrt", PowerOp::rsqrt, SECOND_ORDER),
                ElementwiseSpecs.unary("exp2", PowerOp::exp2, SECOND_ORDER),
                ElementwiseSpecs.binary("atan2", QuotientOp::atan2, SECOND_ORDER),
                ElementwiseSpecs.binary("hypot", QuotientOp::hypot, SECOND_ORDER),
                offIntegerQuotients("remainder", QuotientOp::remainder),
                offIntegerQuotients("fmod", QuotientOp::fmod),
                ElementwiseSpecs.binary("floorDivide", QuotientOp::floorDivide, ZERO_GRADIENT),
                ElementwiseSpecs.binary("logaddexp", LogarithmicOp::logaddexp, SECOND_ORDER),
                ElementwiseSpecs.binary("xlogy", LogarithmicOp::xlogy, SECOND_ORDER),
                ElementwiseSpecs.binary("xlog1py", LogarithmicOp::xlog1py, SECOND_ORDER),
                clamp("clamp", in -> WhereOp.clamp(in.get(0), in.get(1), in.get(2)), 3),
                clamp("clampMin", in -> WhereOp.clampMin(in.get(0), in.get(1)), 2),
                clamp("clampMax", in -> WhereOp.clampMax(in.get(0), in.get(1)), 2));
    }

    /**
     * {@code f(a, b)} differentiated in b only, on a broadcasting pair drawn from the op's domains: a (zeta's
     * exponent, the incomplete gamma functions' shape) has no derivative, so it is an argument left out of
     * {@code wrt}, as a constant is.
     */
    static OpSpec inSecondArgument(String name, BinaryOperator<Node> f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape[] pair = ElementwiseSpecs.broadcastPair(d);
            Op op = d.opOf(in -> f.apply(in.get(0), in.get(1)), pair);
            Tensor a = d.tensor(pair[0], op.domain(0));
            Tensor b = d.tensor(pair[1], op.domain(1));
            boolean[] batch = ElementwiseSpecs.batchable(pair);
            return new OpCase(name + " " + pair[0] + " " + pair[1], List.of(Arg.index("a", a).batchedIf(batch[0]),
                    Arg.of("b", b).batchedIf(batch[1])), in -> f.apply(in.get(0), in.get(1)));
        }), SECOND_ORDER);
    }

    /** {@code f(x)} with x in [-6, 6] at least 0.1 away from the kinks at ±3. */
    static OpSpec awayFromKinks(String name, UnaryOperator<Node> f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            double[] x = d.tensor(s, Domain.between(-6, 6)).toDoubleArray();
            for (int i = 0; i < x.length; i++) {
                double distance = Math.abs(x[i]) - 3;
                if (Math.abs(distance) < 0.1) {
                    x[i] = Math.copySign(distance < 0 ? 2.9 : 3.1, x[i]);
                }
            }
            return new OpCase(name, List.of(Arg.of("x", Tensor.of(d.dtype, s, x)).batchedIf(s.rank() > 0)),
                    in -> f.apply(in.get(0)));
        }), SECOND_ORDER);
    }

    /**
     * PyTorch's {@code softplus(x, beta, threshold)} for beta of either sign and thresholds inside and beyond the
     * drawn range, x in [-3, 3] at least 0.1 from the jump at {@code beta x = threshold}.
     */
    static OpSpec softplusWithParameters() {
        return OpSpec.of("softplus(beta, threshold)", Draw.cases(d -> {
            double beta = d.oneOf(1.0, 2.0, 0.5, -1.5);
            double threshold = d.oneOf(20.0, 1.0, -0.5, Double.POSITIVE_INFINITY);
            Shape s = d.shape(0, Draw.MAX_RANK);
            double[] x = d.tensor(s, Domain.REAL).toDoubleArray();
            for (int i = 0; i < x.length; i++) {
                double distance = beta * x[i] - threshold;
                if (Math.abs(distance) < 0.1 * Math.abs(beta)) {
                    x[i] += Math.copySign(0.2, distance * beta);
                }
            }
            return new OpCase("softplus beta " + beta + " threshold " + threshold,
                    List.of(Arg.of("x", Tensor.of(d.dtype, s, x)).batchedIf(s.rank() > 0)),
                    in -> in.get(0).softplus(beta, threshold));
        }), SECOND_ORDER).asComposition();
    }

    /**
     * {@code f(a, b)} with {@code |b|} in [0.5, 2] of either sign and {@code a = b (k + u)}, k an integer in
     * [-3, 3] and u in [0.1, 0.9]: the quotient stays at least 0.1 from an integer (the remainders' jumps).
     */
    static OpSpec offIntegerQuotients(String name, BinaryOperator<Node> f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            double[] b = d.tensor(s, new Domain(-2, 2, 1, 0, 0.5)).toDoubleArray();
            double[] u = d.tensor(s, Domain.between(0.1, 0.9)).toDoubleArray();
            double[] a = new double[b.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = b[i] * (d.integer(-3, 3) + u[i]);
            }
            return new OpCase(name, List.of(Arg.of("a", Tensor.of(d.dtype, s, a)).batchedIf(s.rank() > 0),
                    Arg.of("b", Tensor.of(d.dtype, s, b)).batchedIf(s.rank() > 0)),
                    in -> f.apply(in.get(0), in.get(1)));
        }), SECOND_ORDER);
    }

    /**
     * A clamp of x by {@code bounds - 1} tensor bounds, all broadcasting against x's shape, with all elements
     * distinct (no ties, where the gradient jumps).
     */
    static OpSpec clamp(String name, java.util.function.Function<List<Node>, Node> f, int arity) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape x = d.shape(0, Draw.MAX_RANK);
            Shape[] shapes = new Shape[arity];
            shapes[0] = x;
            for (int i = 1; i < arity; i++) {
                shapes[i] = d.broadcastableTo(x);
            }
            List<Tensor> values = d.distinctTensors(shapes);
            boolean[] batch = ElementwiseSpecs.batchable(shapes);
            String[] names = {"x", "lo", "hi"};
            List<Arg> args = new java.util.ArrayList<>();
            for (int i = 0; i < arity; i++) {
                args.add(Arg.of(names[i], values.get(i)).batchedIf(batch[i]));
            }
            return new OpCase(name + " " + java.util.Arrays.toString(shapes), args, f);
        }), SECOND_ORDER).asComposition();
    }
}
