package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.Function;

/**
 * A node whose value holds a NaN or an infinity, with its input and output values: what an op reads to
 * recognize a known cause of it ({@link Op#diagnose}, {@link Op#diagnosePullback}).
 *
 * @param node the node that produced non-finite values
 * @param inputs the values of its inputs, in order
 * @param output its value
 * @param refs how messages name a node, e.g. {@code %7} as the printed graph numbers it
 */
public record Anomaly(Node node, List<Tensor> inputs, Tensor output, Function<Node, String> refs) {

    /**
     * A recognized cause and what to do instead.
     *
     * @param cause what went wrong, with the values that show it
     * @param hint a safe alternative
     */
    public record Diagnosis(String cause, String hint) {
        /** Validates the parameters. */
        public Diagnosis {
            Objects.requireNonNull(cause, "cause is null");
            Objects.requireNonNull(hint, "hint is null");
        }
    }

    /** Copies the inputs. */
    public Anomaly {
        Objects.requireNonNull(node, "node is null");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(output, "output is null");
        Objects.requireNonNull(refs, "refs is null");
    }

    /** How messages name input {@code i} of the node, e.g. {@code %3}. */
    public String input(int i) {
        return refs.apply(node.inputs().get(i));
    }

    /** How messages name {@code n}. */
    public String ref(Node n) {
        return refs.apply(n);
    }

    /** The number of elements of input {@code i} satisfying {@code p}. */
    public long count(int i, DoublePredicate p) {
        Tensor t = inputs.get(i);
        long n = 0;
        for (int j = 0, size = t.size(); j < size; j++) {
            if (p.test(t.flat(j))) {
                n++;
            }
        }
        return n;
    }

    /** The largest finite value of input {@code i}, or -Infinity when it has none. */
    public double max(int i) {
        Tensor t = inputs.get(i);
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0, size = t.size(); j < size; j++) {
            double v = t.flat(j);
            if (Double.isFinite(v)) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    /** The diagnosis {@code (cause, hint)}, present. */
    public static Optional<Diagnosis> found(String cause, String hint) {
        return Optional.of(new Diagnosis(cause, hint));
    }

    /** The largest finite value of {@code dtype}. */
    public static double largest(DType dtype) {
        return dtype == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
    }

    /** Overflow of {@code e^x} (exp, expm1) in the node's dtype, above {@code ln(largest value)}. */
    Optional<Diagnosis> overflow() {
        return overflow(Math.log(largest(node.dtype())), false, "use the stable primitives instead of exp:"
                + " logSumExp, logSoftmax and softmax subtract the maximum, softplus(x) is log(1 + e^x), sigmoid(x)"
                + " is 1 / (1 + e^-x), and cross-entropies take logits; otherwise clip the argument");
    }

    /**
     * Overflow of the node's op beyond {@code limit}: input 0 holds values above it (or, when
     * {@code twoSided}, of magnitude above it), and the op's result does not fit the dtype there.
     */
    Optional<Diagnosis> overflow(double limit, boolean twoSided, String hint) {
        long over = count(0, v -> twoSided ? Math.abs(v) > limit : v > limit);
        if (over == 0) {
            return Optional.empty();
        }
        return found(node.op().name() + " overflows " + node.dtype().shortName() + (twoSided ? " beyond ±" : " above ")
                + String.format(Locale.ROOT, "%.2f", limit) + "; " + input(0) + " holds " + over
                + " such value(s), up to " + max(0), hint);
    }

    /**
     * A pullback node of {@code forward} that divides by zero, where the derivative of {@code singularAt} (e.g.
     * {@code log at 0}) is infinite; {@code divisor} names the divisor of the pullback. Else empty.
     */
    Optional<Diagnosis> infiniteDerivative(Node forward, String singularAt, String divisor, String hint) {
        long zeros = node.op() instanceof BinaryOp.Div ? count(1, v -> v == 0) : 0;
        return zeros == 0 ? Optional.empty() : found("the derivative of " + singularAt + " is infinite: the"
                + " pullback of " + ref(forward) + " divides by " + divisor + ", which is 0 at " + zeros
                + " position(s)", hint);
    }

    /**
     * The causes of NaN or infinity in a power {@code base^p}: a negative base to a non-integer power, or 0 to a
     * negative power. Shared by {@link UnaryOp.PowConstant} and {@link BinaryOp.Pow}.
     */
    Optional<Diagnosis> power(boolean integerExponent, boolean negativeExponent) {
        long negative = count(0, v -> v < 0);
        if (!integerExponent && negative > 0) {
            return found("a negative base to a non-integer power is NaN; " + input(0) + " holds " + negative
                    + " negative value(s)", "keep the base positive: pow(abs(x), p) or pow(clip(x, eps, ...), p);"
                    + " for p = 2 use square()");
        }
        long zeros = count(0, v -> v == 0);
        if (negativeExponent && zeros > 0) {
            return found("0 to a negative power is infinite; " + input(0) + " holds " + zeros + " zero(s)",
                    "add an epsilon to the base: pow(x + eps, p)");
        }
        return Optional.empty();
    }
}
