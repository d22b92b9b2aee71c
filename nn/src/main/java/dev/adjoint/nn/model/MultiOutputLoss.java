package dev.adjoint.nn.model;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.MaskedMean;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The loss of a model with several outputs, as Keras's {@code compile(loss=[...], loss_weights=[...])}: the
 * weighted sum of one loss per output,
 * {@code L = Σ_k w_k L_k(y_k, ŷ_k)}, where output {@code k}'s predictions {@code ŷ_k} and targets {@code y_k}
 * are read from the packed arrays the training loop sees ({@link PackedColumns}). Its gradient is
 * {@code dL/dŷ_k = w_k dL_k/dŷ_k}; the per-example losses are {@code l_n = Σ_k w_k l_{k,n}}, so sample weights
 * weight every output alike.
 *
 * @param predictions the outputs' layout in the packed predictions
 * @param targets the targets' layout in the packed targets (a label per example for a sparse loss)
 * @param losses one loss per output
 * @param weights one finite weight {@code >= 0} per output
 */
public record MultiOutputLoss(PackedColumns predictions, PackedColumns targets, List<Loss> losses,
        List<Double> weights) implements Loss {

    /** Checks one loss and one finite non-negative weight per output. */
    public MultiOutputLoss {
        Objects.requireNonNull(predictions, "predictions is null");
        Objects.requireNonNull(targets, "targets is null");
        losses = List.copyOf(Objects.requireNonNull(losses, "losses is null"));
        weights = List.copyOf(Objects.requireNonNull(weights, "weights is null"));
        if (losses.size() != predictions.count() || weights.size() != predictions.count()
                || targets.count() != predictions.count()) {
            throw new IllegalArgumentException("multi_output_loss: one loss, weight and target per output "
                    + predictions.names() + ", got " + losses.size() + " losses, " + weights.size() + " weights, "
                    + targets.count() + " targets");
        }
        for (int k = 0; k < weights.size(); k++) {
            double w = weights.get(k);
            if (!Double.isFinite(w) || w < 0) {
                throw new IllegalArgumentException("multi_output_loss: loss weights must be finite and >= 0, got " + w
                        + " for output '" + predictions.names().get(k) + "'");
            }
        }
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return sum(yTrue, yPred, Loss::apply);
    }

    @Override
    public Node perExample(Node yTrue, Node yPred) {
        return sum(yTrue, yPred, Loss::perExample);
    }

    private Node sum(Node yTrue, Node yPred, Term term) {
        Node total = null;
        for (int k = 0; k < losses.size(); k++) {
            Node weighted = term.apply(losses.get(k), targets.slice(yTrue, k), predictions.slice(yPred, k))
                    .mul(weights.get(k));
            total = total == null ? weighted : total.add(weighted);
        }
        return total;
    }

    /**
     * The loss of a model whose outputs may carry masks, as Keras applies each output's mask to its own loss:
     * {@code L = Σ_k w_k L_k}, where {@code L_k} is Keras's mean over the valid steps
     * {@code sum(l_k s m_k) / (sum(m_k) + 1e-7)} of the per-step losses ({@link Loss#perStep},
     * {@link MaskedMean}) for an output with a mask {@code m_k}, and {@code (1/N) sum_n s_n l_{k,n}} (or
     * {@link Loss#apply} without sample weights {@code s}) for one without.
     *
     * @param masks the masks {@code [N, T_k]} of the masked outputs, by output position
     * @param sampleWeights the batch's weights {@code [N]}, or null for none
     */
    public Node masked(Node yTrue, Node yPred, Map<Integer, Node> masks, Node sampleWeights) {
        Objects.requireNonNull(masks, "masks is null");
        Node total = null;
        for (int k = 0; k < losses.size(); k++) {
            Node term = outputTerm(losses.get(k), targets.slice(yTrue, k), predictions.slice(yPred, k),
                    masks.get(k), sampleWeights);
            Node weighted = term.mul(weights.get(k));
            total = total == null ? weighted : total.add(weighted);
        }
        return total;
    }

    /**
     * One output's loss term {@code L_k} before its loss weight, as Keras's {@code compile_loss} computes it with
     * the sample weights: {@code sum(l_k s m_k) / (sum(m_k) + 1e-7)} over the per-step losses with a mask
     * ({@link MaskedMean}), {@code (1/N) sum_n s_n l_{k,n}} with sample weights {@code s} only, {@link Loss#apply}
     * with neither. The data term is {@code Σ_k w_k L_k}, and {@code <output>_loss} reports {@code L_k}
     * ({@link OutputMetric}), so the reported per-output losses add up to the loss.
     *
     * @param mask the output's mask {@code [N, T]}, or null
     * @param sampleWeights the batch's weights {@code [N]}, or null
     */
    static Node outputTerm(Loss loss, Node y, Node p, Node mask, Node sampleWeights) {
        if (mask != null) {
            return MaskedMean.of(loss.perStep(y, p), mask, sampleWeights);
        }
        if (sampleWeights != null) {
            Node perExample = loss.perExample(y, p);
            return perExample.mul(sampleWeights.cast(perExample.dtype())).mean();
        }
        return loss.apply(y, p);
    }

    /** A loss's graph of targets and predictions ({@link Loss#apply} or {@link Loss#perExample}). */
    @FunctionalInterface
    private interface Term {
        Node apply(Loss loss, Node yTrue, Node yPred);
    }

    /** Each output's loss checks its own targets; the message names the output. */
    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        for (int k = 0; k < losses.size(); k++) {
            try {
                losses.get(k).checkTargets(targets.slice(yTrue, k), predictions.shape(k));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("output '" + predictions.names().get(k) + "' loss: "
                        + e.getMessage(), e);
            }
        }
    }

    /** {@code multi_output_loss}. */
    @Override
    public String name() {
        return "multi_output_loss";
    }
}
