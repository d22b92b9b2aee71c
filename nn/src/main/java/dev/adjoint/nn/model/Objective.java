package dev.adjoint.nn.model;

import dev.adjoint.core.graph.Node;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.loss.Loss;
import java.util.Map;

/**
 * The training objective {@code J = L(y, yPred) + sum_W penalty(W)}: the data loss plus every penalty the
 * layers declared on their parameters. With L2 penalties this is the notes'
 * {@code J = L + λ/2 (‖W1‖²_F + ‖W2‖²_F)}, whose gradient adds {@code λW} to each {@code dL/dW}.
 */
public final class Objective {

    private Objective() {
    }

    /** {@code loss(y, yPred)} plus the penalties of {@code graph}'s parameters. */
    public static Node of(Loss loss, Node y, ForwardGraph graph) {
        return withPenalties(loss.apply(y, graph.output()), graph);
    }

    /**
     * The weighted objective {@code J = (1/N) sum_n w_n l_n + sum_W penalty(W)}, Keras's
     * {@code "sum_over_batch_size"} reduction of the per-example losses {@code l_n}
     * ({@link Loss#perExample}) with sample weights {@code w : [N]}: weights of 1 give the unweighted loss,
     * and the weights are not renormalized (a batch of weights 2 doubles the loss and its gradient).
     */
    public static Node of(Loss loss, Node y, Node sampleWeights, ForwardGraph graph) {
        Node perExample = loss.perExample(y, graph.output());
        return withPenalties(perExample.mul(sampleWeights.cast(perExample.dtype())).mean(), graph);
    }

    private static Node withPenalties(Node data, ForwardGraph graph) {
        Node objective = data;
        for (Map.Entry<String, ParamSpec> entry : graph.specs().entrySet()) {
            if (entry.getValue().regularizer().isPresent()) {
                Node w = graph.params().get(entry.getKey());
                objective = objective.add(entry.getValue().regularizer().get().penalty(w));
            }
        }
        return objective;
    }
}
