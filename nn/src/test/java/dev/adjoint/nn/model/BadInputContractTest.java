package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.callback.EarlyStopping;
import dev.adjoint.nn.callback.ReduceLROnPlateau;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.layer.Embedding;
import dev.adjoint.nn.layer.conv.GlobalAveragePooling1D;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.metric.SparseTopKCategoricalAccuracy;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Schedule;
import dev.adjoint.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The bad-input contract of training: every bad configuration, dataset or label is a clear error before the
 * first step, naming what, where and expected against got, and the model keeps exactly its state (validation data
 * included: it is checked against the loss and metrics before the first epoch, not at its end); a
 * failing callback is named and an interrupt stops at a batch boundary, both leaving the model at its last
 * completed step; duplicate layer names are rejected leaving the model as it was. The cases {@link FitTest}
 * already covers (an empty dataset, x/y row mismatch, NaN in x, a validation
 * split leaving no rows, EarlyStopping on a missing metric, a failing callback's hook and step count, an
 * interrupt before the first batch) are not repeated here.
 */
class BadInputContractTest {

    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT);

    private final Tensor[] data = Blobs.of(30, 4);
    private final Sequential model = Blobs.classifier(2);
    private final ModelState before = model.state();
    private final Object compiledWith = model.compilation();
    private final List<dev.adjoint.nn.layer.Layer> layers = model.stack();
    private final Tensor predictedBefore = model.predict(data[0]);

    @AfterEach
    void nothingValidChanged() {
        assertSame(before, model.state(), "the model's state is the same value");
        assertEquals(0, model.state().step());
        assertSame(compiledWith, model.compilation(), "the compilation is the same value");
        assertEquals(layers, model.stack(), "the architecture is unchanged");
        assertTrue(predictedBefore.sameValues(model.predict(data[0])), "predictions are bit-identical");
    }

    private static <T extends Throwable> T rejects(Class<T> type, Executable call, String... parts) {
        T e = assertThrows(type, call);
        assertEquals(type, e.getClass(), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected <" + part + "> in <" + e.getMessage() + ">");
        }
        return e;
    }

    private Tensor with(Tensor t, int at, double value) {
        double[] d = t.toDoubleArray();
        d[at] = value;
        return Tensor.of(t.dtype(), t.shape(), d);
    }

    /** The setters check one option each; fit checks how they combine, so their order does not matter. */
    @Test
    void anIntegerModelDtypeIsRefusedWhereItIsGiven() {
        rejects(IllegalArgumentException.class, () -> new Sequential(Shape.of(4), DType.INT32, 1),
                "model: dtype (of the weights and the computation) must be float32 or float64, got i32");
    }

    @Test
    void theFirstEpochMayBeSetBeforeTheEpochs() {
        FitOptions either = QUIET.initialEpoch(2).epochs(5);
        assertEquals(List.of(2, 5), List.of(either.initialEpoch(), either.epochs()));
        assertEquals(either, QUIET.epochs(5).initialEpoch(2));
    }

    @Test
    void evaluateAndPredictRefuseNonFiniteValuesAsFitDoes() {
        rejects(IllegalArgumentException.class, () -> model.evaluate(with(data[0], 5, Double.NaN), data[1]),
                "evaluate: x must be finite, got NaN at row 2, column 1", "Imputer");
        rejects(IllegalArgumentException.class, () -> model.evaluate(data[0], with(data[1], 2,
                Double.POSITIVE_INFINITY)), "evaluate: y must be finite, got Infinity at row 2");
        rejects(IllegalArgumentException.class, () -> model.predict(with(data[0], 0, Double.NEGATIVE_INFINITY)),
                "predict: x must be finite, got -Infinity at row 0, column 0");
    }

    @Test
    void invalidHyperparametersAreRejectedWhenConfiguredBeforeAnyEpoch() {
        rejects(IllegalArgumentException.class, () -> QUIET.epochs(-1), "fit: epochs must be >= 0, got -1");
        rejects(IllegalArgumentException.class, () -> QUIET.batchSize(-4), "fit: batchSize must be >= 1, got -4");
        rejects(IllegalArgumentException.class, () -> QUIET.validationSplit(1.0), "fit: validationSplit must be in"
                + " [0, 1), got 1.0");
        rejects(IllegalArgumentException.class, () -> QUIET.validationSplit(Double.NaN), "got NaN");
        rejects(IllegalArgumentException.class, () -> QUIET.initialEpoch(-1), "fit: initialEpoch must be >= 0,"
                + " got -1");
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], data[1], QUIET.epochs(3).initialEpoch(4)),
                "fit: initialEpoch must be in [0, epochs], got 4 for 3 epochs");
        rejects(IllegalArgumentException.class, () -> QUIET.validationData(data[0], null), "fit: validation data"
                + " needs both x and y, got only x");
        rejects(NullPointerException.class, () -> QUIET.callbacks((Callback) null), "callback 0 is null");
        rejects(IllegalArgumentException.class, () -> Sgd.defaults().withLearningRate(Schedule.constant(-1)),
                "learningRate must be non-negative and finite, got -1.0");
        rejects(IllegalArgumentException.class, () -> Adam.defaults().withBeta1(1.5), "Adam: beta1 must be in"
                + " [0, 1), got 1.5");
        rejects(IllegalArgumentException.class, () -> Dropout.of(1), "Dropout: rate must be in [0, 1), got 1.0");
        rejects(IllegalArgumentException.class, () -> Dense.of(0), "Dense: units must be > 0, got 0");
        rejects(IllegalArgumentException.class, () -> new EarlyStopping("loss", -1, 0, false),
                "EarlyStopping: patience must be >= 0, got -1");
        rejects(IllegalArgumentException.class, () -> new ReduceLROnPlateau("loss", 1.5, 0, 0, 0, 0),
                "ReduceLROnPlateau: factor must be in (0, 1), got 1.5");
        Callback negativeRate = new Callback() {
            @Override
            public void onTrainBegin(TrainingContext context) {
                context.setLearningRateFactor(-1);
            }
        };
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], data[1], QUIET.batchSize(10)
                .callbacks(negativeRate)), "fit: learning-rate factor must be finite and >= 0, got -1.0");
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], data[1], QUIET.batchSize(10).callbacks(
                new ReduceLROnPlateau("val_loss", 0.5, 0, 0, 0, 0))), "ReduceLROnPlateau: monitor must be one of");
    }

    @Test
    void badValuesInTheDataAreNamedByRowAndColumnBeforeTraining() {
        rejects(IllegalArgumentException.class, () -> model.fit(with(data[0], 9, Double.POSITIVE_INFINITY), data[1],
                QUIET), "fit: x must be finite, got Infinity at row 4, column 1");
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], with(data[1], 5, Double.NaN), QUIET),
                "fit: y must be finite, got NaN at row 5, column 0");
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], data[1], QUIET.validationData(
                with(data[0], 3, Double.NaN), data[1])),
                "fit: validation x must be finite, got NaN at row 1, column 1; a missing value? fill the gaps first"
                        + " (dev.adjoint.nn.data.Imputer)");
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], data[1], QUIET.validationData(data[0],
                with(data[1], 2, Double.NEGATIVE_INFINITY))), "fit: validation y must be finite, got -Infinity at"
                + " row 2");
    }

    @Test
    void valuesThatOverflowTheModelsFloat32AreNamedNotReportedAsInfinity() {
        rejects(IllegalArgumentException.class, () -> model.fit(with(data[0], 9, 1e300), data[1], QUIET),
                "fit: x must be finite in f32, got 1.0E300 at row 4, column 1, beyond f32's largest",
                "; scale the data or build the model in FLOAT64");
        rejects(IllegalArgumentException.class, () -> model.predict(with(data[0], 2, -1e39)),
                "predict: x must be finite in f32, got -1.0E39 at row 1, column 0");
        rejects(IllegalArgumentException.class, () -> model.evaluate(data[0], with(data[1], 3, 1e40)),
                "evaluate: y must be finite in f32, got 1.0E40 at row 3, column 0");
    }

    @Test
    void validationDataMustFitTheModel() {
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], data[1], QUIET.validationData(
                Tensor.zeros(Shape.of(5, 3)), data[1].rowRange(0, 5))), "fit (validation): x must have shape [N, 2]"
                + " (rows first), got [5, 3]");
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], data[1], QUIET.validationData(
                data[0].rowRange(0, 5), data[1].rowRange(0, 4))), "fit (validation): x and y must have the same"
                + " number of rows, got [5, 2] and [4]");
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], data[1], QUIET.validationData(
                data[0].rowRange(0, 0), data[1].rowRange(0, 0))), "fit: validation data is empty, got x [0, 2]");
    }

    @Test
    void validationTargetsTheLossDoesNotTakeAreRejectedBeforeTheFirstStep() {
        // Before: an epoch trained (the state changed) before the evaluation at its end failed with the loss's
        // bare message, which did not say the validation data was at fault.
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], data[1], QUIET.batchSize(10)
                .validationData(data[0], Tensor.zeros(Shape.of(30, 2)))), "fit (validation): validation y [30, 2]"
                + " does not fit the model's output [N, 3]: SparseCategoricalCrossEntropy: yTrue must have shape [N]"
                + " (integer labels) for yPred [N, 3], got [N, 2]");
        Sequential regression = new Sequential(Shape.of(2), DType.FLOAT32, 0);
        regression.add(Dense.of(1));
        regression.compile(Sgd.defaults(), new MeanSquaredError());
        ModelState initial = regression.state();
        Tensor y = Tensor.zeros(Shape.of(30, 1));
        rejects(IllegalArgumentException.class, () -> regression.fit(data[0], y, QUIET.epochs(3)
                .validationData(data[0], Tensor.zeros(Shape.of(30, 2)))), "fit (validation): validation y [30, 2]"
                + " does not fit the model's output [N, 1]: MeanSquaredError: yTrue and yPred must have equal shapes,"
                + " got [N, 2] and [N, 1]");
        assertSame(initial, regression.state());
        // the same data through fit(TrainingData), whose steps must not run
        TrainingData stepless = new TrainingData() {
            @Override
            public int rows() {
                return 30;
            }

            @Override
            public TrainStep.Result step(ModelState state, int batch, int[] rows, dev.adjoint.core.tensor.Key key,
                    double lrFactor) {
                throw new AssertionError("no step may run before the validation data is checked");
            }
        };
        rejects(IllegalArgumentException.class, () -> regression.fit(stepless, QUIET.validationData(data[0],
                Tensor.zeros(Shape.of(30, 2)))), "fit (validation): validation y [30, 2] does not fit the model's"
                + " output [N, 1]: MeanSquaredError");
        rejects(IllegalArgumentException.class, () -> regression.fit(stepless, QUIET.validationData(data[0],
                with(y, 4, Double.NaN))), "fit: validation y must be finite, got NaN at row 4, column 0");
        rejects(IllegalArgumentException.class, () -> regression.fit(stepless, QUIET.validationData(
                data[0].rowRange(0, 0), y.rowRange(0, 0))), "fit: validation data is empty, got x [0, 2]");
        assertSame(initial, regression.state());
        regression.fit(data[0], y, QUIET.validationData(data[0], y.reshape(Shape.of(30))));   // [N] serves [N, 1]
        assertEquals(1, regression.state().step());
    }

    @Test
    void sampleWeightsThatWeighNothingOnEitherSideOfTheSplitAreRejectedBeforeTheFirstStep() {
        // Before: all-zero held-out weights trained an epoch, then failed with "evaluate: sampleWeights must not
        // all be 0", which did not say they were the validation rows'.
        double[] w = new double[30];
        java.util.Arrays.fill(w, 0, 24, 1.0);
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], data[1], QUIET.batchSize(10)
                .validationSplit(0.2).sampleWeights(Tensor.vector(w))), "fit (validation): sampleWeights of the"
                + " held-out rows 24..29 (validationSplit 0.2) must not all be 0, got 6 zeros");
        double[] tail = new double[30];
        java.util.Arrays.fill(tail, 24, 30, 1.0);
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], data[1], QUIET.batchSize(10)
                .validationSplit(0.2).sampleWeights(Tensor.vector(tail))), "fit: sampleWeights of the training rows"
                + " 0..23 (validationSplit 0.2) must not all be 0, got 24 zeros");
    }

    @Test
    void labelsOutOfRangeAreNamedByTheirDatasetRowBeforeAnyStep() {
        // Row 27 is found before training, not in whichever shuffled batch happens to hold it (after the
        // batches before it had already changed the weights).
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], with(data[1], 27, 3), QUIET.batchSize(10)),
                "fit: SparseCategoricalCrossEntropy: yTrue must hold integer class labels in [0, 3), got 3.0 at row"
                        + " 27");
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], with(data[1], 4, 1.5), QUIET.batchSize(10)),
                "got 1.5 at row 4");
        rejects(IllegalArgumentException.class, () -> model.fit(data[0], data[1], QUIET.batchSize(10)
                .validationData(data[0], with(data[1], 11, -1))), "fit (validation): SparseCategoricalCrossEntropy:"
                + " yTrue must hold integer class labels in [0, 3), got -1.0 at row 11");
        rejects(IllegalArgumentException.class, () -> model.evaluate(data[0], with(data[1], 29, 7), 8),
                "evaluate: SparseCategoricalCrossEntropy: yTrue must hold integer class labels in [0, 3), got 7.0 at"
                        + " row 29");
        rejects(IllegalArgumentException.class, () -> new SparseTopKCategoricalAccuracy(2).checkTargets(
                Tensor.of(Shape.of(3, 1), 0, 2, 5), Shape.of(Shape.BATCH, 3)), "SparseTopKCategoricalAccuracy: yTrue"
                + " must hold integer class labels in [0, 3), got 5.0 at row 2");
        rejects(IllegalArgumentException.class, () -> new SparseCategoricalAccuracy().checkTargets(
                Tensor.of(Shape.of(2, 2), 0, 1, 2, 9), Shape.of(Shape.BATCH, 2, 4)), "got 9.0 at row 1, position 1");
        new MeanSquaredError().checkTargets(Tensor.vector(-7.5), Shape.of(Shape.BATCH, 1));
    }

    @Test
    void targetsOrModelsThatDoNotFitTheLossAreRejectedBeforeTraining() {
        Sequential regression = new Sequential(Shape.of(2), DType.FLOAT32, 0);
        regression.add(Dense.of(3));
        regression.compile(Adam.defaults(), new MeanSquaredError());
        ModelState initial = regression.state();
        rejects(IllegalArgumentException.class, () -> regression.fit(data[0], Tensor.zeros(Shape.of(30, 5)),
                QUIET.batchSize(10)), "MeanSquaredError: yTrue and yPred must have equal shapes, got [N, 5] and"
                + " [N, 3]");
        assertSame(initial, regression.state());
        Sequential uncompiled = new Sequential(Shape.of(2));
        uncompiled.add(Dense.of(3));
        rejects(IllegalStateException.class, () -> uncompiled.fit(data[0], data[1], QUIET),
                "fit: the model is not compiled; call compile(optimizer, loss, metrics) first");
        rejects(IllegalStateException.class, () -> uncompiled.evaluate(data[0], data[1]),
                "evaluate: the model is not compiled");
        rejects(IllegalStateException.class, () -> uncompiled.trainStep(Shape.of(Shape.BATCH, 3)),
                "trainStep: the model is not compiled");
        rejects(NullPointerException.class, () -> model.fit(null, data[1], QUIET), "fit: x is null");
        rejects(NullPointerException.class, () -> model.fit(data[0], null, QUIET), "fit: y is null");
        rejects(NullPointerException.class, () -> model.fit(data[0], data[1], null), "fit: options is null");
        rejects(NullPointerException.class, () -> regression.compile(Adam.defaults(), new MeanSquaredError(),
                new SparseCategoricalAccuracy(), null), "compile: metric 1 is null");
        assertSame(initial, regression.state());
    }

    @Test
    void evaluateAndPredictRejectEmptyOrBadlySizedBatches() {
        rejects(IllegalArgumentException.class, () -> model.evaluate(data[0].rowRange(0, 0), data[1].rowRange(0, 0)),
                "evaluate: the dataset is empty, got x [0, 2]");
        rejects(IllegalArgumentException.class, () -> model.evaluate(data[0], data[1], 0),
                "evaluate: batchSize must be > 0, got 0");
        rejects(IllegalArgumentException.class, () -> model.predict(data[0], -1), "predict: batchSize must be > 0,"
                + " got -1");
        rejects(IllegalArgumentException.class, () -> model.predict(Tensor.zeros(Shape.of(4, 3))),
                "predict: x must have shape [N, 2] (rows first), got [4, 3]");
    }

    @Test
    void anEmbeddingIndexOutOfRangeIsNamedByItsRowInTheDataNotItsPlaceInABatch() {
        Sequential text = new Sequential(Shape.of(4), DType.FLOAT32, 3);
        text.add(Embedding.of(10, 3).maskZero(true)).add(GlobalAveragePooling1D.of()).add(Dense.of(2));
        text.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true));
        double[] tokens = new double[40 * 4];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = i % 10;
        }
        Tensor y = Tensor.vector(new double[40]);
        ModelState untouched = text.state();
        tokens[37 * 4 + 2] = 12;                                   // a token beyond the vocabulary, in row 37
        Tensor x = Tensor.of(Shape.of(40, 4), tokens);
        // Before: the lookup's IndexOutOfBoundsException, at "position [k, 2] of indices [32, 4]" of a shuffled batch.
        rejects(IllegalArgumentException.class, () -> text.fit(x, y, QUIET.epochs(1).batchSize(32)),
                "fit: x feeds the embedding layer 'embedding' of inputDim 10",
                "in [0, 10), got 12.0 at row 37, column 2");
        rejects(IllegalArgumentException.class, () -> text.predict(x), "predict: x feeds", "at row 37, column 2");
        rejects(IllegalArgumentException.class, () -> text.evaluate(x, y), "evaluate: x feeds", "at row 37, column 2");
        tokens[37 * 4 + 2] = 2.5;                                  // not a whole number: truncated silently before
        rejects(IllegalArgumentException.class, () -> text.fit(Tensor.of(Shape.of(40, 4), tokens), y, QUIET.epochs(1)),
                "got 2.5 at row 37, column 2");
        rejects(IllegalArgumentException.class, () -> text.predict(Tensor.ofLongs(Shape.of(1, 4), 1, 2, -1, 0)),
                "got -1 at row 0, column 2");
        assertSame(untouched, text.state());
        tokens[37 * 4 + 2] = 9;
        text.fit(Tensor.of(Shape.of(40, 4), tokens), y, QUIET.epochs(1));          // valid indices train as before
    }

    @Test
    void aCategoryEncodingFirstLayerRefusesFractionalAndOutOfRangeIndices() {
        Sequential encoded = new Sequential(Shape.of(1), DType.FLOAT32, 3);
        encoded.add(dev.adjoint.nn.layer.CategoryEncoding.oneHot(3)).add(Dense.of(2));
        Tensor valid = encoded.predict(Tensor.of(Shape.of(3, 1), 0, 2, 1));
        // before: 2.9 cast to 2 and -0.5 to 0 without a word, NaN failed in the core's cast
        rejects(IllegalArgumentException.class, () -> encoded.predict(Tensor.of(Shape.of(3, 1), 0, 2.9, 1)),
                "predict: x feeds the category encoding layer 'category_encoding' of numTokens 3",
                "whole numbers in [0, 3), got 2.9 at row 1, column 0");
        rejects(IllegalArgumentException.class, () -> encoded.predict(Tensor.of(Shape.of(2, 1), 1, 3)),
                "got 3.0 at row 1, column 0");
        assertTrue(valid.sameValues(encoded.predict(Tensor.of(Shape.of(3, 1), 0, 2, 1))));
    }

    @Test
    void anIndexOutOfRangeInsideAFunctionalStepNamesTheDataRowsOfItsBatch() {
        Functional text = new Functional(List.of(new Functional.Input("tokens", Shape.of(4), DType.INT64)),
                List.of("label"), DType.FLOAT32, 3, (in, layers) -> List.of(layers.apply(Dense.of(2),
                        layers.apply(GlobalAveragePooling1D.of(), layers.apply(Embedding.of(10, 3), in.get(0))))));
        text.compile(Adam.defaults(), List.of(new SparseCategoricalCrossEntropy(true)), List.of(1.0), Map.of());
        long[] tokens = new long[40 * 4];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = i % 10;
        }
        tokens[37 * 4 + 2] = 12;                                   // beyond the vocabulary, in row 37 of the data
        ModelState untouched = text.state();
        // Before: only "position [k, 2] of indices [40, 4]", k the row's place in the shuffled batch.
        IndexOutOfBoundsException e = rejects(IndexOutOfBoundsException.class, () -> text.fit(
                List.of(Tensor.ofLongs(Shape.of(40, 4), tokens)), List.of(Tensor.vector(new double[40])),
                QUIET.epochs(1).batchSize(40)), "fit: epoch 0, batch 0: lookup:", "got 12", "the batch holds rows [");
        Matcher at = Pattern.compile("position \\[(\\d+), 2\\]").matcher(e.getMessage());
        Matcher rows = Pattern.compile("holds rows \\[([0-9, ]+)\\]").matcher(e.getMessage());
        assertTrue(at.find() && rows.find(), e.getMessage());
        String[] batchRows = rows.group(1).split(", ");
        assertEquals(40, batchRows.length);
        assertEquals("37", batchRows[Integer.parseInt(at.group(1))], "the batch position maps to the bad row: "
                + e.getMessage());
        assertSame(untouched, text.state());
    }

    @Test
    void anIndexOutOfRangeInsideAFunctionalEvaluateOrPredictNamesTheDataRowsOfItsBatch() {
        Functional text = new Functional(List.of(new Functional.Input("tokens", Shape.of(4), DType.INT64)),
                List.of("label"), DType.FLOAT32, 3, (in, layers) -> List.of(layers.apply(Dense.of(2),
                        layers.apply(GlobalAveragePooling1D.of(), layers.apply(Embedding.of(10, 3), in.get(0))))));
        text.compile(Adam.defaults(), List.of(new SparseCategoricalCrossEntropy(true)), List.of(1.0), Map.of());
        long[] tokens = new long[40 * 4];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = i % 10;
        }
        tokens[37 * 4 + 2] = 12;                                   // beyond the vocabulary, in row 37 of the data
        Tensor x = text.packInputs(List.of(Tensor.ofLongs(Shape.of(40, 4), tokens)));
        Tensor y = text.packTargets(List.of(Tensor.vector(new double[40])));
        ModelState untouched = text.state();
        // Before: only "position [5, 2] of indices [8, 4]", the row's place in the fifth batch, not its row.
        String[] where = {"evaluate: batch 4: lookup:", "predict: batch 4: lookup:"};
        List<Executable> calls = List.of(() -> text.evaluate(x, y, 8), () -> text.predict(x, 8));
        for (int k = 0; k < 2; k++) {
            IndexOutOfBoundsException e = rejects(IndexOutOfBoundsException.class, calls.get(k), where[k], "got 12",
                    "the batch holds rows 32..39 of the data, in that order");
            Matcher at = Pattern.compile("position \\[(\\d+), 2\\]").matcher(e.getMessage());
            assertTrue(at.find(), e.getMessage());
            assertEquals(37, 32 + Integer.parseInt(at.group(1)), "the batch position maps to the bad row: "
                    + e.getMessage());
        }
        // through the arrays by name, in one batch of the default size
        rejects(IndexOutOfBoundsException.class, () -> text.predict(Map.of("tokens", Tensor.ofLongs(Shape.of(40, 4),
                tokens))), "predict: batch 0: lookup:", "position [37, 2]", "the batch holds rows 0..39 of the data");
        assertSame(untouched, text.state());
    }

    @Test
    void duplicateLayerNamesAreRejectedAndTheModelStaysAsItWas() {
        Sequential named = new Sequential(Shape.of(2), DType.FLOAT64, 0);
        named.add(Dense.of(4).named("hidden"));
        Map<String, Tensor> weights = named.weights();
        rejects(IllegalArgumentException.class, () -> named.add(Dense.of(3).named("hidden")),
                "model: layer names must be unique, got two layers named 'hidden'");
        assertEquals(1, named.stack().size(), "the rejected layer was not added");
        assertEquals(weights.keySet(), named.weights().keySet());
        weights.forEach((k, w) -> assertTrue(w.sameValues(named.weights().get(k)), k));
        named.add(Dense.of(3).named("out"));
        assertEquals(Shape.of(5, 3), named.predict(Tensor.zeros(Shape.of(5, 2))).shape(), "still usable");
        rejects(IllegalArgumentException.class, () -> new Functional(Shape.of(2), DType.FLOAT64, 0,
                (x, layers) -> layers.apply(Dense.of(2).named("d"), layers.apply(Dense.of(2).named("d"), x))),
                "model: layer names must be unique, got two layers named 'd'");
        // 'hidden/x' would name weights 'hidden/x/kernel', and a layer 'hidden' with a weight 'x/kernel' the same
        for (String slashed : new String[] {"hidden/kernel", "out/x", "/", ""}) {
            rejects(IllegalArgumentException.class, () -> named.add(Dense.of(3).named(slashed)),
                    "model: a layer name must be non-empty and must not contain '/'", "got '" + slashed + "'");
        }
        assertEquals(2, named.stack().size(), "the rejected layers were not added");
    }

    /** A callback that fails after the second batch. */
    static final class FailsAfterSecondBatch implements Callback {
        @Override
        public void onBatchEnd(int batch, Map<String, Double> logs, TrainingContext context) {
            if (batch == 1) {
                throw new IllegalStateException("boom");
            }
        }
    }

    /** Stops training after the second batch, to compare with a failure at the same point. */
    static final class StopsAfterSecondBatch implements Callback {
        @Override
        public void onBatchEnd(int batch, Map<String, Double> logs, TrainingContext context) {
            if (batch == 1) {
                context.stopTraining();
            }
        }
    }

    @Test
    void aFailingCallbackIsNamedAndTheModelHoldsExactlyItsLastCompletedStep() {
        Sequential failing = Blobs.classifier(2);
        CallbackException e = rejects(CallbackException.class, () -> failing.fit(data[0], data[1],
                QUIET.batchSize(10).callbacks(new FailsAfterSecondBatch())), "fit: callback FailsAfterSecondBatch"
                + " failed in onBatchEnd at epoch 0: boom; the model keeps the weights of its last completed step");
        assertTrue(e.getCause() instanceof IllegalStateException);
        Sequential stopped = Blobs.classifier(2);
        stopped.fit(data[0], data[1], QUIET.batchSize(10).callbacks(new StopsAfterSecondBatch()));
        assertEquals(2, failing.state().step());
        stopped.weights().forEach((k, w) -> assertTrue(w.sameValues(failing.weights().get(k)), k));
        Sequential anonymous = Blobs.classifier(2);
        Callback nameless = new Callback() {
            @Override
            public void onEpochBegin(int epoch, TrainingContext context) {
                throw new UnsupportedOperationException("nope");
            }
        };
        String name = nameless.getClass().getName().substring(nameless.getClass().getPackageName().length() + 1);
        rejects(CallbackException.class, () -> anonymous.fit(data[0], data[1], QUIET.batchSize(10).callbacks(
                nameless)), "fit: callback " + name + " failed in onEpochBegin at epoch 0: nope");
        assertTrue(name.startsWith("BadInputContractTest$"), name);
        assertEquals(0, anonymous.state().step());
    }

    @Test
    void anInterruptFromAnotherThreadStopsAtTheNextBatchBoundary() throws InterruptedException {
        Sequential trained = Blobs.classifier(2);
        CountDownLatch secondBatchDone = new CountDownLatch(1);
        Callback waitsForInterrupt = new Callback() {
            @Override
            public void onBatchEnd(int batch, Map<String, Double> logs, TrainingContext context) {
                if (batch == 1) {
                    secondBatchDone.countDown();
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.onSpinWait();
                    }
                }
            }
        };
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread trainer = new Thread(() -> {
            try {
                trained.fit(data[0], data[1], QUIET.batchSize(5).epochs(3).callbacks(waitsForInterrupt));
            } catch (Throwable t) {
                thrown.set(t);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        trainer.start();
        secondBatchDone.await();
        trainer.interrupt();
        trainer.join(30_000);
        TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class, () -> {
            throw thrown.get();
        });
        assertEquals("fit: interrupted before batch 2 of epoch 0; the model keeps the weights of its last completed"
                + " step", e.getMessage());
        assertEquals(2, trained.state().step(), "two steps completed, none after the interrupt");
        assertTrue(flagAfter.get(), "the interrupt flag stays set");
    }

    @Test
    void oneModelPredictsFromEightThreadsBitIdenticallyToOneThread() throws InterruptedException {
        Tensor expected = model.predict(data[0], 7);
        List<Thread> threads = new ArrayList<>();
        AtomicReference<String> failure = new AtomicReference<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    if (!model.predict(data[0], 7).sameValues(expected)) {
                        failure.set("call " + i + " differs");
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(null, failure.get());
    }
}
