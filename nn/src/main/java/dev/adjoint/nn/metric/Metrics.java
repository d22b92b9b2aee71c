package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.Registry;
import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.loss.CategoricalCrossEntropy;
import dev.adjoint.nn.loss.Hinge;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.MeanAbsoluteError;
import dev.adjoint.nn.loss.MeanAbsolutePercentageError;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.loss.MeanSquaredLogarithmicError;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.loss.SquaredHinge;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Metrics by their Keras names, with Keras's defaults ({@code k = 5}, threshold 0.5), except {@code "f1_score"}:
 * Keras's {@code F1Score} defaults to no threshold (the argmax over the outputs, which over one output calls every
 * example positive), this one to 0.5 as {@link Precision} and {@link Recall} (see {@link F1Score}). {@code "accuracy"}
 * is {@link Accuracy}, which a model's {@code compile} resolves to the binary, categorical or sparse accuracy from the
 * loss and the output shape, as Keras does ({@link #resolvedFor}). The regression metrics (but the root mean squared
 * error and R²), the cross-entropies ({@code "binary_crossentropy"}, {@code "bce"}, ...) and the hinges are the losses
 * of the same names, as {@link LossMetric}s ({@code "mae"} reports {@code dev.adjoint.nn.loss.MeanAbsoluteError}); as
 * Keras's metric classes, the cross-entropies take probabilities, not logits. {@code IoU} and {@code MeanIoU} have no
 * string: they need a number of classes, which Keras's {@code metrics.get} cannot give them either.
 *
 * <p>Each metric is reported under the name it was asked by, as Keras's {@code compile} names a metric given by
 * a string: {@code "mae"} logs {@code mae} (and {@code val_mae}), {@code "mean_absolute_error"} logs
 * {@code mean_absolute_error}, {@code "acc"} logs {@code acc}; an alias is a {@link NamedMetric}.
 *
 * <p>As in Keras's {@code metrics.get}, a snake-case string names a metric function and a CamelCase one the metric
 * class of that name, and the two may differ: {@code "accuracy"} is the accuracy {@code compile} picks for the
 * model ({@link Accuracy}), while {@code "Accuracy"} is Keras's class {@code keras.metrics.Accuracy}, the
 * element-wise exact match {@code mean([yPred = yTrue])} ({@link ExactMatchAccuracy}), which no model compiled for
 * probabilities wants. Keras's class names are accepted ({@code "MeanSquaredError"}, {@code "BinaryAccuracy"})
 * and logged under that name, except the counting metrics {@code "Precision"}, {@code "Recall"}, {@code "F1Score"},
 * {@code "AUC"}, {@code "RootMeanSquaredError"} and {@code "R2Score"}, which keep their own names ({@code precision},
 * ..., {@code auc}, {@code root_mean_squared_error}, {@code r2_score}) where Keras would log the class name. Keras has
 * no {@code "rmse"} alias.
 */
public final class Metrics {

    private static final Registry<Metric> BY_NAME = Registry.of("metric", Map.ofEntries(
            Map.entry("accuracy", Accuracy::new),
            Map.entry("acc", () -> new NamedMetric("acc", new Accuracy())),
            Map.entry("categorical_accuracy", CategoricalAccuracy::new),
            Map.entry("binary_accuracy", BinaryAccuracy::new),
            Map.entry("sparse_categorical_accuracy", SparseCategoricalAccuracy::new),
            Map.entry("top_k_categorical_accuracy", TopKCategoricalAccuracy::new),
            Map.entry("sparse_top_k_categorical_accuracy", SparseTopKCategoricalAccuracy::new),
            Map.entry("mean_absolute_error", () -> new LossMetric(new MeanAbsoluteError())),
            Map.entry("mae", () -> new NamedMetric("mae", new LossMetric(new MeanAbsoluteError()))),
            Map.entry("MAE", () -> new NamedMetric("MAE", new LossMetric(new MeanAbsoluteError()))),
            Map.entry("mean_squared_error", () -> new LossMetric(new MeanSquaredError())),
            Map.entry("mse", () -> new NamedMetric("mse", new LossMetric(new MeanSquaredError()))),
            Map.entry("MSE", () -> new NamedMetric("MSE", new LossMetric(new MeanSquaredError()))),
            Map.entry("mean_absolute_percentage_error", () -> new LossMetric(new MeanAbsolutePercentageError())),
            Map.entry("mape", () -> new NamedMetric("mape", new LossMetric(new MeanAbsolutePercentageError()))),
            Map.entry("MAPE", () -> new NamedMetric("MAPE", new LossMetric(new MeanAbsolutePercentageError()))),
            Map.entry("mean_squared_logarithmic_error", () -> new LossMetric(new MeanSquaredLogarithmicError())),
            Map.entry("msle", () -> new NamedMetric("msle", new LossMetric(new MeanSquaredLogarithmicError()))),
            Map.entry("MSLE", () -> new NamedMetric("MSLE", new LossMetric(new MeanSquaredLogarithmicError()))),
            // Keras's class names, logged under the name asked by (a counting metric keeps its own)
            Map.entry("Accuracy", () -> new NamedMetric("Accuracy", new ExactMatchAccuracy())),
            Map.entry("BinaryAccuracy", () -> new NamedMetric("BinaryAccuracy", new BinaryAccuracy())),
            Map.entry("CategoricalAccuracy", () -> new NamedMetric("CategoricalAccuracy", new CategoricalAccuracy())),
            Map.entry("SparseCategoricalAccuracy",
                    () -> new NamedMetric("SparseCategoricalAccuracy", new SparseCategoricalAccuracy())),
            Map.entry("TopKCategoricalAccuracy",
                    () -> new NamedMetric("TopKCategoricalAccuracy", new TopKCategoricalAccuracy())),
            Map.entry("SparseTopKCategoricalAccuracy",
                    () -> new NamedMetric("SparseTopKCategoricalAccuracy", new SparseTopKCategoricalAccuracy())),
            Map.entry("MeanAbsoluteError",
                    () -> new NamedMetric("MeanAbsoluteError", new LossMetric(new MeanAbsoluteError()))),
            Map.entry("MeanSquaredError",
                    () -> new NamedMetric("MeanSquaredError", new LossMetric(new MeanSquaredError()))),
            Map.entry("MeanAbsolutePercentageError", () -> new NamedMetric("MeanAbsolutePercentageError",
                    new LossMetric(new MeanAbsolutePercentageError()))),
            Map.entry("MeanSquaredLogarithmicError", () -> new NamedMetric("MeanSquaredLogarithmicError",
                    new LossMetric(new MeanSquaredLogarithmicError()))),
            Map.entry("Precision", Precision::new),
            Map.entry("Recall", Recall::new),
            Map.entry("F1Score", F1Score::new),
            Map.entry("AUC", Auc::roc),
            Map.entry("precision", Precision::new),
            Map.entry("recall", Recall::new),
            Map.entry("f1_score", F1Score::new),
            Map.entry("auc", Auc::roc),
            Map.entry("pr_auc", Auc::pr),
            Map.entry("root_mean_squared_error", RootMeanSquaredError::new),
            Map.entry("RootMeanSquaredError", RootMeanSquaredError::new),
            Map.entry("r2_score", R2Score::new),
            Map.entry("R2Score", R2Score::new),
            // Keras 3's probabilistic and hinge metrics, the losses of the same names (probabilities, not logits)
            Map.entry("binary_crossentropy", () -> new LossMetric(new BinaryCrossEntropy(false))),
            Map.entry("bce", () -> new NamedMetric("bce", new LossMetric(new BinaryCrossEntropy(false)))),
            Map.entry("BCE", () -> new NamedMetric("BCE", new LossMetric(new BinaryCrossEntropy(false)))),
            Map.entry("BinaryCrossentropy",
                    () -> new NamedMetric("BinaryCrossentropy", new LossMetric(new BinaryCrossEntropy(false)))),
            Map.entry("categorical_crossentropy", () -> new LossMetric(new CategoricalCrossEntropy(false))),
            Map.entry("CategoricalCrossentropy", () -> new NamedMetric("CategoricalCrossentropy",
                    new LossMetric(new CategoricalCrossEntropy(false)))),
            Map.entry("sparse_categorical_crossentropy",
                    () -> new LossMetric(new SparseCategoricalCrossEntropy(false))),
            Map.entry("SparseCategoricalCrossentropy", () -> new NamedMetric("SparseCategoricalCrossentropy",
                    new LossMetric(new SparseCategoricalCrossEntropy(false)))),
            Map.entry("hinge", () -> new LossMetric(new Hinge())),
            Map.entry("Hinge", () -> new NamedMetric("Hinge", new LossMetric(new Hinge()))),
            Map.entry("squared_hinge", () -> new LossMetric(new SquaredHinge())),
            Map.entry("SquaredHinge", () -> new NamedMetric("SquaredHinge", new LossMetric(new SquaredHinge())))));

    private Metrics() {
    }

    /**
     * The metric called {@code name}, with Keras's default parameters.
     *
     * @throws IllegalArgumentException listing the known names when {@code name} is not one of them
     */
    public static Metric byName(String name) {
        return BY_NAME.byName(name);
    }

    /** The known names and aliases, sorted. */
    public static List<String> names() {
        return BY_NAME.names();
    }

    /**
     * {@code metric} reported as {@code name}, Keras's {@code name=} argument of a metric: a
     * {@link NamedCountingMetric} for a counting metric (precision, recall, AUC, IoU, R², ...), whose epoch value
     * stays the metric of the summed counts, else a {@link NamedMetric}.
     *
     * @throws IllegalArgumentException when {@code name} is blank or {@code loss}
     */
    public static Metric named(String name, Metric metric) {
        Metric unwrapped = unnamed(Objects.requireNonNull(metric, "metric is null"));
        return unwrapped instanceof CountingMetric ? new NamedCountingMetric(name, unwrapped)
                : new NamedMetric(name, unwrapped);
    }

    /**
     * The metric inside a user's name ({@link #named}, or an alias of {@link #byName}): {@code metric} itself when
     * it is not named.
     */
    public static Metric unnamed(Metric metric) {
        return metric instanceof NamedMetric named ? named.metric()
                : metric instanceof NamedCountingMetric named ? named.metric() : metric;
    }

    /**
     * The metrics a model compiled with {@code loss} and output shape {@code output} reports:
     * {@link Accuracy} resolved by {@link Accuracy#resolvedFor} (also under a {@link NamedMetric}), every other
     * metric as it is.
     */
    public static List<Metric> resolvedFor(List<Metric> metrics, Loss loss, Shape output) {
        return resolvedFor(metrics, loss, output, DType.FLOAT32, null);
    }

    /**
     * {@link #resolvedFor(List, Loss, Shape)} for a model computing in {@code dtype}, whose metrics are tried in that
     * dtype, and for the output named {@code outputName} of a model of several (null for a model of one output),
     * which a refusal names.
     */
    public static List<Metric> resolvedFor(List<Metric> metrics, Loss loss, Shape output, DType dtype,
            String outputName) {
        Objects.requireNonNull(metrics, "metrics is null");
        Objects.requireNonNull(dtype, "dtype is null");
        List<Metric> resolved = metrics.stream().map(m -> resolvedFor(m, loss, output)).toList();
        resolved.forEach(m -> requireTakesLabels(m, loss, output, dtype, outputName));
        return resolved;
    }

    /**
     * Refuses, at {@code compile}, a metric that cannot read the targets the loss takes, when the loss fixes
     * them: {@link SparseCategoricalCrossEntropy} on an output {@code [N, ..., C]} ({@code C > 1}) takes class
     * labels {@code [N, ...]} or {@code [N, ..., 1]}, and a metric refusing both (Precision, which takes binary
     * targets of the output's shape) would otherwise fail at the first {@code fit}. The metric is asked by
     * building it on symbolic targets of both shapes.
     *
     * @throws IllegalArgumentException naming the metric, the loss, the shapes and the metric's own refusal
     */
    private static void requireTakesLabels(Metric metric, Loss loss, Shape output, DType dtype, String outputName) {
        if (!(loss instanceof SparseCategoricalCrossEntropy) || output.rank() < 2 || output.dim(-1) < 2) {
            return;
        }
        Node predictions = SourceOp.input("yPred", output, dtype);
        Shape labels = output.drop(-1);
        IllegalArgumentException refusal = triedOn(metric, SourceOp.input("yTrue", labels, dtype), predictions);
        if (refusal != null && triedOn(metric, SourceOp.input("yTrue", output.with(-1, 1), dtype),
                predictions) != null) {
            throw new IllegalArgumentException("compile: metric '" + metric.name() + "'"
                    + (outputName == null ? "" : " of output '" + outputName + "'") + " cannot read the class labels "
                    + labels + " that the loss " + loss.name() + " takes for the output " + output + ": "
                    + refusal.getMessage(), refusal);
        }
    }

    /** The metric's refusal of these targets, or null when it builds (or fails otherwise, left to fit). */
    private static IllegalArgumentException triedOn(Metric metric, Node yTrue, Node yPred) {
        try {
            metric.apply(yTrue, yPred);
            return null;
        } catch (IllegalArgumentException e) {
            return e;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Metric resolvedFor(Metric m, Loss loss, Shape output) {
        if (m instanceof NamedMetric named) {
            return new NamedMetric(named.name(), resolvedFor(named.metric(), loss, output));
        }
        return m instanceof Accuracy a ? a.resolvedFor(loss, output) : m;
    }
}
