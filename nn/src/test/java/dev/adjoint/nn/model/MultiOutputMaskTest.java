package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Embedding;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.TimeDistributed;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.optim.Sgd;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@link Functional} model of several outputs applies each output's mask to that output's loss and metrics,
 * as Keras does: a tagging output {@code [N, T, C]} behind Embedding(maskZero) -> LSTM(returnSequences) counts
 * only its valid steps, and an output without a mask beside it is an ordinary mean.
 */
class MultiOutputMaskTest {

    private static final int T = 5;
    private static final int CLASSES = 3;
    /** Three sequences, 3, 4 and 2 steps long, padded with 0 to 5 steps. */
    private static final Tensor X = Tensor.of(DType.FLOAT64, Shape.of(3, T), 3, 1, 4, 0, 0, 2, 6, 5, 3, 0, 7, 8, 0, 0,
            0);
    private static final double[] VALID = {1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0};
    private static final Tensor TAGS = Tensor.of(DType.FLOAT64, Shape.of(3, T), 1, 2, 0, 0, 0, 2, 1, 0, 1, 0, 0, 2, 0,
            0, 0);
    /** {@link #TAGS} with other labels under the padding. */
    private static final Tensor TAGS_OTHER = Tensor.of(DType.FLOAT64, Shape.of(3, T), 1, 2, 0, 2, 1, 2, 1, 0, 1, 2, 0,
            2, 1, 1, 2);
    private static final Tensor LENGTH = Tensor.of(DType.FLOAT64, Shape.of(3, 1), 0.3, 0.4, 0.2);

    private static Functional model() {
        Functional model = new Functional(List.of(Functional.Input.of("tokens", T)), List.of("tags", "length"),
                DType.FLOAT64, 4, (in, layers) -> {
                    Node h = layers.apply(LSTM.of(4).returnSequences(true),
                            layers.apply(Embedding.of(10, 3).maskZero(true), in.get(0)));
                    Node last = layers.apply(LSTM.of(2), h);
                    return List.of(layers.apply(TimeDistributed.of(Dense.of(CLASSES)), h),
                            layers.apply(Dense.of(1), last));
                });
        model.compile(Sgd.defaults(), Map.<String, Loss>of("tags", new SparseCategoricalCrossEntropy(true),
                "length", new MeanSquaredError()), Map.of("tags", 1.0, "length", 0.5),
                Map.<String, List<Metric>>of("tags", List.of(new SparseCategoricalAccuracy())));
        return model;
    }

    @Test
    void eachOutputsMaskAppliesToItsLossAndMetrics() {
        Functional model = model();
        Map<String, Tensor> x = Map.of("tokens", X);
        Map<String, Tensor> predicted = model.predict(x);
        Tensor z = predicted.get("tags");
        double sum = 0;
        double valid = 0;
        double right = 0;
        for (int i = 0; i < VALID.length; i++) {
            int label = (int) TAGS.flat(i);
            double max = Double.NEGATIVE_INFINITY;
            int argmax = 0;
            for (int c = 0; c < CLASSES; c++) {
                if (z.flat(i * CLASSES + c) > max) {
                    max = z.flat(i * CLASSES + c);
                    argmax = c;
                }
            }
            double norm = 0;
            for (int c = 0; c < CLASSES; c++) {
                norm += Math.exp(z.flat(i * CLASSES + c) - max);
            }
            sum += VALID[i] * (Math.log(norm) + max - z.flat(i * CLASSES + label));
            valid += VALID[i];
            right += VALID[i] * (argmax == label ? 1 : 0);
        }
        double tags = sum / (valid + 1e-7); // Keras's apply_mask with backend.epsilon()
        double length = 0;
        for (int n = 0; n < 3; n++) {
            length += Math.pow(predicted.get("length").flat(n) - LENGTH.flat(n), 2) / 3;
        }
        Map<String, Double> result = model.evaluate(x, Map.of("tags", TAGS, "length", LENGTH));
        assertEquals(tags, result.get("tags_loss"), 1e-12);
        assertEquals(right / valid, result.get("tags_sparse_categorical_accuracy"), 1e-15);
        assertEquals(length, result.get("length_loss"), 1e-12);
        assertEquals(tags + 0.5 * length, result.get("loss"), 1e-12);
        assertEquals(result, model.evaluate(x, Map.of("tags", TAGS_OTHER, "length", LENGTH)),
                "the targets under the padding do not count");
        TrainStep.Result step = model.trainStep(Shape.of(Shape.BATCH, T + 1)).apply(model.state(),
                X, Tensor.of(Shape.of(3, T + 1), packed()), Key.of(0), 1.0);
        assertEquals(tags + 0.5 * length, step.loss(), 1e-12, "training minimizes the masked objective");
        assertEquals(right / valid, step.metrics().get("tags_sparse_categorical_accuracy"), 1e-15);
        History history = model.fit(x, Map.of("tags", TAGS, "length", LENGTH),
                FitOptions.defaults().epochs(1).verbosity(Verbosity.SILENT));
        assertTrue(history.names().contains("tags_sparse_categorical_accuracy"), history.names().toString());
    }

