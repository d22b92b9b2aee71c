package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Reductions;
import java.util.Objects;

/**
 * The softmax along the last axis, {@code s_i = e^(z_i) / sum_j e^(z_j)}, computed as
 * {@code exp(z - logSumExp(z))} so that logits of {@code ±1e30} give finite values (Keras {@code "softmax"},
 * {@code axis=-1}). Its VJP, from the composition, is {@code zBar = s * (sBar - sum_j sBar_j s_j)}.
 *
 * <p>For training, prefer feeding the logits to {@code CategoricalCrossEntropy(true)}; the cross-entropies
 * also recognise this node (an {@code exp}) and use {@code logSoftmax} of its argument instead of
 * {@code log s}.
 */
public record Softmax() implements Activation {

    @Override
    public Node apply(Node x) {
        Objects.requireNonNull(x, "x is null");
        if (x.rank() < 1) {
            throw new IllegalArgumentException("Softmax: input must have rank >= 1 (a class axis), got "
                    + x.shape());
        }
        return Reductions.softmax(x, -1);
    }

    @Override
    public String name() {
        return "softmax";
    }
}
