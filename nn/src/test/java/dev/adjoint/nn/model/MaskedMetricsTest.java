package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Sigmoid;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Embedding;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.TimeDistributed;
import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.Auc;
import dev.adjoint.nn.metric.F1Score;
import dev.adjoint.nn.metric.MeanIoU;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.Precision;
import dev.adjoint.nn.metric.Recall;
import dev.adjoint.nn.metric.RootMeanSquaredError;
import dev.adjoint.nn.metric.SparseTopKCategoricalAccuracy;
import dev.adjoint.nn.metric.TopKCategoricalAccuracy;
import dev.adjoint.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Counting and top-k metrics of a masked output (Embedding(maskZero) -> LSTM(returnSequences) ->
 * TimeDistributed(Dense)) weigh each position by its mask, as Keras's metrics take the mask as a sample
 * weight: their value is the metric of the valid positions alone, whatever the targets under the padding.
 */
class MaskedMetricsTest {

    private static final int T = 5;
    private static final int CLASSES = 4;
    /** Three sequences, 3, 4 and 2 steps long, padded with 0 to 5 steps. */
    private static final Tensor X = Tensor.of(DType.FLOAT64, Shape.of(3, T), 3, 1, 4, 0, 0, 2, 6, 5, 3, 0, 7, 8, 0, 0,
            0);
    private static final double[] VALID = {1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0};
    private static final double[] BINARY = {1, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0};
    /** {@link #BINARY} with other targets under the padding. */
    private static final double[] BINARY_OTHER = {1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0};
    private static final double[] LABELS = {1, 2, 0, 0, 0, 3, 3, 2, 1, 0, 0, 2, 0, 0, 0};
    private static final double[] LABELS_OTHER = {1, 2, 0, 3, 3, 3, 3, 2, 1, 1, 0, 2, 1, 2, 3};

    private static Sequential sequenceModel(int units, Dense head) {
        Sequential model = new Sequential(Shape.of(T), DType.FLOAT64, 11);
        model.add(Embedding.of(10, 4).maskZero(true));
        model.add(LSTM.of(units).returnSequences(true));
        model.add(TimeDistributed.of(head));
        return model;
    }

    /** {@code metric} of the valid positions alone, as a batch of {@code [V, 1]} predictions without a mask. */
    private static double ofValidPositions(Metric metric, Tensor predicted, double[] targets) {
        List<Double> y = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        for (int i = 0; i < VALID.length; i++) {
            if (VALID[i] == 1) {
                y.add(targets[i]);
                p.add(predicted.flat(i));
            }
        }
        Node yNode = SourceOp.input("y", Shape.of(y.size(), 1), DType.FLOAT64);
        Node pNode = SourceOp.input("p", Shape.of(p.size(), 1), DType.FLOAT64);
        return Function.of(List.of(yNode, pNode), List.of(metric.apply(yNode, pNode))).call(
                Tensor.of(Shape.of(y.size(), 1), y.stream().mapToDouble(Double::doubleValue).toArray()),
                Tensor.of(Shape.of(p.size(), 1), p.stream().mapToDouble(Double::doubleValue).toArray())).get(0).item();
    }

    @Test
    void countingMetricsCountTheValidPositionsOnly() {
        Sequential model = sequenceModel(3, Dense.of(1, new Sigmoid()));
        model.compile(Sgd.defaults(), new BinaryCrossEntropy(), new Precision(0.45), new Recall(0.45),
                new F1Score(0.45), Auc.roc());
        Tensor y = Tensor.of(Shape.of(3, T, 1), BINARY);
        Tensor p = model.predict(X);
        double tp = 0;
        double fp = 0;
        double fn = 0;
        for (int i = 0; i < VALID.length; i++) {
            boolean positive = p.flat(i) > 0.45;
            tp += VALID[i] * (positive && BINARY[i] == 1 ? 1 : 0);
            fp += VALID[i] * (positive && BINARY[i] == 0 ? 1 : 0);
            fn += VALID[i] * (!positive && BINARY[i] == 1 ? 1 : 0);
        }
        Map<String, Double> result = model.evaluate(X, y);
        assertEquals(tp / (tp + fp), result.get("precision"), 1e-15);
        assertEquals(tp / (tp + fn), result.get("recall"), 1e-15);
        assertEquals(2 * tp / (2 * tp + fp + fn), result.get("f1_score"), 1e-15);
        assertEquals(ofValidPositions(Auc.roc(), p, BINARY), result.get("auc"), 1e-15);
        assertEquals(result, model.evaluate(X, Tensor.of(Shape.of(3, T, 1), BINARY_OTHER)),
                "the targets under the padding do not count");
        Map<String, Double> oneByOne = model.evaluate(X, y, null, 1);
        for (String name : List.of("precision", "recall", "f1_score", "auc")) {
            assertEquals(result.get(name), oneByOne.get(name), 1e-15, name + ": counts add up over batches");
        }
        // training reports them too, and a sharded step counts as the whole batch
        TrainStep.Result whole = model.trainStep(y.shape().with(0, Shape.BATCH)).apply(model.state(), X, y,
                Key.of(0), 1.0);
        TrainStep.Result sharded = model.shardedStep(y.shape().with(0, Shape.BATCH)).apply(model.state(), X, y,
                new int[] {0, 1, 2}, 2, Key.of(0), 1.0);
        for (String name : List.of("precision", "recall", "f1_score", "auc")) {
            assertEquals(result.get(name), whole.metrics().get(name), 1e-15, name);
            assertEquals(result.get(name), sharded.metrics().get(name), 1e-15, name);
        }
    }

