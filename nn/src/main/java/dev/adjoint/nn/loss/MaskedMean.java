package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * Keras's mean of per-step values over the valid steps of a masked sequence: for values {@code l : [N, T]},
 * a mask {@code m : [N, T]} (1 at a valid step, 0 at padding) and optional sample weights {@code w : [N]},
 *
 * <pre>
 * L = sum_{n,t} l_nt w_n m_nt / (sum_{n,t} m_nt + eps),   eps = 1e-7
 * </pre>
 *
 * <p>the {@code "sum_over_batch_size"} reduction after Keras's {@code apply_mask} (which scales the mask by
 * {@code total / (valid + epsilon)}, with Keras's {@code backend.epsilon() = 1e-7}); a batch of padding
 * only gives 0. The gradient is {@code dL/dl_nt = w_n m_nt / (sum(m) + eps)}: padded steps get none.
 */
public final class MaskedMean {

    /** Keras's {@code backend.epsilon()}. */
    public static final double EPSILON = 1e-7;

    private MaskedMean() {
    }

    /**
     * The numerator {@code sum(l w m)}: summed over the shards of a batch and divided by the batch's
     * {@code sum(m) + eps}, it gives {@link #of}.
     *
     * @throws IllegalArgumentException if the values and the mask differ in shape
     */
    public static Node sum(Node perStep, Node mask, Node sampleWeights) {
        Objects.requireNonNull(perStep, "perStep is null");
        Objects.requireNonNull(mask, "mask is null");
        if (perStep.rank() != 2 || !perStep.shape().equals(mask.shape())) {
            throw new IllegalArgumentException("masked mean: the per-step values must be [N, T] like the mask, got "
                    + perStep.shape() + " for the mask " + mask.shape());
        }
        Node weighted = perStep.mul(mask.cast(perStep.dtype()));
        if (sampleWeights != null) {
            weighted = weighted.mul(sampleWeights.cast(perStep.dtype()).unsqueeze(-1));
        }
        return weighted.sum();
    }

    /**
     * {@code sum(l w m) / (sum(m) + eps)}.
     *
     * @param perStep the per-step values {@code [N, T]}
     * @param mask the mask {@code [N, T]}
     * @param sampleWeights the weights {@code [N]}, or null for weights of 1
     * @throws IllegalArgumentException if the values and the mask differ in shape
     */
    public static Node of(Node perStep, Node mask, Node sampleWeights) {
        Node numerator = sum(perStep, mask, sampleWeights);
        return numerator.div(mask.cast(perStep.dtype()).sum().add(EPSILON));
    }
}
