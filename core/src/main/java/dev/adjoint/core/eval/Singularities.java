package dev.adjoint.core.eval;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Op;
import dev.adjoint.core.graph.Provenance;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Tensor;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * Recognizes the known causes of a NaN or an infinity from the op that produced it and its input values,
 * and names a safe alternative. Called only when a node produced non-finite values.
 *
 * <p>Known causes, in the order they are tried: an input that already held non-finite values (it came from
 * a source: bound data or a constant); a singular derivative in a backward pass ({@code sqrt}, {@code log},
 * {@code log1p} and {@code x^p} with {@code p < 1} at their singular point, and the exponent gradient of
 * {@code a^b} for {@code a <= 0}); {@code log} of 0 or a negative number, {@code log1p} of -1 or less,
 * {@code sqrt} of a negative number, {@code exp} overflow, powers of a negative base or of 0 with a negative
 * exponent, division by 0 (and the mean of an empty axis, 0 / 0), a maximum or minimum or log-sum-exp over
 * an empty axis; and, when the inputs are finite and the output infinite, overflow of the dtype.
 */
final class Singularities {

    private static final String LOG_HINT = "for log(softmax(z)) use logSoftmax(z), or a cross-entropy from logits;"
            + " for log(1 + x) use log1p(x), for log(1 + e^x) softplus(x); otherwise keep the argument positive,"
            + " e.g. log(x + 1e-12) or log(clip(x, 1e-12, Double.MAX_VALUE))";

    private Singularities() {
    }

    /** A recognized cause and what to do instead. */
    record Diagnosis(String cause, String hint) {
    }

    static Optional<Diagnosis> diagnose(Node node, Tensor[] in, Tensor out, Map<Node, Integer> numbers) {
        for (int j = 0; j < in.length; j++) {
            AnomalyCheck.Values v = AnomalyCheck.Values.of(in[j]);
            if (!v.finite()) {
                Node source = node.inputs().get(j);
                return Optional.of(new Diagnosis("input %" + numbers.get(source) + " already holds "
                        + v.nonFinite() + ", so the non-finite values come from " + origin(source),
                        source.op() instanceof SourceOp.Input input ? "check the values bound to '" + input.label()
                                + "'" : "keep non-finite values out of constants and fills, or disable detection"
                                + " for graphs that use them on purpose (e.g. masks of -Infinity)"));
            }
        }
        Optional<Node> forward = Provenance.gradientOf(node);
        if (forward.isPresent()) {
            Optional<Diagnosis> singular = singularDerivative(node, in, forward.get(), numbers);
            if (singular.isPresent()) {
                return singular;
            }
        }
        return forwardCause(node, in, out, numbers, forward.isPresent());
    }

    private static String origin(Node source) {
        if (source.op() instanceof SourceOp.Input input) {
            return "the values bound to input '" + input.label() + "'";
        }
        if (source.op() instanceof SourceOp) {
            return "a " + source.op().name();
        }
        return "a node whose non-finite values are not an anomaly themselves (the identity of a reduction over an"
                + " empty axis, such as max = -Infinity, or a reshape or broadcast of it)";
    }