    @Test
    void rootMeanSquaredErrorIsTheRootOfTheMaskedMeanSquaredError() {
        Sequential model = sequenceModel(3, Dense.of(1));
        model.compile(Sgd.defaults(), new dev.adjoint.nn.loss.MeanSquaredError(), new RootMeanSquaredError());
        Tensor y = Tensor.of(Shape.of(3, T, 1), BINARY);
        Tensor p = model.predict(X);
        double sum = 0;
        double valid = 0;
        for (int i = 0; i < VALID.length; i++) {
            sum += VALID[i] * (p.flat(i) - BINARY[i]) * (p.flat(i) - BINARY[i]);
            valid += VALID[i];
        }
        Map<String, Double> result = model.evaluate(X, y);
        assertEquals(Math.sqrt(sum / valid), result.get("root_mean_squared_error"), 1e-15);
        assertEquals(result, model.evaluate(X, Tensor.of(Shape.of(3, T, 1), BINARY_OTHER)),
                "the targets under the padding do not count");
        assertEquals(result.get("root_mean_squared_error"), model.evaluate(X, y, null, 1)
                .get("root_mean_squared_error"), 1e-15, "counts add up over batches");
    }

    @Test
    void meanIoUCountsTheValidPositionsOnly() {
        Sequential model = sequenceModel(3, Dense.of(CLASSES));
        model.compile(Sgd.defaults(), new SparseCategoricalCrossEntropy(true), new MeanIoU(CLASSES, null, true, false));
        Tensor z = model.predict(X);
        double[][] cm = new double[CLASSES][CLASSES];
        for (int i = 0; i < VALID.length; i++) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                best = z.flat(i * CLASSES + c) > z.flat(i * CLASSES + best) ? c : best;
            }
            cm[(int) LABELS[i]][best] += VALID[i];
        }
        double sum = 0;
        double present = 0;
        for (int c = 0; c < CLASSES; c++) {
            double row = 0;
            double column = 0;
            for (int k = 0; k < CLASSES; k++) {
                row += cm[c][k];
                column += cm[k][c];
            }
            double denominator = row + column - cm[c][c];
            sum += cm[c][c] / (denominator + 1e-7);
            present += denominator > 0 ? 1 : 0;
        }
        Map<String, Double> result = model.evaluate(X, Tensor.of(Shape.of(3, T), LABELS));
        assertEquals(sum / (present + 1e-7), result.get("mean_io_u"), 1e-15);
        assertEquals(result, model.evaluate(X, Tensor.of(Shape.of(3, T), LABELS_OTHER)),
                "the targets under the padding do not count");
        assertEquals(result.get("mean_io_u"), model.evaluate(X, Tensor.of(Shape.of(3, T), LABELS), null, 1)
                .get("mean_io_u"), 1e-15, "the matrix adds up over batches");
    }

    @Test
    void topKAccuraciesAreMeansOverTheValidPositions() {
        Sequential model = sequenceModel(3, Dense.of(CLASSES));
        model.compile(Sgd.defaults(), new SparseCategoricalCrossEntropy(true), new SparseTopKCategoricalAccuracy(2));
        Tensor z = model.predict(X);
        double right = 0;
        double valid = 0;
        double[] oneHot = new double[VALID.length * CLASSES];
        for (int i = 0; i < VALID.length; i++) {
            int label = (int) LABELS[i];
            oneHot[i * CLASSES + label] = 1;
            int higher = 0;
            for (int c = 0; c < CLASSES; c++) {
                higher += z.flat(i * CLASSES + c) > z.flat(i * CLASSES + label) ? 1 : 0;
            }
            right += VALID[i] * (higher < 2 ? 1 : 0);
            valid += VALID[i];
        }
        Map<String, Double> sparse = model.evaluate(X, Tensor.of(Shape.of(3, T), LABELS));
        assertEquals(right / valid, sparse.get("sparse_top_k_categorical_accuracy"), 1e-15);
        assertEquals(sparse, model.evaluate(X, Tensor.of(Shape.of(3, T), LABELS_OTHER)));
        Sequential dense = sequenceModel(3, Dense.of(CLASSES));
        dense.compile(Sgd.defaults(), new dev.adjoint.nn.loss.CategoricalCrossEntropy(true),
                new TopKCategoricalAccuracy(2));
        assertEquals(right / valid, dense.evaluate(X, Tensor.of(Shape.of(3, T, CLASSES), oneHot))
                .get("top_k_categorical_accuracy"), 1e-15);
    }
}
