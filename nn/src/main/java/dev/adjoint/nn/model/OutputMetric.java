package dev.adjoint.nn.model;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.metric.LossMetric;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.MetricTotals;
import dev.adjoint.nn.metric.Metrics;
import java.util.List;
import java.util.Objects;

/**
 * A metric of one output of a model with several outputs, reported under Keras's key
 * {@code <output>_<metric>} (and {@code <output>_loss} for the output's loss before its loss weight, with the
 * sample weights, as Keras 3 reports it; a model of one named
 * output reports its metrics under their own names, as Keras 3 does): {@code M(y_k, ŷ_k)}
 * with output {@code k}'s targets and predictions read from the packed arrays ({@link PackedColumns}). A counting
 * metric of an output is an {@link OutputCountingMetric}.
 *
 * @param name the reported name, e.g. {@code class_sparse_categorical_accuracy}
 * @param predictions the outputs' layout in the packed predictions
 * @param targets the targets' layout in the packed targets
 * @param output the output's position
 * @param metric the metric of that output
 */
public record OutputMetric(String name, PackedColumns predictions, PackedColumns targets, int output, Metric metric)
        implements Metric {

    /** Checks for null and the output's position. */
    public OutputMetric {
        checkFields("output metric", name, predictions, targets, output, metric);
    }

    /**
     * What a compiled step outputs for {@code metric} of the model {@code graph} with targets {@code y}
     * ({@link MetricTotals#outputs(Metric, Node, Node, Node)}): for an output's loss ({@link #isOutputLoss}), the
     * output's loss term with the batch's sample weights, as Keras's {@code compile_loss} computes it
     * ({@link MultiOutputLoss#outputTerm}), so that the loss is the loss-weighted sum of the per-output losses; for
     * the metric of an output that carries a mask ({@link ForwardGraph#outputMasks()}), the metric over that
     * output's valid steps, as Keras applies each output's mask to its metrics; otherwise the metric under the
     * model's output mask, if any. Metrics other than the output losses stay unweighted, as Keras's
     * {@code metrics} are.
     *
     * @param sampleWeights the batch's weights {@code [N]}, or null for none
     */
    static List<Node> outputs(Metric metric, Node y, ForwardGraph graph, Node sampleWeights) {
        if (Metrics.unnamed(metric) instanceof OutputMetric om && om.isOutputLoss()) {
            Node yk = om.targets().slice(y, om.output());
            Node pk = om.predictions().slice(graph.output(), om.output());
            // the batch's loss term itself, averaged over batches by rows as the loss is
            return List.of(MultiOutputLoss.outputTerm(((LossMetric) om.metric()).loss(), yk, pk,
                    graph.outputMasks().get(om.output()), sampleWeights));
        }
        if (Metrics.unnamed(metric) instanceof OutputMetric om && graph.outputMasks().containsKey(om.output())) {
            return MetricTotals.outputs(om.metric(), om.targets().slice(y, om.output()),
                    om.predictions().slice(graph.output(), om.output()), graph.outputMasks().get(om.output()));
        }
        if (Metrics.unnamed(metric) instanceof OutputCountingMetric oc
                && graph.outputMasks().containsKey(oc.output())) {
            return MetricTotals.outputs(oc.metric(), oc.targets().slice(y, oc.output()),
                    oc.predictions().slice(graph.output(), oc.output()), graph.outputMasks().get(oc.output()));
        }
        return MetricTotals.outputs(metric, y, graph.output(), graph.outputMask());
    }

    /** Whether {@link #outputs(Metric, Node, ForwardGraph, Node)} gives {@code metric} as a masked metric. */
    static boolean masked(Metric metric, ForwardGraph graph) {
        if (Metrics.unnamed(metric) instanceof OutputMetric om && om.isOutputLoss()) {
            return false; // one value, the loss term
        }
        return graph.outputMask() != null
                || Metrics.unnamed(metric) instanceof OutputMetric om && graph.outputMasks().containsKey(om.output())
                || Metrics.unnamed(metric) instanceof OutputCountingMetric oc
                        && graph.outputMasks().containsKey(oc.output());
    }

    /**
     * Whether this reports its output's loss, {@code <output>_loss} (Keras's per-output loss: the loss term of
     * each batch before its loss weight, with the sample weights (class weights become sample weights), a mean
     * over the valid steps of a masked output with Keras's {@code 1e-7}, averaged over the batches by their rows as
     * the loss is), rather than a metric.
     */
    boolean isOutputLoss() {
        return metric instanceof LossMetric && name.equals(predictions.names().get(output) + "_loss");
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return metric.apply(targets.slice(yTrue, output), predictions.slice(yPred, output));
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        checkOutputTargets(name, predictions, targets, output, metric, yTrue);
    }

    /** The fields' checks of an output's metric ({@code who} names the record): no nulls, a valid output. */
    static void checkFields(String who, String name, PackedColumns predictions, PackedColumns targets, int output,
            Metric metric) {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(predictions, "predictions is null");
        Objects.requireNonNull(targets, "targets is null");
        Objects.requireNonNull(metric, "metric is null");
        if (output < 0 || output >= predictions.count() || targets.count() != predictions.count()) {
            throw new IllegalArgumentException(who + ": output must be in [0, " + predictions.count()
                    + ") with one target layout per output, got " + output);
        }
    }

    /** {@code metric}'s target check on the output's slice of the packed targets, naming the output. */
    static void checkOutputTargets(String name, PackedColumns predictions, PackedColumns targets, int output,
            Metric metric, Tensor yTrue) {
        try {
            metric.checkTargets(targets.slice(yTrue, output), predictions.shape(output));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("output '" + predictions.names().get(output) + "' " + name + ": "
                    + e.getMessage(), e);
        }
    }
}