    /** Pullbacks that divide by zero or take a logarithm at the singular point of their op's derivative. */
    private static Optional<Diagnosis> singularDerivative(Node node, Tensor[] in, Node forward,
            Map<Node, Integer> numbers) {
        Op f = forward.op();
        Op op = node.op();
        String at = AnomalyCheck.ref(forward, numbers);
        if (op instanceof BinaryOp.Div && in.length == 2) {
            long zeros = count(in[1], v -> v == 0);
            if (zeros > 0 && f instanceof UnaryOp.Sqrt) {
                return Optional.of(new Diagnosis("the derivative of sqrt at 0 is infinite: the pullback of " + at
                        + " divides by 2 sqrt(x), which is 0 at " + zeros + " position(s)",
                        "differentiate sqrt(x + eps) instead, e.g. x.add(1e-12).sqrt(), or for a norm"
                                + " sqrt(sum(x^2) + eps); sqrt itself is fine at 0, its derivative is not"));
            }
            if (zeros > 0 && f instanceof UnaryOp.Log) {
                return Optional.of(new Diagnosis("the derivative of log at 0 is infinite: the pullback of " + at
                        + " divides by x, which is 0 at " + zeros + " position(s)", LOG_HINT));
            }
            if (zeros > 0 && f instanceof UnaryOp.Log1p) {
                return Optional.of(new Diagnosis("the derivative of log1p at -1 is infinite: the pullback of " + at
                        + " divides by 1 + x, which is 0 at " + zeros + " position(s)",
                        "keep the argument above -1, e.g. clip it; for log1p(exp(x)) use softplus(x)"));
            }
        }
        if (op instanceof UnaryOp.PowConstant q && f instanceof UnaryOp.PowConstant p && q.p() < 0
                && count(in[0], v -> v == 0) > 0) {
            return Optional.of(new Diagnosis("the derivative of x^" + p.p() + " is infinite at 0 (p x^(p-1) with"
                    + " p - 1 < 0): the pullback of " + at + " meets x = 0 at " + count(in[0], v -> v == 0)
                    + " position(s)", "shift the base away from 0, e.g. (x + eps)^p, or clip it"));
        }
        if (op instanceof UnaryOp.Log && f instanceof BinaryOp.Pow && count(in[0], v -> v <= 0) > 0) {
            return Optional.of(new Diagnosis("the gradient of a^b with respect to the exponent b needs ln a,"
                    + " undefined for a <= 0: the pullback of " + at + " meets " + count(in[0], v -> v <= 0)
                    + " base(s) <= 0", "for a constant exponent use pow(x, p) with a double, which has no exponent"
                    + " gradient; otherwise keep the base positive"));
        }
        return Optional.empty();
    }

