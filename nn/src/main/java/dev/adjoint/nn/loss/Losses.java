package dev.adjoint.nn.loss;

import dev.adjoint.nn.Registry;
import java.util.List;
import java.util.Map;

/**
 * Losses by their Keras names, with Keras's defaults: {@code byName("categorical_crossentropy")} is
 * {@code new CategoricalCrossEntropy(false)} (probabilities, not logits), {@code byName("huber")} has
 * {@code delta = 1}. As Keras 3's {@code keras.losses.get}, the abbreviations {@code "mse"}, {@code "mae"},
 * {@code "mape"}, {@code "msle"}, {@code "bce"}, {@code "kld"} (each also in capitals) and the class names
 * ({@code "MeanSquaredError"}, {@code "BinaryCrossentropy"}, ...) are accepted too.
 */
public final class Losses {

    /**
     * Keras's fuzz factor {@code backend.epsilon() = 1e-7}: cross-entropies from probabilities clip them to
     * {@code [EPSILON, 1 - EPSILON]} before the logarithm, bounding a single term by
     * {@code -ln(1e-7) ≈ 16.118} (and zeroing its gradient outside that interval).
     */
    public static final double EPSILON = 1e-7;

    private static final Registry<Loss> BY_NAME = Registry.of("loss", Map.ofEntries(
            Map.entry("mean_squared_error", MeanSquaredError::new),
            Map.entry("mse", MeanSquaredError::new),
            Map.entry("mean_absolute_error", MeanAbsoluteError::new),
            Map.entry("mae", MeanAbsoluteError::new),
            Map.entry("huber", Huber::new),
            Map.entry("binary_crossentropy", () -> new BinaryCrossEntropy(false)),
            Map.entry("categorical_crossentropy", () -> new CategoricalCrossEntropy(false)),
            Map.entry("sparse_categorical_crossentropy", () -> new SparseCategoricalCrossEntropy(false)),
            Map.entry("hinge", Hinge::new),
            Map.entry("squared_hinge", SquaredHinge::new),
            Map.entry("mean_absolute_percentage_error", MeanAbsolutePercentageError::new),
            Map.entry("mape", MeanAbsolutePercentageError::new),
            Map.entry("MAPE", MeanAbsolutePercentageError::new),
            Map.entry("mean_squared_logarithmic_error", MeanSquaredLogarithmicError::new),
            Map.entry("msle", MeanSquaredLogarithmicError::new),
            Map.entry("MSLE", MeanSquaredLogarithmicError::new),
            Map.entry("kl_divergence", KLDivergence::new),
            Map.entry("kld", KLDivergence::new),
            Map.entry("KLD", KLDivergence::new),
            Map.entry("poisson", Poisson::new),
            Map.entry("log_cosh", LogCosh::new),
            Map.entry("cosine_similarity", CosineSimilarity::new),
            Map.entry("categorical_hinge", CategoricalHinge::new),
            // Keras 3's other abbreviations and its class names (keras.losses.get), with the classes' defaults
            Map.entry("MSE", MeanSquaredError::new),
            Map.entry("MAE", MeanAbsoluteError::new),
            Map.entry("bce", () -> new BinaryCrossEntropy(false)),
            Map.entry("BCE", () -> new BinaryCrossEntropy(false)),
            Map.entry("MeanSquaredError", MeanSquaredError::new),
            Map.entry("MeanAbsoluteError", MeanAbsoluteError::new),
            Map.entry("MeanAbsolutePercentageError", MeanAbsolutePercentageError::new),
            Map.entry("MeanSquaredLogarithmicError", MeanSquaredLogarithmicError::new),
            Map.entry("Huber", Huber::new),
            Map.entry("BinaryCrossentropy", () -> new BinaryCrossEntropy(false)),
            Map.entry("CategoricalCrossentropy", () -> new CategoricalCrossEntropy(false)),
            Map.entry("SparseCategoricalCrossentropy", () -> new SparseCategoricalCrossEntropy(false)),
            Map.entry("Hinge", Hinge::new),
            Map.entry("SquaredHinge", SquaredHinge::new),
            Map.entry("KLDivergence", KLDivergence::new),
            Map.entry("Poisson", Poisson::new),
            Map.entry("LogCosh", LogCosh::new),
            Map.entry("CosineSimilarity", CosineSimilarity::new),
            Map.entry("CategoricalHinge", CategoricalHinge::new)));

    private Losses() {
    }

    /**
     * The loss called {@code name}, with Keras's default hyperparameters.
     *
     * @throws IllegalArgumentException listing the known names when {@code name} is not one of them
     */
    public static Loss byName(String name) {
        return BY_NAME.byName(name);
    }

    /** The known names and aliases, sorted. */
    public static List<String> names() {
        return BY_NAME.names();
    }
}
