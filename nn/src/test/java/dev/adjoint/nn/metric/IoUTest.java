package dev.adjoint.nn.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Linear;
import dev.adjoint.nn.activation.Softmax;
import dev.adjoint.nn.layer.ActivationLayer;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keras's {@code IoU} and {@code MeanIoU}: Keras's documented examples by hand, and a confusion matrix over 29
 * examples of 4 classes whose IoUs were computed with NumPy (Keras's formula, its {@code eps = 1e-7} included).
 */
class IoUTest {

    private static final double EPS = 1e-7;
    private static final int N = 29;
    private static final int C = 4;
    /** labels (7 i + i / 3) mod 4; scores cos(1.7 i + 2.3 c), whose argmax NumPy gives. */
    private static final Tensor LABELS;
    private static final Tensor SCORES;

    static {
        double[] labels = new double[N];
        double[] scores = new double[N * C];
        for (int i = 0; i < N; i++) {
            labels[i] = (7 * i + i / 3) % C;
            for (int c = 0; c < C; c++) {
                scores[i * C + c] = Math.cos(1.7 * i + 2.3 * c);
            }
        }
        LABELS = Tensor.vector(labels);
        SCORES = Tensor.of(Shape.of(N, C), scores);
    }

    private static double value(Metric metric, Tensor y, Tensor p) {
        Node t = SourceOp.input("y", y.shape().with(0, Shape.BATCH));
        Node q = SourceOp.input("p", p.shape().with(0, Shape.BATCH));
        return Function.of(List.of(t, q), List.of(metric.apply(t, q))).call(y, p).get(0).item();
    }

    private static double weighted(CountingMetric metric, Tensor y, Tensor p, Tensor w) {
        Node t = SourceOp.input("y", y.shape().with(0, Shape.BATCH));
        Node q = SourceOp.input("p", p.shape().with(0, Shape.BATCH));
        Node r = SourceOp.input("w", w.shape().with(0, Shape.BATCH));
        return Function.of(List.of(t, q, r), List.of(metric.fromCounts(metric.counts(t, q, r)))).call(y, p, w).get(0)
                .item();
    }

    @Test
    void kerasDocumentedExamples() {
        Tensor y = Tensor.vector(0, 0, 1, 1);
        Tensor p = Tensor.vector(0, 1, 0, 1);
        Tensor w = Tensor.vector(0.3, 0.3, 0.3, 0.1);
        // cm = [[1, 1], [1, 1]]: each class 1 / (2 + 2 - 1)
        double third = 1 / (3 + EPS);
        assertEquals(2 * third / (2 + EPS), value(new MeanIoU(2), y, p), 1e-15);
        assertEquals(third / (1 + EPS), value(new IoU(2, List.of(0)), y, p), 1e-15);
        // weighted: cm = [[0.3, 0.3], [0.3, 0.1]], iou = [0.3 / 0.9, 0.1 / 0.7]
        assertEquals((0.3 / (0.9 + EPS) + 0.1 / (0.7 + EPS)) / (2 + EPS), weighted(new MeanIoU(2), y, p, w), 1e-15);
        assertEquals(0.23809525, weighted(new MeanIoU(2), y, p, w), 1e-7, "Keras's float32 printout");
        assertEquals(0.3 / (0.9 + EPS) / (1 + EPS), weighted(new IoU(2, List.of(0)), y, p, w), 1e-15);
        // weights with a class axis [4, 2] count at each position's label: the same as w
        Tensor perClass = Tensor.of(Shape.of(4, 2), 0.3, 9, 0.3, 9, 9, 0.3, 9, 0.1);
        assertEquals(weighted(new MeanIoU(2), y, p, w), weighted(new MeanIoU(2), y, p, perClass), 0);
        // Keras's OneHotMeanIoU and OneHotIoU example: cm = [[0, 0, 0.6], [0.3, 0, 0], [0, 0, 0.1]]
        Tensor oneHot = Tensor.of(Shape.of(4, 3), 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0);
        Tensor probabilities = Tensor.of(Shape.of(4, 3), 0.2, 0.3, 0.5, 0.1, 0.2, 0.7, 0.5, 0.3, 0.1, 0.1, 0.4, 0.5);
        Tensor w4 = Tensor.vector(0.1, 0.2, 0.3, 0.4);
        double iou2 = 0.1 / (0.7 + EPS);
        assertEquals(iou2 / (3 + EPS), weighted(new MeanIoU(3, null, false, false), oneHot, probabilities, w4), 1e-15);
        assertEquals(iou2 / (2 + EPS), weighted(new IoU(3, List.of(0, 2), null, false, false), oneHot, probabilities,
                w4), 1e-15);
    }

    @Test
    void scoresThroughTheirArgmaxMatchNumPy() {
        MeanIoU mean = new MeanIoU(C, null, true, false);
        assertEquals(0.17387819935691992, value(mean, LABELS, SCORES), 1e-15);
        assertEquals(0.1458333245659727, value(new IoU(C, List.of(1, 3), null, true, false), LABELS, SCORES), 1e-15);
        // class 2 ignored in the labels: its rows count for nothing, its column (predictions of 2) still does
        assertEquals(0.13712120708551437, value(new MeanIoU(C, 2, true, false), LABELS, SCORES), 1e-15);
        // labels [N, 1] as [N]; class-id predictions as the argmax
        assertEquals(0.17387819935691992, value(mean, LABELS.reshape(Shape.of(N, 1)), SCORES), 1e-15);
        Node scores = SourceOp.input("s", Shape.of(Shape.BATCH, C));
        Tensor ids = Function.of(List.of(scores), List.of(scores.argmax(-1).cast(DType.FLOAT64))).call(SCORES).get(0);
        assertEquals(0.17387819935691992, value(new MeanIoU(C), LABELS, ids), 1e-15);
        double[] fractional = ids.toDoubleArray();
        for (int i = 0; i < N; i++) {
            fractional[i] += 0.75;
        }
        assertEquals(0.17387819935691992, value(new MeanIoU(C), LABELS, Tensor.vector(fractional)), 1e-15,
                "class ids are truncated, as Keras casts them");
    }

    @Test
    void theConfusionMatrixAddsUpOverUnequalBatches() {
        Sequential model = new Sequential(Shape.of(C), DType.FLOAT64, 1);
        model.add(ActivationLayer.of(new Linear()));                    // predicts its input: the scores
        model.compile(Sgd.defaults(), new SparseCategoricalCrossEntropy(true), new MeanIoU(C, null, true, false));
        for (int batch : new int[] {7, 3, 1, 29, 100}) {
            Map<String, Double> result = model.evaluate(SCORES, LABELS, batch);
            assertEquals(0.17387819935691992, result.get("mean_io_u"), 1e-15, "batch size " + batch);
        }
        double meanOfBatches = 0;
        for (int from = 0; from < N; from += 7) {
            int to = Math.min(N, from + 7);
            meanOfBatches += value(new MeanIoU(C, null, true, false), LABELS.rowRange(from, to),
                    SCORES.rowRange(from, to)) * (to - from) / N;
        }
        assertEquals(0.20747124628400537, meanOfBatches, 1e-12, "what averaging the batches would give (NumPy)");
    }

    /** A segmentation-like batch: 8 maps of 64 x 64 pixels, 21 classes, a void label and odd predictions. */
    private static final int MAPS = 8;
    private static final int SIDE = 64;
    private static final int CLASSES = 21;
    private static final int VOID = 255;

    /** Labels in [0, 21) with about one pixel in 16 the void class 255. */
    private static double[] segmentationLabels() {
        double[] labels = new double[MAPS * SIDE * SIDE];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 16 == 5 ? VOID : (i * 7 + i / 5) % CLASSES;
        }
        return labels;
    }

    /**
     * Class-id predictions: the label most of the time, another class, a fraction (truncated), and ids that
     * count nowhere: -1, 21, NaN.
     */
    private static double[] segmentationPredictions(double[] labels) {
        double[] predicted = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            predicted[i] = switch (i % 11) {
                case 0 -> (i / 3) % CLASSES;
                case 1 -> (i % CLASSES) + 0.5;
                case 2 -> -1;
                case 3 -> CLASSES;
                case 4 -> i % 97 == 4 ? Double.NaN : 2;
                default -> labels[i] == VOID ? 0 : labels[i];
            };
        }
        return predicted;
    }

    /** The weighted confusion matrix by a loop over the pixels, as the class Javadoc defines it. */
    private static double[] naiveMatrix(double[] labels, double[] predicted, double[] weights, Integer ignore) {
        double[] cm = new double[CLASSES * CLASSES];
        for (int i = 0; i < labels.length; i++) {
            double label = labels[i];
            double pred = predicted[i] < 0 ? Math.ceil(predicted[i]) : Math.floor(predicted[i]); // truncated
            boolean counts = label >= 0 && label < CLASSES && pred >= 0 && pred < CLASSES
                    && (ignore == null || label != ignore);
            if (counts) {
                cm[(int) label * CLASSES + (int) pred] += weights == null ? 1 : weights[i];
            }
        }
        return cm;
    }

    private static double[] counts(CountingMetric metric, Tensor y, Tensor p, Tensor w) {
        Node t = SourceOp.input("y", y.shape().with(0, Shape.BATCH), y.dtype());
        Node q = SourceOp.input("p", p.shape().with(0, Shape.BATCH), p.dtype());
        if (w == null) {
            return Function.of(List.of(t, q), List.of(metric.counts(t, q))).call(y, p).get(0).toDoubleArray();
        }
        Node r = SourceOp.input("w", w.shape().with(0, Shape.BATCH));
        return Function.of(List.of(t, q, r), List.of(metric.counts(t, q, r))).call(y, p, w).get(0).toDoubleArray();
    }

    @Test
    void aSegmentationBatchCountsAsTheLoopOverItsPixels() {
        Shape maps = Shape.of(MAPS, SIDE, SIDE);
        double[] labels = segmentationLabels();
        double[] predicted = segmentationPredictions(labels);
        Tensor y = Tensor.of(maps, labels);
        Tensor p = Tensor.of(maps, predicted);
        MeanIoU mean = new MeanIoU(CLASSES, VOID, true, true);
        assertArrayEquals(naiveMatrix(labels, predicted, null, VOID), counts(mean, y, p, null));
        // a mask over the rows of each map [8, 64], and integer pixel weights [8, 64, 64]
        double[] rowMask = new double[MAPS * SIDE];
        double[] rowMaskPerPixel = new double[labels.length];
        double[] pixelWeights = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            rowMask[i / SIDE] = (i / SIDE) % 3 == 1 ? 0 : 1;
            rowMaskPerPixel[i] = rowMask[i / SIDE];
            pixelWeights[i] = i % 3;
        }
        assertArrayEquals(naiveMatrix(labels, predicted, rowMaskPerPixel, VOID),
                counts(mean, y, p, Tensor.of(Shape.of(MAPS, SIDE), rowMask)));
        IoU iou = new IoU(CLASSES, List.of(0, 20), VOID, true, true);
        assertArrayEquals(naiveMatrix(labels, predicted, pixelWeights, VOID),
                counts(iou, y, p, Tensor.of(maps, pixelWeights)));
        // the void class counted as a label outside [0, 21): it counts nowhere, as when it is ignored
        assertArrayEquals(naiveMatrix(labels, predicted, null, null), counts(new MeanIoU(CLASSES), y, p, null));
        // scores [8, 64, 64, 21] whose argmax is the (truncated, in-range) prediction, in float32
        double[] scores = new double[labels.length * CLASSES];
        double[] argmax = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            argmax[i] = Double.isNaN(predicted[i]) || predicted[i] < 0 ? 0 : Math.min(CLASSES - 1,
                    Math.floor(predicted[i]));
            scores[i * CLASSES + (int) argmax[i]] = 1;
        }
        Tensor probabilities = Tensor.of(DType.FLOAT32, Shape.of(MAPS, SIDE, SIDE, CLASSES), scores);
        assertArrayEquals(naiveMatrix(labels, argmax, null, VOID),
                counts(new MeanIoU(CLASSES, VOID, true, false), y, probabilities, null));
    }

    @Test
    void theCountsHoldNoOneHotPerPosition() {
        Node y = SourceOp.input("y", Shape.of(Shape.BATCH, SIDE, SIDE));
        Node p = SourceOp.input("p", Shape.of(Shape.BATCH, SIDE, SIDE));
        Node w = SourceOp.input("w", Shape.of(Shape.BATCH, SIDE, SIDE));
        Node counts = new MeanIoU(CLASSES, VOID, true, true).counts(y, p, w);
        int largest = Math.max(SIDE * SIDE, CLASSES * CLASSES);
        for (Function f : List.of(Function.of(List.of(y, p, w), List.of(counts)),
                Function.unoptimized(List.of(y, p, w), List.of(counts)))) {
            for (Node step : f.plan().steps()) {
                long perRow = 1;
                for (int d : step.shape().dims()) {
                    perRow *= d == Shape.BATCH ? 1 : d;
                }
                assertTrue(perRow <= largest, "a step holds " + perRow + " elements per row, more than the "
                        + largest + " of the positions or of the matrix: " + step);
            }
        }
    }

    @Test
    void fitLogsKerasNames() {
        Sequential model = new Sequential(Shape.of(C), DType.FLOAT64, 1);
        model.add(Dense.of(C, new Softmax()));
        model.compile(Sgd.defaults(), new SparseCategoricalCrossEntropy(), new MeanIoU(C, null, true, false),
                new IoU(C, List.of(0), null, true, false));
        History h = model.fit(SCORES, LABELS, FitOptions.defaults().epochs(2).batchSize(8)
                .validationData(SCORES, LABELS).verbosity(Verbosity.SILENT));
        assertTrue(h.names().containsAll(List.of("mean_io_u", "val_mean_io_u", "io_u", "val_io_u")),
                h.names().toString());
    }

    @Test
    void labelsParametersAndShapesAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MeanIoU(3).checkTargets(Tensor.vector(0, 1, 3), Shape.of(Shape.BATCH)));
        assertEquals("MeanIoU: yTrue must hold integer class labels in [0, 3), got 3.0 at row 2", e.getMessage());
        new MeanIoU(3, 255, true, true).checkTargets(Tensor.vector(0, 255, 2), Shape.of(Shape.BATCH));
        e = assertThrows(IllegalArgumentException.class,
                () -> new IoU(3, List.of(1)).checkTargets(Tensor.vector(0, 1.5), Shape.of(Shape.BATCH)));
        assertEquals("IoU: yTrue must hold integer class labels in [0, 3), got 1.5 at row 1", e.getMessage());
        assertEquals("IoU: target class id 3 is out of range [0, 3)", assertThrows(IllegalArgumentException.class,
                () -> new IoU(3, List.of(0, 3))).getMessage());
        assertEquals("IoU: targetClassIds must not be empty", assertThrows(IllegalArgumentException.class,
                () -> new IoU(3, new ArrayList<>())).getMessage());
        assertEquals("MeanIoU: numClasses must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new MeanIoU(0)).getMessage());
        Node labels = SourceOp.input("y", Shape.of(Shape.BATCH));
        Node scores = SourceOp.input("p", Shape.of(Shape.BATCH, 5));
        assertEquals("MeanIoU: yPred must hold 4 class scores on its last axis, got [N, 5] (class ids need"
                + " sparseYPred = true)", assertThrows(IllegalArgumentException.class,
                        () -> new MeanIoU(C, null, true, false).apply(labels, scores)).getMessage());
        assertEquals("MeanIoU: the labels and the predicted classes must have one shape with a batch axis, got [N]"
                + " and [N, 5] from yTrue [N] and yPred [N, 5]", assertThrows(IllegalArgumentException.class,
                        () -> new MeanIoU(C).apply(labels, scores)).getMessage());
        // a softmax output over the C classes, read as class ids by default: the message names the switch
        Node softmax = SourceOp.input("q", Shape.of(Shape.BATCH, C));
        assertEquals("MeanIoU: the labels and the predicted classes must have one shape with a batch axis, got [N]"
                + " and [N, 4] from yTrue [N] and yPred [N, 4]; yPred holds 4 class scores on its last axis: set"
                + " sparseYPred = false", assertThrows(IllegalArgumentException.class,
                        () -> new MeanIoU(C).apply(labels, softmax)).getMessage());
    }
}
