package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.optim.Schedule;
import dev.adjoint.optim.Sgd;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A model whose output carries a mask (Embedding(maskZero) -> LSTM(returnSequences) -> Dense) is trained and
 * evaluated as Keras does: the loss is {@code sum(l m) / (sum(m) + 1e-7)} over the valid steps (Keras's
 * {@code apply_mask} with {@code backend.epsilon()}), and the metrics count only the valid steps.
 */
class MaskedLossTest {

    private static final int T = 5;
    private static final int CLASSES = 5;
    /** Two sequences, 3 and 4 steps long, padded with 0 to 5 steps. */
    private static final Tensor X = Tensor.of(DType.FLOAT64, Shape.of(2, T), 3, 1, 4, 0, 0, 2, 6, 5, 3, 0);
    private static final double[] VALID = {1, 1, 1, 0, 0, 1, 1, 1, 1, 0};
    private static final Tensor Y = Tensor.of(DType.FLOAT64, Shape.of(2, T), 1, 2, 0, 0, 0, 4, 3, 2, 1, 0);
    /** {@link #Y} with other labels under the padding. */
    private static final Tensor Y_OTHER = Tensor.of(DType.FLOAT64, Shape.of(2, T), 1, 2, 0, 3, 4, 4, 3, 2, 1, 2);

    static Sequential model() {
        Sequential model = new Sequential(Shape.of(T), DType.FLOAT64, 3);
        model.add(Embedding.of(10, 4).maskZero(true));
        model.add(LSTM.of(3).returnSequences(true));
        model.add(Dense.of(CLASSES));
        model.compile(Sgd.defaults().withLearningRate(Schedule.constant(1.0)),
                new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        return model;
    }

    /** Keras gives one loss and one accuracy whatever the targets under the padding; counting them did not. */
    @Test
    void theTargetsUnderThePaddingChangeNeitherTheLossNorTheMetrics() {
        Sequential model = model();
        Map<String, Double> a = model.evaluate(X, Y);
        Map<String, Double> b = model.evaluate(X, Y_OTHER);
        assertEquals(a, b);
    }

    /** {@code sum_valid -ln softmax(z)[label] / (valid + 1e-7)} and the fraction of valid steps predicted right. */
    @Test
    void theLossAndAccuracyAreKerasMeansOverTheValidSteps() {
        Sequential model = model();
        Tensor z = model.predict(X);
        double sum = 0;
        double valid = 0;
        double right = 0;
        for (int n = 0; n < 2; n++) {
            for (int t = 0; t < T; t++) {
                if (VALID[n * T + t] == 0) {
                    continue;
                }
                int label = (int) Y.get(n, t);
                double max = Double.NEGATIVE_INFINITY;
                int argmax = 0;
                for (int c = 0; c < CLASSES; c++) {
                    if (z.get(n, t, c) > max) {
                        max = z.get(n, t, c);
                        argmax = c;
                    }
                }
                double norm = 0;
                for (int c = 0; c < CLASSES; c++) {
                    norm += Math.exp(z.get(n, t, c) - max);
                }
                sum += Math.log(norm) + max - z.get(n, t, label);
                valid++;
                right += argmax == label ? 1 : 0;
            }
        }
        Map<String, Double> result = model.evaluate(X, Y);
        assertEquals(sum / (valid + 1e-7), result.get("loss"), 1e-12);
        assertEquals(right / valid, result.get("sparse_categorical_accuracy"), 1e-15);
        assertEquals(right / valid, model.evaluate(X, Y, null, 1).get("sparse_categorical_accuracy"), 1e-15,
                "batches of 3 and 4 valid steps: the accuracy of all 7, not the mean of the batches'");
    }

    /** A custom loss without per-step values cannot serve a masked output: a clear error, not a silent mean. */
    @Test
    void aLossWithoutPerStepValuesIsRefusedForAMaskedOutput() {
        Sequential model = new Sequential(Shape.of(T), DType.FLOAT64, 3);
        model.add(Embedding.of(10, 4).maskZero(true));
        model.add(LSTM.of(3).returnSequences(true));
        model.add(Dense.of(CLASSES));
        Loss custom = new Loss() {
            @Override
            public Node apply(Node yTrue, Node yPred) {
                return yPred.square().mean();
            }

            @Override
            public String name() {
                return "custom";
            }
        };
        model.compile(Sgd.defaults(), custom);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> model.evaluate(X, Y));
        assertTrue(e.getMessage().contains("custom") && e.getMessage().contains("perStep"), e.getMessage());
    }

