package dev.adjoint.nn.model;

import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.activation.Linear;
import dev.adjoint.nn.activation.Sigmoid;
import dev.adjoint.nn.activation.Softmax;
import dev.adjoint.nn.layer.ActivationLayer;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.loss.CategoricalCrossEntropy;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.Auc;
import dev.adjoint.nn.metric.BinaryAccuracy;
import dev.adjoint.nn.metric.F1Score;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.Metrics;
import dev.adjoint.nn.metric.Precision;
import dev.adjoint.nn.metric.Recall;
import java.util.ArrayList;
import java.util.List;

/**
 * The warning {@code compile} logs when a cross-entropy that takes logits ({@code fromLogits = true}) is given
 * an output that is already a probability: the output of a final {@code Dense} or {@code Activation} layer
 * whose activation is a softmax or a sigmoid. The loss then computes {@code -ln softmax(softmax(z))_y} (or the
 * sigmoid's analogue): finite, differentiable and wrong, its gradient squashed, so the model trains without an
 * error and learns badly. Keras warns about the same mistake, when the loss first runs.
 *
 * <p>It warns of the converse too: a cross-entropy that takes probabilities ({@code fromLogits = false}, Keras's
 * and {@code byName}'s default) after a final linear layer, whose unbounded outputs the loss clips into
 * {@code [1e-7, 1 - 1e-7]}, so it trains badly without an error (Keras does not warn of this one). And for
 * metrics: a binary cross-entropy from logits means the output is a logit, and a metric that thresholds it as a
 * probability ({@link Precision}, {@link Recall}, {@link F1Score}, {@link BinaryAccuracy} at their default 0.5, an
 * {@link Auc} without {@code fromLogits}) reports a figure that is silently wrong (an AUC below chance for a good
 * model). Keras does not warn; it computes the same wrong figure.
 *
 * <p>It is a warning, not an error, as Keras's is: a model may be meant to end that way. It is logged on the
 * {@link System.Logger} {@code dev.adjoint.nn.model} at level {@code WARNING}, as the library logs elsewhere.
 * An output computed after its last layer (a Functional model's {@code layers.apply(...)} followed by more
 * operations), or by another layer kind, is not judged.
 */
final class LogitsWarning {

    private static final System.Logger LOG = System.getLogger("dev.adjoint.nn.model");

    private LogitsWarning() {
    }

    /** Logs {@link #messages} and {@link #metricMessages} at {@code WARNING}, one record each. */
    static void log(ForwardGraph graph, Loss loss, List<Metric> metrics) {
        for (String message : messages(graph, loss)) {
            LOG.log(System.Logger.Level.WARNING, message);
        }
        for (String message : metricMessages(loss, metrics)) {
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }

    /**
     * One message per metric that reads its output as a probability (thresholds it at 0.5, or an AUC from
     * probabilities) while the output's loss is a binary cross-entropy from logits.
     */
    static List<String> metricMessages(Loss loss, List<Metric> metrics) {
        List<String> messages = new ArrayList<>();
        for (Metric reported : metrics) {
            Metric metric = reported;
            Loss of = loss;
            if (metric instanceof OutputMetric perOutput) {
                metric = perOutput.metric();
                of = loss instanceof MultiOutputLoss multi && perOutput.output() < multi.losses().size()
                        ? multi.losses().get(perOutput.output()) : null;
            }
            metric = Metrics.unnamed(metric);
            String reads = readsProbabilities(metric);
            if (reads != null && of instanceof BinaryCrossEntropy b && b.fromLogits()) {
                messages.add("compile: the metric " + reported.name() + " " + reads + ", but the loss " + of.name()
                        + " takes logits (fromLogits = true), so the output is a logit and the figure would be"
                        + " wrong without an error; give it threshold 0 (the logit of probability 0.5), or, for an"
                        + " AUC, fromLogits = true");
            }
        }
        return messages;
    }

    /** How {@code metric} reads its output as a probability, or null when it does not. */
    private static String readsProbabilities(Metric metric) {
        double threshold = metric instanceof Precision p ? p.threshold() : metric instanceof Recall r ? r.threshold()
                : metric instanceof F1Score f ? f.threshold() : metric instanceof BinaryAccuracy a ? a.threshold()
                : Double.NaN;
        if (threshold == 0.5) {
            return "thresholds its output at 0.5, a probability";
        }
        return metric instanceof Auc auc && !auc.fromLogits() ? "reads its output as probabilities in [0, 1]" : null;
    }

    /**
     * One message per output whose loss takes logits while its last layer applies a softmax or a sigmoid, naming
     * the output (for a model of several), the layer, its activation and the loss, and saying what to change.
     */
    static List<String> messages(ForwardGraph graph, Loss loss) {
        List<ForwardGraph.Applied> outputs = graph.outputLayers();
        List<String> messages = new ArrayList<>();
        if (loss instanceof MultiOutputLoss multi) {
            for (int k = 0; k < multi.losses().size() && k < outputs.size(); k++) {
                String message = message(outputs.get(k), multi.losses().get(k));
                if (message != null) {
                    messages.add("compile: output '" + multi.predictions().names().get(k) + "': " + message);
                }
            }
        } else if (outputs.size() == 1) {
            String message = message(outputs.get(0), loss);
            if (message != null) {
                messages.add("compile: " + message);
            }
        }
        return messages;
    }

    private static String message(ForwardGraph.Applied last, Loss loss) {
        if (last == null) {
            return null;
        }
        Activation activation = activation(last.layer());
        if (activation instanceof Linear && takesProbabilities(loss)) {
            return "the loss " + loss.name() + " takes probabilities (fromLogits = false), but the output comes from"
                    + " layer '" + last.name() + "' (" + last.layer().kind() + ") with activation linear, whose"
                    + " values are unbounded logits: the loss would clip them to [1e-7, 1 - 1e-7] and train without"
                    + " an error but badly; compile the loss with fromLogits = true, or give '" + last.name() + "' a "
                    + (loss instanceof BinaryCrossEntropy ? "sigmoid" : "softmax");
        }
        if (!takesLogits(loss) || !(activation instanceof Softmax || activation instanceof Sigmoid)) {
            return null;
        }
        return "the loss " + loss.name() + " takes logits (fromLogits = true), but the output comes from layer '"
                + last.name() + "' (" + last.layer().kind() + ") with activation " + activation.name()
                + ", which already makes probabilities: the loss would take them for logits and squash them again,"
                + " and train without an error but badly; drop the activation from '" + last.name()
                + "' (predict then gives logits), or compile with " + loss.getClass().getSimpleName() + "(false)";
    }

    private static boolean takesProbabilities(Loss loss) {
        return loss instanceof CategoricalCrossEntropy c && !c.fromLogits()
                || loss instanceof SparseCategoricalCrossEntropy s && !s.fromLogits()
                || loss instanceof BinaryCrossEntropy b && !b.fromLogits();
    }

    private static boolean takesLogits(Loss loss) {
        return loss instanceof CategoricalCrossEntropy c && c.fromLogits()
                || loss instanceof SparseCategoricalCrossEntropy s && s.fromLogits()
                || loss instanceof BinaryCrossEntropy b && b.fromLogits();
    }

    /** The activation a {@code Dense} or {@code Activation} layer applies last, else null. */
    private static Activation activation(Layer layer) {
        if (layer instanceof Dense dense) {
            return dense.activation();
        }
        return layer instanceof ActivationLayer applied ? applied.activation() : null;
    }
}
