package dev.adjoint.nn.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.loss.CategoricalCrossEntropy;
import dev.adjoint.nn.loss.Hinge;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.Losses;
import dev.adjoint.nn.loss.MeanAbsolutePercentageError;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.loss.MeanSquaredLogarithmicError;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.loss.SquaredHinge;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The identifiers of Keras 3's {@code keras.metrics.get} ({@code ALL_OBJECTS_DICT}: class names, their snake-case
 * forms and the {@code bce}/{@code mse}/{@code mae}/{@code mape}/{@code msle} abbreviations) that name a metric this
 * library has, and the name each is logged under (the string asked by, as Keras's {@code compile} names it).
 */
class MetricAliasesTest {

    private static Metric unwrapped(Metric m) {
        return m instanceof NamedMetric named ? named.metric() : m;
    }

    @Test
    void mapeAndMsleAreLossMetricsLoggedUnderTheNameAskedBy() {
        for (String name : new String[] {"mape", "MAPE", "mean_absolute_percentage_error",
            "MeanAbsolutePercentageError"}) {
            Metric m = Metrics.byName(name);
            assertEquals(name, m.name());
            assertEquals(new LossMetric(new MeanAbsolutePercentageError()), unwrapped(m), name);
        }
        for (String name : new String[] {"msle", "MSLE", "mean_squared_logarithmic_error",
            "MeanSquaredLogarithmicError"}) {
            Metric m = Metrics.byName(name);
            assertEquals(name, m.name());
            assertEquals(new LossMetric(new MeanSquaredLogarithmicError()), unwrapped(m), name);
        }
        assertEquals(new MeanAbsolutePercentageError(), Losses.byName("mape"));
        assertEquals(new MeanSquaredLogarithmicError(), Losses.byName("MSLE"));
    }

    @Test
    void crossEntropiesAndHingesAreLossMetricsLoggedUnderTheNameAskedBy() {
        Map<String, Loss> expected = Map.ofEntries(
                Map.entry("binary_crossentropy", new BinaryCrossEntropy(false)),
                Map.entry("bce", new BinaryCrossEntropy(false)),
                Map.entry("BCE", new BinaryCrossEntropy(false)),
                Map.entry("BinaryCrossentropy", new BinaryCrossEntropy(false)),
                Map.entry("categorical_crossentropy", new CategoricalCrossEntropy(false)),
                Map.entry("CategoricalCrossentropy", new CategoricalCrossEntropy(false)),
                Map.entry("sparse_categorical_crossentropy", new SparseCategoricalCrossEntropy(false)),
                Map.entry("SparseCategoricalCrossentropy", new SparseCategoricalCrossEntropy(false)),
                Map.entry("hinge", new Hinge()),
                Map.entry("Hinge", new Hinge()),
                Map.entry("squared_hinge", new SquaredHinge()),
                Map.entry("SquaredHinge", new SquaredHinge()));
        expected.forEach((name, loss) -> {
            Metric m = Metrics.byName(name);
            assertEquals(name, m.name(), "logged under the name asked by");
            assertEquals(new LossMetric(loss), unwrapped(m), name);
        });
        // Keras 3 names none of these: no invented aliases
        for (String absent : new String[] {"rmse", "RMSE", "r2", "iou", "cce", "scce", "kld", "ce", "crossentropy"}) {
            assertFalse(Metrics.names().contains(absent), absent);
        }
    }

    @Test
    void kerasClassNamesResolveToTheSameMetric() {
        Map<String, Metric> expected = Map.of(
                "Accuracy", new ExactMatchAccuracy(), // Keras's keras.metrics.Accuracy, not "accuracy"
                "BinaryAccuracy", new BinaryAccuracy(),
                "CategoricalAccuracy", new CategoricalAccuracy(),
                "SparseCategoricalAccuracy", new SparseCategoricalAccuracy(),
                "TopKCategoricalAccuracy", new TopKCategoricalAccuracy(),
                "SparseTopKCategoricalAccuracy", new SparseTopKCategoricalAccuracy(),
                "MeanSquaredError", new LossMetric(new MeanSquaredError()));
        expected.forEach((name, metric) -> {
            assertEquals(metric, unwrapped(Metrics.byName(name)), name);
            assertEquals(name, Metrics.byName(name).name(), "logged under the name asked by");
        });
        // counting metrics keep their own names
        assertEquals("precision", Metrics.byName("Precision").name());
        assertInstanceOf(Precision.class, Metrics.byName("Precision"));
        assertInstanceOf(Recall.class, Metrics.byName("Recall"));
        assertInstanceOf(F1Score.class, Metrics.byName("F1Score"));
        assertEquals(Auc.roc(), Metrics.byName("AUC"));
    }
}
