package dev.adjoint.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.List;

/** Lookup by name, hyperparameter validation and shape errors at build time. */
class LossesTest {

    @Test
    void byNameUsesKerasNamesAndDefaults() {
        assertEquals(new MeanSquaredError(), Losses.byName("mse"));
        assertEquals(new MeanAbsoluteError(), Losses.byName("mean_absolute_error"));
        assertEquals(new Huber(1.0), Losses.byName("huber"));
        assertEquals(new BinaryCrossEntropy(false), Losses.byName("binary_crossentropy"));
        assertEquals(new CategoricalCrossEntropy(false), Losses.byName("categorical_crossentropy"));
        assertEquals(new SparseCategoricalCrossEntropy(false), Losses.byName("sparse_categorical_crossentropy"));
        assertEquals(new SquaredHinge(), Losses.byName("squared_hinge"));
        // Keras 3's keras.losses.get: abbreviations and class names, with the classes' defaults
        assertEquals(new MeanSquaredError(), Losses.byName("MSE"));
        assertEquals(new MeanAbsoluteError(), Losses.byName("MAE"));
        assertEquals(new BinaryCrossEntropy(false), Losses.byName("bce"));
        assertEquals(new BinaryCrossEntropy(false), Losses.byName("BCE"));
        assertEquals(new BinaryCrossEntropy(false), Losses.byName("BinaryCrossentropy"));
        assertEquals(new CategoricalCrossEntropy(false), Losses.byName("CategoricalCrossentropy"));
        assertEquals(new SparseCategoricalCrossEntropy(false), Losses.byName("SparseCategoricalCrossentropy"));
        assertEquals(new MeanSquaredError(), Losses.byName("MeanSquaredError"));
        assertEquals(new Huber(1.0), Losses.byName("Huber"));
        assertEquals(new SquaredHinge(), Losses.byName("SquaredHinge"));
        assertEquals(new Hinge(), Losses.byName("Hinge"));
        // the losses Keras 3 has beside these, under its function names, aliases and class names
        for (String name : List.of("kl_divergence", "kld", "KLD", "KLDivergence")) {
            assertEquals(new KLDivergence(), Losses.byName(name), name);
        }
        assertEquals(new Poisson(), Losses.byName("poisson"));
        assertEquals(new Poisson(), Losses.byName("Poisson"));
        assertEquals(new LogCosh(), Losses.byName("log_cosh"));
        assertEquals(new LogCosh(), Losses.byName("LogCosh"));
        assertEquals(new CosineSimilarity(-1), Losses.byName("cosine_similarity"));
        assertEquals(new CosineSimilarity(-1), Losses.byName("CosineSimilarity"));
        assertEquals(new CategoricalHinge(), Losses.byName("categorical_hinge"));
        assertEquals(new CategoricalHinge(), Losses.byName("CategoricalHinge"));
        // Keras 2's "logcosh" and "cosine" are not Keras 3 names
        assertThrows(IllegalArgumentException.class, () -> Losses.byName("logcosh"));
        assertThrows(IllegalArgumentException.class, () -> Losses.byName("cosine"));
        for (String name : Losses.names()) {
            Loss loss = Losses.byName(name);
            assertEquals(loss, Losses.byName(loss.name()), name);
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.byName("l2"));
        assertEquals("loss: unknown name, got 'l2'; known names: BCE, BinaryCrossentropy, CategoricalCrossentropy,"
                + " CategoricalHinge, CosineSimilarity, Hinge, Huber, KLD, KLDivergence, LogCosh, MAE, MAPE, MSE, MSLE,"
                + " MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError, MeanSquaredLogarithmicError,"
                + " Poisson, SparseCategoricalCrossentropy, SquaredHinge, bce, binary_crossentropy,"
                + " categorical_crossentropy, categorical_hinge, cosine_similarity, hinge, huber, kl_divergence, kld,"
                + " log_cosh, mae, mape, mean_absolute_error, mean_absolute_percentage_error, mean_squared_error,"
                + " mean_squared_logarithmic_error, mse, msle, poisson, sparse_categorical_crossentropy,"
                + " squared_hinge", e.getMessage());
    }

