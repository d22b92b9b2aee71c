package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.UnaryOp;
import java.util.List;
import java.util.Objects;

/**
 * The softmax along the last axis, {@code s_i = e^(z_i) / sum_j e^(z_j)} (Keras {@code "softmax"},
 * {@code axis=-1}), computed as {@code exp(logSoftmax(z))} with the {@link #logSoftmax(Node)} below. Its VJP,
 * from the composition, is {@code zBar = s * (sBar - sum_j sBar_j s_j)}.
 *
 * <p>For training, prefer feeding the logits to {@code CategoricalCrossEntropy(true)}; the cross-entropies
 * also recognise this node (an {@code exp}) and use the log-softmax of its argument instead of {@code log s}.
 */
public record Softmax() implements Activation {

    @Override
    public Node apply(Node x) {
        return UnaryOp.exp(logSoftmax(x));
    }

    /**
     * {@code log softmax(z) = z - logSumExp(z)} along the last axis, evaluated as {@code u - logSumExp(u)} with
     * {@code u = z - m} and {@code m = stopGradient(max z)}, which is exact in the shift and has the same
     * derivatives ({@code I - softmax(z)}) because log-softmax does not change when a constant is added to
     * every logit.
     *
     * <p>Why the shift: at large magnitudes the unshifted form loses the log-sum of the tied maxima, since
     * {@code 1e30 + ln 2 == 1e30}; {@code ReduceOp.softmax} of {@code [-1e30, 1e30, 1e30]} gives
     * {@code [0, 1, 1]} in core (and {@code [0, 0.49989, 0.49989]} for {@code 1e4} in float32). After the
     * shift the maxima are exactly 0 and the result is {@code [-inf, -ln 2, -ln 2]} to the last bit.
     *
     * @throws IllegalArgumentException if {@code z} has rank 0
     */
    public static Node logSoftmax(Node z) {
        Objects.requireNonNull(z, "x is null");
        if (z.rank() < 1) {
            throw new IllegalArgumentException("Softmax: input must have rank >= 1 (a class axis), got "
                    + z.shape());
        }
        // the Extremum record itself: over an empty class axis the shift is -inf and the result empty, as torch's
        Node max = Node.apply(new ReduceOp.Extremum(List.of(z.rank() - 1), true, true), z);
        Node u = z.sub(UnaryOp.stopGradient(max));
        return u.sub(ReduceOp.logSumExp(u, true, -1));
    }

    @Override
    public String name() {
        return "softmax";
    }
}