    /**
     * With sample weights {@code s}, each output's loss is weighted as the loss is (Keras's {@code compile_loss}):
     * {@code tags_loss = sum(l s m) / (sum(m) + 1e-7)}, {@code length_loss = mean(s (p - y)^2)}, computed here by
     * a loop over the predictions, and they add up to the loss with the loss weights 1 and 0.5.
     */
    @Test
    void sampleWeightsWeighEachMaskedOutputsLossAsTheLoss() {
        Functional model = model();
        Map<String, Tensor> x = Map.of("tokens", X);
        Map<String, Tensor> predicted = model.predict(x);
        Tensor z = predicted.get("tags");
        double[] s = {2, 0, 0.5};
        double sum = 0;
        double valid = 0;
        for (int i = 0; i < VALID.length; i++) {
            int label = (int) TAGS.flat(i);
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                max = Math.max(max, z.flat(i * CLASSES + c));
            }
            double norm = 0;
            for (int c = 0; c < CLASSES; c++) {
                norm += Math.exp(z.flat(i * CLASSES + c) - max);
            }
            sum += s[i / T] * VALID[i] * (Math.log(norm) + max - z.flat(i * CLASSES + label));
            valid += VALID[i];
        }
        double tags = sum / (valid + 1e-7);
        double length = 0;
        for (int n = 0; n < 3; n++) {
            length += s[n] * Math.pow(predicted.get("length").flat(n) - LENGTH.flat(n), 2) / 3;
        }
        Map<String, Double> result = model.evaluate(List.of(X), List.of(TAGS, LENGTH), Tensor.vector(s), 32);
        assertEquals(tags, result.get("tags_loss"), 1e-12);
        assertEquals(length, result.get("length_loss"), 1e-12);
        assertEquals(tags + 0.5 * length, result.get("loss"), 1e-12);
    }

    /**
     * A counting metric of a masked output counts its valid steps only: the tagging output's MeanIoU (argmax of the
     * logits) is the IoU of the confusion matrix of the valid steps, the same whatever the labels under the
     * padding, and the unmasked output's RMSE beside it is the plain one.
     */
    @Test
    void aCountingMetricOfAMaskedOutputCountsItsValidStepsOnly() {
        Functional model = model();
        model.compile(Sgd.defaults(), Map.<String, Loss>of("tags", new SparseCategoricalCrossEntropy(true),
                "length", new MeanSquaredError()), null, Map.<String, List<Metric>>of(
                        "tags", List.of(new dev.adjoint.nn.metric.MeanIoU(CLASSES, null, true, false)),
                        "length", List.of(dev.adjoint.nn.metric.Metrics.byName("root_mean_squared_error"))));
        Map<String, Tensor> x = Map.of("tokens", X);
        Map<String, Tensor> predicted = model.predict(x);
        Tensor z = predicted.get("tags");
        double[][] confusion = new double[CLASSES][CLASSES];
        for (int i = 0; i < VALID.length; i++) {
            int argmax = 0;
            for (int c = 1; c < CLASSES; c++) {
                argmax = z.flat(i * CLASSES + c) > z.flat(i * CLASSES + argmax) ? c : argmax;
            }
            confusion[(int) TAGS.flat(i)][argmax] += VALID[i];
        }
        double iou = 0;
        int present = 0;
        for (int c = 0; c < CLASSES; c++) {
            double union = -confusion[c][c];
            for (int d = 0; d < CLASSES; d++) {
                union += confusion[c][d] + confusion[d][c];
            }
            if (union > 0) {
                iou += confusion[c][c] / union;
                present++;
            }
        }
        double squares = 0;
        for (int n = 0; n < 3; n++) {
            squares += Math.pow(predicted.get("length").flat(n) - LENGTH.flat(n), 2);
        }
        Map<String, Double> result = model.evaluate(x, Map.of("tags", TAGS, "length", LENGTH));
        assertEquals(iou / present, result.get("tags_mean_io_u"), 1e-6); // Keras's 1e-7 in each quotient
        assertEquals(Math.sqrt(squares / 3), result.get("length_root_mean_squared_error"), 1e-12);
        assertEquals(result, model.evaluate(x, Map.of("tags", TAGS_OTHER, "length", LENGTH)),
                "the targets under the padding do not count");
    }

    @Test
    void aShardedStepRefusesPerOutputMasksRatherThanIgnoringThem() {
        Functional model = model();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> model.shardedStep(Shape.of(Shape.BATCH, T + 1)));
        assertTrue(e.getMessage().contains("[0]") && e.getMessage().contains("masks"), e.getMessage());
    }

    /** The targets packed as the training loop sees them: the tags' columns, then the length's. */
    private static double[] packed() {
        double[] out = new double[3 * (T + 1)];
        for (int n = 0; n < 3; n++) {
            for (int t = 0; t < T; t++) {
                out[n * (T + 1) + t] = TAGS.flat(n * T + t);
            }
            out[n * (T + 1) + T] = LENGTH.flat(n);
        }
        return out;
    }
}