    @Test
    void invalidDeltaIsRejectedWithItsValue() {
        assertEquals("Huber: delta must be finite and > 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new Huber(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Huber(0));
        assertThrows(IllegalArgumentException.class, () -> new Huber(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Huber(Double.POSITIVE_INFINITY));
    }

    @Test
    void invalidLabelSmoothingIsRejectedWithItsValue() {
        assertEquals("CategoricalCrossEntropy: labelSmoothing must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new CategoricalCrossEntropy(false, 1.5))
                        .getMessage());
        assertEquals("BinaryCrossEntropy: labelSmoothing must be in [0, 1], got -0.1",
                assertThrows(IllegalArgumentException.class,
                        () -> new BinaryCrossEntropy(true).withLabelSmoothing(-0.1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BinaryCrossEntropy(false, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new CategoricalCrossEntropy().withLabelSmoothing(
                Double.POSITIVE_INFINITY));
        assertEquals(new CategoricalCrossEntropy(true, 0.2), new CategoricalCrossEntropy(true).withLabelSmoothing(0.2));
        assertEquals(new BinaryCrossEntropy(false, 1), new BinaryCrossEntropy().withLabelSmoothing(1));
        assertEquals(new BinaryCrossEntropy(true, 0), new BinaryCrossEntropy(true), "0 is the default");
    }

    @Test
    void cosineSimilarityRefusesTheBatchAxisAndAxesBeyondTheRank() {
        assertEquals("CosineSimilarity: axis must not be 0, the batch axis, got 0",
                assertThrows(IllegalArgumentException.class, () -> new CosineSimilarity(0)).getMessage());
        Node t = SourceOp.input("yTrue", Shape.of(Shape.BATCH, 3));
        Node p = SourceOp.input("yPred", Shape.of(Shape.BATCH, 3));
        assertEquals("CosineSimilarity: axis must be a non-batch axis of yPred [N, 3], in [1, 2) or [-1, -1], got 2",
                assertThrows(IllegalArgumentException.class, () -> new CosineSimilarity(2).apply(t, p)).getMessage());
        assertEquals("CosineSimilarity: axis must be a non-batch axis of yPred [N, 3], in [1, 2) or [-1, -1], got -2",
                assertThrows(IllegalArgumentException.class, () -> new CosineSimilarity(-2).apply(t, p)).getMessage());
        Node flat = SourceOp.input("flat", Shape.of(Shape.BATCH));
        assertEquals("CosineSimilarity: yPred must have rank >= 2 (the batch axis and the axis of the vectors), got"
                + " [N]", assertThrows(IllegalArgumentException.class, () -> new CosineSimilarity().apply(flat, flat))
                        .getMessage());
        Node seq = SourceOp.input("seq", Shape.of(Shape.BATCH, 4, 3));
        assertEquals("CosineSimilarity: per-step losses need an axis after the time axis, got axis 1 for yPred"
                + " [N, 4, 3]", assertThrows(IllegalArgumentException.class,
                        () -> new CosineSimilarity(1).perStep(seq, seq)).getMessage());
        assertEquals(Shape.of(Shape.BATCH, 4), new CosineSimilarity().perStep(seq, seq).shape());
        assertEquals(Shape.of(Shape.BATCH), new CosineSimilarity(1).perExample(seq, seq).shape());
    }

    @Test
    void theNewLossesReduceTheLastAxisLikeKerasAndGivePerExampleAndPerStepValues() {
        Node seq = SourceOp.input("seq", Shape.of(Shape.BATCH, 4, 3));
        for (Loss loss : List.of(new KLDivergence(), new Poisson(), new LogCosh(), new CosineSimilarity(),
                new CategoricalHinge())) {
            assertEquals(Shape.scalar(), loss.apply(seq, seq).shape(), loss.toString());
            assertEquals(Shape.of(Shape.BATCH), loss.perExample(seq, seq).shape(), loss.toString());
            assertEquals(Shape.of(Shape.BATCH, 4), loss.perStep(seq, seq).shape(), loss.toString());
        }
        Node s = SourceOp.input("s", Shape.scalar());
        assertEquals("KLDivergence: yPred must have rank >= 1 (a class axis), got []",
                assertThrows(IllegalArgumentException.class, () -> new KLDivergence().apply(s, s)).getMessage());
        assertEquals("CategoricalHinge: yPred must have rank >= 1 (a class axis), got []",
                assertThrows(IllegalArgumentException.class, () -> new CategoricalHinge().apply(s, s)).getMessage());
    }

    @Test
    void mismatchedShapesAreRejectedAtBuildTime() {
        Node t = SourceOp.input("yTrue", Shape.of(Shape.BATCH, 3));
        Node p = SourceOp.input("yPred", Shape.of(Shape.BATCH, 2));
        assertEquals("MeanSquaredError: yTrue and yPred must have equal shapes, got [N, 3] and [N, 2]",
                assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError().apply(t, p)).getMessage());
        for (String name : Losses.names()) {
            if (!(Losses.byName(name) instanceof SparseCategoricalCrossEntropy)) {
                assertThrows(IllegalArgumentException.class, () -> Losses.byName(name).apply(t, p), name);
            }
        }
        Node column = SourceOp.input("column", Shape.of(Shape.BATCH, 1));
        Node pair = SourceOp.input("pair", Shape.of(Shape.BATCH, 2));
        assertThrows(IllegalArgumentException.class, () -> new BinaryCrossEntropy().apply(pair, column));
    }

    @Test
    void targetsDifferingOnlyByATrailingUnitAxisAreReshapedAsKerasDoes() {
        Node column = SourceOp.input("column", Shape.of(Shape.BATCH, 1));
        Node flat = SourceOp.input("flat", Shape.of(Shape.BATCH));
        Node labels = SourceOp.input("labels", Shape.of(Shape.BATCH, 1));
        Tensor p = Tensor.matrix(new double[][] {{0.2}, {0.9}, {0.6}});
        Tensor y = Tensor.vector(0, 1, 0);
        for (String name : Losses.names()) {
            Loss loss = Losses.byName(name);
            if (loss instanceof SparseCategoricalCrossEntropy || loss instanceof CategoricalCrossEntropy) {
                continue;
            }
            double fromFlat = Evaluator.evaluate(loss.apply(flat, column), Bindings.of(flat, y).and(column, p)).item();
            double fromColumn = Evaluator.evaluate(loss.apply(labels, column),
                    Bindings.of(labels, y.reshape(Shape.of(3, 1))).and(column, p)).item();
            assertEquals(fromColumn, fromFlat, 0.0, name);
        }
    }

    @Test
    void sparseLabelsMustMatchTheScoresWithoutTheClassAxis() {
        Node scores = SourceOp.input("scores", Shape.of(Shape.BATCH, 10));
        Node oneHot = SourceOp.input("oneHot", Shape.of(Shape.BATCH, 10));
        assertEquals("SparseCategoricalCrossEntropy: yTrue must have shape [N] (integer labels) for yPred [N, 10],"
                + " got [N, 10]; one-hot targets [N, 10] take CategoricalCrossEntropy (integer labels take"
                + " SparseCategoricalCrossEntropy)", assertThrows(IllegalArgumentException.class,
                        () -> new SparseCategoricalCrossEntropy().apply(oneHot, scores)).getMessage());
        // the reverse mistake, a newcomer's first CNN on integer labels with the one-hot loss
        Node labels = SourceOp.input("labels", Shape.of(Shape.BATCH));
        assertEquals("CategoricalCrossEntropy: yTrue and yPred must have equal shapes, got [N] and [N, 10]; integer"
                + " class labels [N] take SparseCategoricalCrossEntropy (one-hot targets take"
                + " CategoricalCrossEntropy)", assertThrows(IllegalArgumentException.class,
                        () -> new CategoricalCrossEntropy().apply(labels, scores)).getMessage());
        assertEquals("MeanSquaredError: yTrue and yPred must have equal shapes, got [N] and [N, 10]",
                assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError().apply(labels, scores))
                        .getMessage(), "no class labels in a regression: no hint");
        Node vector = SourceOp.input("vector", Shape.of(10));
        Node label = SourceOp.input("label", Shape.scalar());
        assertEquals("SparseCategoricalCrossEntropy: yPred must have shape [N, C] or [N, ..., C], got [10]",
                assertThrows(IllegalArgumentException.class,
                        () -> new SparseCategoricalCrossEntropy().apply(label, vector)).getMessage());
    }

    @Test
    void sparseCrossEntropyOfASequenceIsTheMeanOverItsPositionsAndMatchesCentralDifferences() {
        Node z = SourceOp.input("z", Shape.of(2, 3, 4), DType.FLOAT64);
        Node labels = SourceOp.input("labels", Shape.of(2, 3), DType.FLOAT64);
        Node flatZ = SourceOp.input("flatZ", Shape.of(6, 4), DType.FLOAT64);
        Node flatLabels = SourceOp.input("flatLabels", Shape.of(6), DType.FLOAT64);
        Tensor scores = Tensor.normal(Key.of(4), DType.FLOAT64, Shape.of(2, 3, 4), 0, 2);
        Tensor y = Tensor.of(DType.FLOAT64, Shape.of(2, 3), 3, 0, 1, 2, 2, 0);
        Bindings at = Bindings.of(z, scores).and(labels, y);
        Bindings flat = Bindings.of(flatZ, scores.reshape(Shape.of(6, 4))).and(flatLabels, y.reshape(Shape.of(6)));
        for (boolean fromLogits : new boolean[] {true, false}) {
            SparseCategoricalCrossEntropy loss = new SparseCategoricalCrossEntropy(fromLogits);
            Node q = fromLogits ? z : z.softmax(-1);
            Node flatQ = fromLogits ? flatZ : flatZ.softmax(-1);
            Tensor perRow = Evaluator.evaluate(loss.perExample(flatLabels, flatQ), flat);
            Tensor perExample = Evaluator.evaluate(loss.perExample(labels, q), at);
            for (int n = 0; n < 2; n++) {
                double mean = (perRow.flat(3 * n) + perRow.flat(3 * n + 1) + perRow.flat(3 * n + 2)) / 3;
                assertEquals(mean, perExample.flat(n), 1e-14);
            }
            assertEquals(Evaluator.evaluate(loss.apply(flatLabels, flatQ), flat).item(),
                    Evaluator.evaluate(loss.apply(labels, q), at).item(), 1e-14);
            Node integer = SourceOp.input("integer", Shape.of(2, 3), DType.INT64);
            assertEquals(Evaluator.evaluate(loss.apply(labels, q), at).item(), Evaluator.evaluate(
                    loss.apply(integer, q), Bindings.of(z, scores).and(integer, y.cast(DType.INT64))).item(), 0.0);
            GradCheck.check(loss.apply(labels, q), List.of(z), at).assertPassed();
        }
    }

    @Test
    void categoricalLossesNeedAClassAxis() {
        Node s = SourceOp.input("s", Shape.scalar());
        assertEquals("CategoricalCrossEntropy: yPred must have rank >= 1 (a class axis), got []",
                assertThrows(IllegalArgumentException.class, () -> new CategoricalCrossEntropy().apply(s, s))
                        .getMessage());
    }

    @Test
    void nullArgumentsAreRejected() {
        Node p = SourceOp.input("yPred", Shape.of(2, 2));
        for (String name : Losses.names()) {
            Loss loss = Losses.byName(name);
            assertEquals("yTrue is null", assertThrows(NullPointerException.class, () -> loss.apply(null, p))
                    .getMessage());
            assertEquals("yPred is null", assertThrows(NullPointerException.class, () -> loss.apply(p, null))
                    .getMessage());
        }
    }

    @Test
    void outOfRangeLabelsAreReportedAtEvaluation() {
        Node labels = SourceOp.input("labels", Shape.of(2));
        Node scores = SourceOp.input("scores", Shape.of(2, 3));
        Node loss = new SparseCategoricalCrossEntropy(true).apply(labels, scores);
        assertThrows(RuntimeException.class, () -> Evaluator.evaluate(List.of(loss),
                Bindings.of(labels, Tensor.vector(0, 3)).and(scores, Tensor.zeros(Shape.of(2, 3)))));
    }
}