    /**
     * The gradient of the output layer's bias is {@code sum_valid (softmax(z) - onehot(label)) / (valid + 1e-7)}:
     * one SGD step with learning rate 1 moves the bias by minus that, and padded steps give nothing.
     */
    @Test
    void theGradientComesFromTheValidStepsOnly() {
        Sequential model = model();
        Tensor z = model.predict(X);
        double[] grad = new double[CLASSES];
        for (int n = 0; n < 2; n++) {
            for (int t = 0; t < T; t++) {
                if (VALID[n * T + t] == 0) {
                    continue;
                }
                double norm = 0;
                for (int c = 0; c < CLASSES; c++) {
                    norm += Math.exp(z.get(n, t, c));
                }
                for (int c = 0; c < CLASSES; c++) {
                    grad[c] += (Math.exp(z.get(n, t, c)) / norm - (Y.get(n, t) == c ? 1 : 0)) / (7 + 1e-7);
                }
            }
        }
        TrainStep step = model.trainStep(Shape.of(Shape.BATCH, T));
        ModelState before = model.state();
        Tensor bias = before.param("dense/bias");
        Tensor after = step.apply(before, X, Y, Key.of(0), 1.0).state().param("dense/bias");
        for (int c = 0; c < CLASSES; c++) {
            assertEquals(-grad[c], after.flat(c) - bias.flat(c), 1e-12, "class " + c);
        }
        Tensor other = step.apply(before, X, Y_OTHER, Key.of(0), 1.0).state().param("dense/bias");
        assertTrue(after.sameValues(other), after + " vs " + other);
    }

    /**
     * Split into shards, the step divides the summed numerators by the whole batch's count of valid steps: the
     * same weights, loss and accuracy as the unsplit step, to rounding (a shard normalized by its own count would
     * be off by about 1e-2 here, the shards holding 3 and 4 valid steps).
     */
    @Test
    void aShardedMaskedStepEqualsTheWholeBatch() {
        Sequential model = model();
        ModelState before = model.state();
        TrainStep.Result whole = model.trainStep(Shape.of(Shape.BATCH, T)).apply(before, X, Y, Key.of(0), 1.0);
        ShardedStep sharded = model.shardedStep(Shape.of(Shape.BATCH, T));
        TrainStep.Result split = sharded.apply(before, X, Y, new int[] {0, 1}, 2, Key.of(0), 1.0);
        TrainStep.Result other = sharded.apply(before, X, Y_OTHER, new int[] {0, 1}, 2, Key.of(0), 1.0);
        assertEquals(split.loss(), other.loss(), "the targets under the padding do not count");
        assertEquals(split.metrics(), other.metrics());
        assertEquals(whole.loss(), split.loss(), 1e-14);
        assertEquals(whole.metrics().get("sparse_categorical_accuracy"),
                split.metrics().get("sparse_categorical_accuracy"), 1e-15);
        whole.state().params().forEach(p -> assertTrue(p._2.allClose(split.state().param(p._1), 1e-12, 1e-14),
                p._1 + ": " + p._2 + " vs " + split.state().param(p._1)));
        assertNotEquals(before.param("dense/bias").flat(0), whole.state().param("dense/bias").flat(0));
    }
}
