package dev.adjoint.nn.model;

import dev.adjoint.core.graph.Node;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.MaskedMean;
import java.util.Map;
import java.util.Objects;

/**
 * The data term of a training objective: any scalar graph of the targets {@code y} and of the model's
 * forward graph, which holds the inputs {@code x = model.input()}, the prediction {@code ŷ = model.output()}
 * and, through {@link ForwardGraph#at}, the model applied to other points. A {@link Loss} is the common case,
 * {@code L(y, ŷ)} ({@link #of(Loss)}); a physics-informed objective can differentiate the prediction with
 * respect to the input instead:
 *
 * <pre>{@code
 * Objective residual = (y, u) -> {                         // u' + u = 0
 *     Node du = Autodiff.grad(u.output().sum(), u.input());   // du/dx, row by row
 *     return du.add(u.output()).square().mean();
 * };
 * }</pre>
 *
 * <p>Training minimizes {@link #withPenalties J = data term + Σ_W penalty(W) + Σ_y R(y) / N}, the penalties the
 * layers declared on their parameters and the activity losses of their outputs ({@link ForwardGraph#activityLosses},
 * Keras's activity regularizers, divided by the batch size); with L2 penalties this is the notes'
 * {@code J = L + λ/2 (‖W1‖²_F + ‖W2‖²_F)}, whose gradient adds {@code λW} to each {@code dL/dW}.
 *
 * <p>Not to be confused with {@link dev.adjoint.nn.tune.Objective}, the metric and direction a hyperparameter
 * search optimizes (Keras Tuner's {@code kt.Objective}). A file that uses both imports one and names the other by
 * its package; most code passes this one as a lambda and never names it.
 */
@FunctionalInterface
public interface Objective {

    /**
     * The scalar data term.
     *
     * @param y the targets' input node, rows first
     * @param model the forward graph being trained
     */
    Node apply(Node y, ForwardGraph model);

    /**
     * The data term {@code L(y, ŷ)} of a loss; when the model's output carries a mask {@code m : [N, T]}
     * ({@link ForwardGraph#outputMask}), Keras's mean over the valid steps {@code sum(l m) / (sum(m) + 1e-7)}
     * of the per-step losses ({@link Loss#perStep}, {@link MaskedMean}); for a model of several outputs, each
     * output's loss over its own valid steps ({@link MultiOutputLoss#masked}).
     */
    static Objective of(Loss loss) {
        Objects.requireNonNull(loss, "loss is null");
        return (y, model) -> {
            if (loss instanceof MultiOutputLoss multi && !model.outputMasks().isEmpty()) {
                return multi.masked(y, model.output(), model.outputMasks(), null);
            }
            return model.outputMask() == null ? loss.apply(y, model.output())
                    : MaskedMean.of(loss.perStep(y, model.output()), model.outputMask(), null);
        };
    }

    /**
     * The weighted data term {@code (1/N) sum_n w_n l_n}, Keras's {@code "sum_over_batch_size"} reduction of
     * the per-example losses {@code l_n} ({@link Loss#perExample}) with sample weights {@code w : [N]}:
     * weights of 1 give the unweighted loss, and the weights are not renormalized (weights of 2 double the loss
     * and its gradient). When the model's output carries a mask {@code m : [N, T]}, Keras's
     * {@code sum(l w m) / (sum(m) + 1e-7)} over the per-step losses instead ({@link MaskedMean}).
     *
     * @param sampleWeights the rank-1 node of the batch's weights
     */
    static Objective weighted(Loss loss, Node sampleWeights) {
        Objects.requireNonNull(loss, "loss is null");
        Objects.requireNonNull(sampleWeights, "sampleWeights is null");
        return (y, model) -> {
            if (loss instanceof MultiOutputLoss multi && !model.outputMasks().isEmpty()) {
                return multi.masked(y, model.output(), model.outputMasks(), sampleWeights);
            }
            if (model.outputMask() != null) {
                return MaskedMean.of(loss.perStep(y, model.output()), model.outputMask(), sampleWeights);
            }
            Node perExample = loss.perExample(y, model.output());
            return perExample.mul(sampleWeights.cast(perExample.dtype())).mean();
        };
    }

    /**
     * {@code J}: the data term plus the penalties of the model's parameters plus the activity losses of its layers'
     * outputs, as Keras's {@code compute_loss} adds every loss in {@code model.losses}.
     *
     * @throws IllegalArgumentException if the data term is not a scalar
     */
    default Node withPenalties(Node y, ForwardGraph model) {
        Node objective = Objects.requireNonNull(apply(y, model), "objective: the data term is null");
        if (objective.rank() != 0) {
            throw new IllegalArgumentException("objective: the data term must be a scalar, got " + objective.type());
        }
        for (Node penalty : penalties(model).values()) {
            objective = objective.add(penalty);
        }
        for (Node activity : model.activityLosses()) {
            objective = objective.add(activity.cast(objective.dtype()));
        }
        return objective;
    }

    /** The penalty of each parameter that declares one, by parameter name, in declaration order. */
    static Map<String, Node> penalties(ForwardGraph model) {
        Map<String, Node> penalties = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, ParamSpec> entry : model.specs().entrySet()) {
            if (entry.getValue().regularizer().isPresent()) {
                Node w = model.params().get(entry.getKey());
                penalties.put(entry.getKey(), entry.getValue().regularizer().get().penalty(w));
            }
        }
        return penalties;
    }
}
