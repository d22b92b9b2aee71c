package dev.adjoint.nn.metric;

import dev.adjoint.nn.Registry;
import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.loss.CategoricalCrossEntropy;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Metrics by their Keras names, with Keras's defaults ({@code k = 5}, threshold 0.5). {@code "accuracy"} is
 * the categorical {@link Accuracy} here; Keras's {@code compile} instead picks binary, categorical or sparse
 * accuracy from the shapes, which {@link #accuracyFor(Loss)} does from the loss.
 */
public final class Metrics {

    private static final Registry<Metric> BY_NAME = Registry.of("metric", Map.ofEntries(
            Map.entry("accuracy", Accuracy::new),
            Map.entry("categorical_accuracy", Accuracy::new),
            Map.entry("binary_accuracy", BinaryAccuracy::new),
            Map.entry("sparse_categorical_accuracy", SparseCategoricalAccuracy::new),
            Map.entry("top_k_categorical_accuracy", TopKCategoricalAccuracy::new),
            Map.entry("sparse_top_k_categorical_accuracy", SparseTopKCategoricalAccuracy::new),
            Map.entry("mean_absolute_error", MeanAbsoluteError::new),
            Map.entry("mae", MeanAbsoluteError::new),
            Map.entry("mean_squared_error", MeanSquaredError::new),
            Map.entry("mse", MeanSquaredError::new)));

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
     * The accuracy that fits a cross-entropy loss, for {@code compile(..., "accuracy")}: binary for
     * {@link BinaryCrossEntropy} (threshold 0 from logits, 0.5 from probabilities), sparse for
     * {@link SparseCategoricalCrossEntropy}, categorical for {@link CategoricalCrossEntropy}.
     *
     * @throws IllegalArgumentException for any other loss, where "accuracy" has no single meaning
     */
    public static Metric accuracyFor(Loss loss) {
        Objects.requireNonNull(loss, "loss is null");
        if (loss instanceof BinaryCrossEntropy bce) {
            return new BinaryAccuracy(bce.fromLogits() ? 0.0 : BinaryAccuracy.DEFAULT_THRESHOLD);
        }
        if (loss instanceof SparseCategoricalCrossEntropy) {
            return new SparseCategoricalAccuracy();
        }
        if (loss instanceof CategoricalCrossEntropy) {
            return new Accuracy();
        }
        throw new IllegalArgumentException("accuracyFor: loss must be a cross-entropy to choose binary, categorical"
                + " or sparse accuracy, got " + loss.name() + "; name the metric instead (binary_accuracy, accuracy,"
                + " sparse_categorical_accuracy)");
    }
}