    private static Optional<Diagnosis> forwardCause(Node node, Tensor[] in, Tensor out, Map<Node, Integer> numbers,
            boolean backward) {
        Op op = node.op();
        String x = in.length > 0 ? "%" + numbers.get(node.inputs().get(0)) : "";
        if (op instanceof UnaryOp.Log) {
            long zeros = count(in[0], v -> v == 0);
            long negative = count(in[0], v -> v < 0);
            if (zeros + negative > 0) {
                String cause = "log is -Infinity at 0 and NaN below 0; " + x + " holds " + zeros + " zero(s) and "
                        + negative + " negative value(s)";
                if (node.inputs().get(0).op() instanceof UnaryOp.Exp) {
                    return diagnosis(cause + "; " + x + " is an exp (a softmax is exp(logSoftmax)) that underflowed"
                            + " to 0", "log(exp(u)) is u: take logSoftmax(z) instead of log(softmax(z)), or a"
                            + " cross-entropy from logits");
                }
                return diagnosis(cause, LOG_HINT);
            }
        } else if (op instanceof UnaryOp.Log1p) {
            long minusOne = count(in[0], v -> v == -1);
            long below = count(in[0], v -> v < -1);
            if (minusOne + below > 0) {
                return diagnosis("log1p is -Infinity at -1 and NaN below -1; " + x + " holds " + minusOne
                        + " value(s) equal to -1 and " + below + " below", "keep the argument above -1, e.g. clip"
                        + " it; for log1p(exp(x)) use softplus(x), for log1p(-sigmoid(x)) use -softplus(x)");
            }
        } else if (op instanceof UnaryOp.Sqrt) {
            long negative = count(in[0], v -> v < 0);
            if (negative > 0) {
                return diagnosis("sqrt of a negative number is NaN; " + x + " holds " + negative
                        + " negative value(s)", "take sqrt(maximum(x, 0)) or sqrt(abs(x)); for a variance computed"
                        + " as E[x^2] - E[x]^2, use mean((x - mean x)^2), which cannot be negative");
            }
        } else if (op instanceof UnaryOp.Exp || op instanceof UnaryOp.Expm1) {
            double limit = Math.log(largest(node.dtype()));
            long over = count(in[0], v -> v > limit);
            if (over > 0) {
                return diagnosis(op.name() + " overflows " + node.dtype().shortName() + " above "
                        + String.format(java.util.Locale.ROOT, "%.2f", limit) + "; " + x + " holds " + over
                        + " such value(s), up to " + AnomalyCheck.Values.of(in[0]).max(),
                        "use the stable primitives instead of exp: logSumExp, logSoftmax and softmax subtract the"
                                + " maximum, softplus(x) is log(1 + e^x), sigmoid(x) is 1 / (1 + e^-x), and"
                                + " cross-entropies take logits; otherwise clip the argument");
            }
        } else if (op instanceof UnaryOp.PowConstant p) {
            Optional<Diagnosis> d = power(in[0], p.p() == Math.rint(p.p()), p.p() < 0, x);
            if (d.isPresent()) {
                return d;
            }
        } else if (op instanceof BinaryOp.Pow) {
            boolean integerExponents = count(in[1], v -> v != Math.rint(v)) == 0;
            boolean negativeExponents = count(in[1], v -> v < 0) > 0;
            Optional<Diagnosis> d = power(in[0], integerExponents, negativeExponents, x);
            if (d.isPresent()) {
                return d;
            }
        } else if (op instanceof BinaryOp.Div) {
            long zeros = count(in[1], v -> v == 0);
            if (zeros > 0) {
                Node divisor = node.inputs().get(1);
                Node counted = divisor;
                while (counted.op() instanceof MovementOp.BroadcastTo) {
                    counted = counted.inputs().get(0);
                }
                String y = "%" + numbers.get(divisor);
                String cause = "division by zero: the divisor " + y + " holds " + zeros + " zero(s)";
                String hint = "keep the divisor away from 0: a / (b + eps), or a / where(b == 0, 1, b) (a where"
                        + " after the division still computes a / 0)";
                if (counted.op() instanceof ReduceOp.Count) {
                    return diagnosis(cause + "; it counts the elements of an empty axis, and the mean of nothing"
                            + " is 0 / 0 = NaN", "do not take a mean over an empty axis (a batch of 0 rows)");
                }
                if (isZeroConstant(counted)) {
                    hint += "; if this is a mean, its axis is empty and the mean of nothing is 0 / 0 = NaN";
                }
                return diagnosis(cause, hint);
            }
        } else if ((op instanceof ReduceOp.Extremum || op instanceof ReduceOp.LogSumExp) && in[0].size() == 0) {
            return diagnosis(op.name() + " over an empty axis is an infinity (the identity of the reduction), got"
                    + " input " + in[0].shape(), "do not reduce over an empty axis (a batch of 0 rows)");
        }
        AnomalyCheck.Values result = AnomalyCheck.Values.of(out);
        if (result.positiveInfinity() + result.negativeInfinity() > 0) {
            double limit = largest(node.dtype());
            return diagnosis("the result overflows " + node.dtype().shortName() + " (largest finite value "
                    + limit + ") although every input is finite", backward
                    ? "exploding gradients: lower the learning rate, scale the inputs, clip gradients, or compute"
                    + " in float64" : "scale the inputs or weights down (exploding activations), lower the"
                    + " learning rate, or compute in float64");
        }
        return Optional.empty();
    }

    private static boolean isZeroConstant(Node divisor) {
        return divisor.op() instanceof SourceOp.Constant c && c.value().size() == 1 && c.value().flat(0) == 0;
    }

    private static Optional<Diagnosis> power(Tensor base, boolean integerExponent, boolean negativeExponent,
            String x) {
        long negative = count(base, v -> v < 0);
        if (!integerExponent && negative > 0) {
            return diagnosis("a negative base to a non-integer power is NaN; " + x + " holds " + negative
                    + " negative value(s)", "keep the base positive: pow(abs(x), p) or pow(clip(x, eps, ...), p); for"
                    + " p = 2 use square()");
        }
        long zeros = count(base, v -> v == 0);
        if (negativeExponent && zeros > 0) {
            return diagnosis("0 to a negative power is infinite; " + x + " holds " + zeros + " zero(s)",
                    "add an epsilon to the base: pow(x + eps, p)");
        }
        return Optional.empty();
    }

    private static Optional<Diagnosis> diagnosis(String cause, String hint) {
        return Optional.of(new Diagnosis(cause, hint));
    }

    private static double largest(DType dtype) {
        return dtype == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
    }

    private static long count(Tensor t, DoublePredicate p) {
        long n = 0;
        for (int i = 0, size = t.size(); i < size; i++) {
            if (p.test(t.flat(i))) {
                n++;
            }
        }
        return n;
    }
}
