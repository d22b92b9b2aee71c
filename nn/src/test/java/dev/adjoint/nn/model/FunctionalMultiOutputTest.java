package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.Metrics;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.optim.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionalMultiOutputTest {

    private static final int ROWS = 12;
    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT).epochs(2).batchSize(5);

    /** Inputs a: [4] and b: [2, 3]; outputs cls: 3 logits, reg: [2] values. */
    private static Functional model(long seed) {
        return new Functional(List.of(Functional.Input.of("a", 4), Functional.Input.of("b", 2, 3)),
                List.of("cls", "reg"), DType.FLOAT64, seed, (in, layers) -> {
                    Node b = in.get(1).reshape(Shape.BATCH, 6);
                    Node h = layers.apply(Dense.of(5, new Tanh()), MovementOp.concat(1, in.get(0), b));
                    return List.of(layers.apply(Dense.of(3), h), layers.apply(Dense.of(2), h.add(in.get(0)
                            .slice(1, 0, 1))));
                });
    }

    private static Functional compiled(long seed) {
        Functional m = model(seed);
        m.compile(Adam.defaults(), Map.<String, Loss>of("cls", new SparseCategoricalCrossEntropy(true), "reg",
                new MeanSquaredError()), Map.of("cls", 2.0, "reg", 0.5),
                Map.<String, List<Metric>>of("cls", List.of(new SparseCategoricalAccuracy())));
        return m;
    }

    private static List<Tensor> inputs(long seed) {
        return List.of(Tensor.normal(Key.of(seed), DType.FLOAT64, Shape.of(ROWS, 4), 0, 1),
                Tensor.normal(Key.of(seed + 1), DType.FLOAT64, Shape.of(ROWS, 2, 3), 0, 1));
    }

    private static List<Tensor> targets(long seed) {
        long[] labels = new long[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = (i * 7 + seed) % 3;
        }
        return List.of(Tensor.ofLongs(Shape.of(ROWS), labels),
                Tensor.normal(Key.of(seed + 2), DType.FLOAT64, Shape.of(ROWS, 2), 0, 1));
    }

    @Test
    void theLossIsTheWeightedSumOfThePerOutputLossesComputedByHand() {
        Functional m = compiled(3);
        List<Tensor> x = inputs(10);
        List<Tensor> y = targets(10);
        List<Tensor> predicted = m.predict(x);
        assertEquals(Shape.of(ROWS, 3), predicted.get(0).shape());
        assertEquals(Shape.of(ROWS, 2), predicted.get(1).shape());
        double[] logits = predicted.get(0).toDoubleArray();
        long[] labels = new long[ROWS];
        double[] labelValues = y.get(0).cast(DType.FLOAT64).toDoubleArray();
        double ce = 0;
        int correct = 0;
        for (int i = 0; i < ROWS; i++) {
            labels[i] = (long) labelValues[i];
            double max = Math.max(logits[3 * i], Math.max(logits[3 * i + 1], logits[3 * i + 2]));
            double z = 0;
            int argmax = 0;
            for (int c = 0; c < 3; c++) {
                z += Math.exp(logits[3 * i + c] - max);
                argmax = logits[3 * i + c] > logits[3 * i + argmax] ? c : argmax;
            }
            ce += -(logits[(int) (3 * i + labels[i])] - max - Math.log(z));
            correct += argmax == labels[i] ? 1 : 0;
        }
        ce /= ROWS;
        double[] r = predicted.get(1).toDoubleArray();
        double[] t = y.get(1).toDoubleArray();
        double mse = 0;
        for (int j = 0; j < r.length; j++) {
            mse += (r[j] - t[j]) * (r[j] - t[j]);
        }
        mse /= r.length;
        Map<String, Double> result = m.evaluate(x, y);
        assertEquals(List.of("loss", "cls_loss", "cls_sparse_categorical_accuracy", "reg_loss"),
                List.copyOf(result.keySet()));
        assertEquals(2.0 * ce + 0.5 * mse, result.get("loss"), 1e-12);
        assertEquals(ce, result.get("cls_loss"), 1e-12);
        assertEquals(mse, result.get("reg_loss"), 1e-12);
        assertEquals((double) correct / ROWS, result.get("cls_sparse_categorical_accuracy"), 1e-12);
        Map<String, Double> byName = m.evaluate(Map.of("b", x.get(1), "a", x.get(0)),
                Map.of("reg", y.get(1), "cls", y.get(0)));
        assertEquals(result, byName);
        // in batches: predictions are the same bits, the mean figures the same to rounding (rows-weighted)
        List<Tensor> batched = m.predict(x, 5);
        assertTrue(predicted.get(0).sameValues(batched.get(0)) && predicted.get(1).sameValues(batched.get(1)));
        Map<String, Double> inFives = m.evaluate(x, y, 5);
        assertEquals(result.keySet(), inFives.keySet());
        assertEquals(result.get("loss"), inFives.get("loss"), 1e-12);
        assertEquals(inFives, m.evaluate(Map.of("b", x.get(1), "a", x.get(0)), Map.of("reg", y.get(1), "cls",
                y.get(0)), 5));
        Tensor doubled = Tensor.full(DType.FLOAT64, Shape.of(ROWS), 2.0);
        assertEquals(2 * result.get("loss"), m.evaluate(x, y, doubled, 5).get("loss"), 1e-12,
                "weights of 2 double the loss, as Model.evaluate with sampleWeights");
    }

    /**
     * Counting metrics of an output (Keras: {@code metrics={"cls": [MeanIoU(3, sparse_y_pred=False)], "reg":
     * ["root_mean_squared_error"]}}) sum their counts over the batches: evaluated in batches of 5 they equal the
     * confusion-matrix IoU and the RMSE of the whole dataset computed by hand, and they are saved with the model.
     */
    @Test
    void countingMetricsOfAnOutputCountOverTheWholeDataset(@TempDir Path dir) throws Exception {
        Functional m = model(6);
        m.compile(Adam.defaults(), Map.<String, Loss>of("cls", new SparseCategoricalCrossEntropy(true), "reg",
                new MeanSquaredError()), null, Map.<String, List<Metric>>of(
                        "cls", List.of(new dev.adjoint.nn.metric.MeanIoU(3, null, true, false)),
                        "reg", List.of(dev.adjoint.nn.metric.Metrics.byName("root_mean_squared_error"))));
        List<Tensor> x = inputs(50);
        List<Tensor> y = targets(50);
        List<Tensor> predicted = m.predict(x);
        double[] logits = predicted.get(0).toDoubleArray();
        double[] labels = y.get(0).cast(DType.FLOAT64).toDoubleArray();
        double[][] confusion = new double[3][3];
        for (int i = 0; i < ROWS; i++) {
            int argmax = 0;
            for (int c = 1; c < 3; c++) {
                argmax = logits[3 * i + c] > logits[3 * i + argmax] ? c : argmax;
            }
            confusion[(int) labels[i]][argmax]++;
        }
        double iouSum = 0;
        int present = 0;
        for (int c = 0; c < 3; c++) {
            double rowSum = confusion[c][0] + confusion[c][1] + confusion[c][2];
            double columnSum = confusion[0][c] + confusion[1][c] + confusion[2][c];
            double union = rowSum + columnSum - confusion[c][c];
            if (union > 0) {
                iouSum += confusion[c][c] / union;
                present++;
            }
        }
        double[] r = predicted.get(1).toDoubleArray();
        double[] t = y.get(1).toDoubleArray();
        double squares = 0;
        for (int j = 0; j < r.length; j++) {
            squares += (r[j] - t[j]) * (r[j] - t[j]);
        }
        Map<String, Double> batched = m.evaluate(m.packInputs(x), m.packTargets(y), 5);
        assertEquals(List.of("loss", "cls_loss", "cls_mean_io_u", "reg_loss", "reg_root_mean_squared_error"),
                List.copyOf(batched.keySet()));
        assertEquals(iouSum / present, batched.get("cls_mean_io_u"), 1e-6); // Keras's 1e-7 in each quotient
        assertEquals(Math.sqrt(squares / r.length), batched.get("reg_root_mean_squared_error"), 1e-12);
        Path file = dir.resolve("counting.safetensors");
        ModelFiles.save(m, file);
        Functional loaded = model(99);
        ModelFiles.loadInto(file, loaded);
        assertEquals(m.compilation(), loaded.compilation());
        assertEquals(batched, loaded.evaluate(loaded.packInputs(x), loaded.packTargets(y), 5));
    }

    @Test
    void fitReportsKerasHistoryKeysAndLowersTheObjective() {
        Functional m = compiled(4);
        double before = m.evaluate(inputs(20), targets(20)).get("loss");
        History h = m.fit(inputs(20), targets(20), QUIET.epochs(30).validationSplit(0.25));
        assertEquals(java.util.Set.of("loss", "cls_loss", "cls_sparse_categorical_accuracy", "reg_loss", "val_loss",
                "val_cls_loss", "val_cls_sparse_categorical_accuracy", "val_reg_loss"), h.names());
        assertTrue(m.evaluate(inputs(20), targets(20)).get("loss") < before, "training lowered the objective");
        History again = m.fit(Map.of("a", inputs(20).get(0), "b", inputs(20).get(1)),
                Map.of("cls", targets(20).get(0), "reg", targets(20).get(1)),
                QUIET.epochs(1).validationData(m.packInputs(inputs(30)), m.packTargets(targets(30))));
        assertTrue(again.names().contains("val_reg_loss"));
    }

    @Test
    void gradientsOfTheObjectiveMatchCentralDifferences() {
        Functional m = compiled(5);
        ForwardGraph g = m.inference();
        MultiOutputLoss loss = (MultiOutputLoss) m.compilation().loss();
        Node y = SourceOp.input("y", Shape.of(Shape.BATCH, loss.targets().width()), DType.FLOAT64);
        Node objective = Objective.of(loss).withPenalties(y, g);
        Bindings at = Bindings.of(g.input(), m.packInputs(inputs(40))).and(y, m.packTargets(targets(40)));
        for (Map.Entry<String, Tensor> w : m.weights().entrySet()) {
            at = at.and(g.params().get(w.getKey()), w.getValue());
        }
        GradCheck.check(objective, new ArrayList<>(g.params().values()), at).assertPassed();
    }

    @Test
    void saveAndLoadGiveBitIdenticalWeightsPredictionsAndTraining(@TempDir Path dir) throws Exception {
        Functional m = compiled(6);
        m.fit(inputs(50), targets(50), QUIET);
        Path file = dir.resolve("multi.safetensors");
        ModelFiles.save(m, file);
        Functional loaded = model(99);
        ModelFiles.loadInto(file, loaded);
        assertEquals(m.compilation(), loaded.compilation());
        for (Map.Entry<String, Tensor> w : m.weights().entrySet()) {
            assertArrayEquals(w.getValue().toDoubleArray(), loaded.weights().get(w.getKey()).toDoubleArray(),
                    w.getKey());
        }
        for (int k = 0; k < 2; k++) {
            assertArrayEquals(m.predict(inputs(51)).get(k).toDoubleArray(),
                    loaded.predict(inputs(51)).get(k).toDoubleArray());
        }
        m.fit(inputs(52), targets(52), QUIET.epochs(1));
        loaded.fit(inputs(52), targets(52), QUIET.epochs(1));
        assertArrayEquals(m.predict(inputs(53)).get(1).toDoubleArray(),
                loaded.predict(inputs(53)).get(1).toDoubleArray());
        assertTrue(Files.size(file) > 0);
        Functional renamed = new Functional(List.of(Functional.Input.of("a", 4), Functional.Input.of("c", 2, 3)),
                List.of("cls", "reg"), DType.FLOAT64, 6, (in, layers) -> List.of(layers.apply(Dense.of(3), in.get(0)),
                        layers.apply(Dense.of(2), in.get(0))));
        Exception e = assertThrows(dev.adjoint.nn.io.ModelFileException.class,
                () -> ModelFiles.loadInto(file, renamed));
        assertTrue(e.getMessage().contains("the target model must match the file, expected inputs [a [4], b [2, 3]],"
                + " outputs [cls, reg], got inputs [a [4], c [2, 3]], outputs [cls, reg]"), e.getMessage());
        // An input of another shape is named, not reported as the packed row's width ([10] against [12]).
        Functional reshaped = new Functional(List.of(Functional.Input.of("a", 4), Functional.Input.of("b", 2, 4)),
                List.of("cls", "reg"), DType.FLOAT64, 6, (in, layers) -> List.of(layers.apply(Dense.of(3), in.get(0)),
                        layers.apply(Dense.of(2), in.get(0))));
        e = assertThrows(dev.adjoint.nn.io.ModelFileException.class, () -> ModelFiles.loadInto(file, reshaped));
        assertTrue(e.getMessage().contains("expected inputs [a [4], b [2, 3]], outputs [cls, reg], got inputs [a [4],"
                + " b [2, 4]], outputs [cls, reg]"), e.getMessage());
    }

    @Test
    void mismatchedCountsNamesAndShapesAreNamed() {
        Functional m = compiled(7);
        List<Tensor> x = inputs(60);
        List<Tensor> y = targets(60);
        assertMessage("fit: the model has 2 inputs [a, b], got 1 arrays",
                () -> m.fit(List.of(x.get(0)), y, QUIET));
        assertMessage("fit: classWeights need the labels of one output, got a model of outputs [cls, reg]; weight the"
                + " rows with sampleWeights", () -> m.fit(x, y, QUIET.classWeights(Map.of(0, 1.0, 1, 1.0, 2, 1.0))));
        assertMessage("predict: input 'b' must have shape [N, 2, 3], got [12, 6]",
                () -> m.predict(List.of(x.get(0), x.get(1).reshape(Shape.of(ROWS, 6)))));
        assertMessage("evaluate: every target must have the rows of target 'cls' (12), got 5 rows in 'reg'",
                () -> m.evaluate(x, List.of(y.get(0), y.get(1).rowRange(0, 5))));
        assertMessage("evaluate: inputs must name exactly [a, b], got [a, c]",
                () -> m.evaluate(Map.of("a", x.get(0), "c", x.get(1)), Map.of("cls", y.get(0), "reg", y.get(1))));
        assertMessage("compile: one loss and one loss weight per output [cls, reg], got 1 losses and no weights",
                () -> model(1).compile(Adam.defaults(), List.of(new MeanSquaredError()), null, null));
        assertMessage("compile: metrics must be keyed by output names [cls, reg], got 'score'",
                () -> model(1).compile(Adam.defaults(), List.of(new MeanSquaredError(), new MeanSquaredError()), null,
                        Map.of("score", List.of())));
        assertMessage("multi_output_loss: loss weights must be finite and >= 0, got -1.0 for output 'reg'",
                () -> model(1).compile(Adam.defaults(), List.of(new MeanSquaredError(), new MeanSquaredError()),
                        List.of(1.0, -1.0), null));
        assertMessage("Functional: the architecture must return one node per output [p, q], got 1 nodes",
                () -> new Functional(List.of(Functional.Input.of("a", 2)), List.of("p", "q"), DType.FLOAT64, 0,
                        (in, layers) -> List.of(in.get(0))));
        assertMessage("columns: names must be distinct and not blank, got [a, a]",
                () -> new Functional(List.of(Functional.Input.of("a", 2), Functional.Input.of("a", 1)),
                        List.of("p"), DType.FLOAT64, 0, (in, layers) -> List.of(in.get(0))));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> m.evaluate(x,
                List.of(Tensor.ofLongs(Shape.of(ROWS), new long[] {0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0}), y.get(1))));
        assertTrue(bad.getMessage().startsWith("evaluate: output 'cls' loss: "), bad.getMessage());
        assertThrows(IllegalStateException.class, () -> new Functional(Shape.of(2), DType.FLOAT64, 0,
                (in, layers) -> in).predict(List.of(x.get(0))));
    }

    @Test
    void aModelOfOneNamedOutputReportsItsMetricsWithoutTheOutputNameAsKeras3() {
        // Before: label_loss and label_accuracy. Keras 3 prefixes metric names with the output's name, and adds
        // per-output losses, only for a model of several outputs (trainers/compile_utils.py).
        Functional m = new Functional(List.of(Functional.Input.of("a", 4)), List.of("label"), DType.FLOAT64, 5,
                (in, layers) -> List.of(layers.apply(Dense.of(3), layers.apply(Dense.of(5, new Tanh()), in.get(0)))));
        m.compile(Adam.defaults(), Map.<String, Loss>of("label", new SparseCategoricalCrossEntropy(true)), null,
                Map.of("label", List.of(Metrics.byName("accuracy"))));
        List<Tensor> x = List.of(inputs(30).get(0));
        List<Tensor> y = List.of(targets(30).get(0));
        Map<String, Double> result = m.evaluate(x, y);
        assertEquals(List.of("loss", "accuracy"), List.copyOf(result.keySet()));
        double[] logits = m.predict(x).get(0).toDoubleArray();
        double[] labels = y.get(0).cast(DType.FLOAT64).toDoubleArray();
        int correct = 0;
        for (int i = 0; i < ROWS; i++) {
            int argmax = 0;
            for (int c = 1; c < 3; c++) {
                argmax = logits[3 * i + c] > logits[3 * i + argmax] ? c : argmax;
            }
            correct += argmax == labels[i] ? 1 : 0;
        }
        assertEquals((double) correct / ROWS, result.get("accuracy"), 1e-12);
        History h = m.fit(x, y, QUIET.validationData(m.packInputs(x), m.packTargets(y)));
        assertEquals(java.util.Set.of("loss", "accuracy", "val_loss", "val_accuracy"), h.names());

        m.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true), Metrics.byName("accuracy"),
                Metrics.byName("accuracy"));
        assertEquals(List.of("loss", "accuracy", "accuracy_1"), List.copyOf(m.evaluate(x, y).keySet()),
                "a plain compile names the metrics as for one output, repeats renamed as Keras's");
        assertEquals(List.of("loss", "cls_loss", "cls_sparse_categorical_accuracy", "reg_loss"),
                List.copyOf(compiled(3).evaluate(inputs(10), targets(10)).keySet()), "several outputs keep names");
    }

    @Test
    void oneLossForAllOutputsAppliesToEachAsInKeras() {
        Functional m = new Functional(List.of(Functional.Input.of("a", 4)), List.of("p", "q"), DType.FLOAT64, 2,
                (in, layers) -> List.of(layers.apply(Dense.of(2), in.get(0)), layers.apply(Dense.of(1), in.get(0))));
        m.compile(Adam.defaults(), new MeanSquaredError());
        List<Tensor> x = List.of(inputs(70).get(0));
        List<Tensor> y = List.of(Tensor.normal(Key.of(71), DType.FLOAT64, Shape.of(ROWS, 2), 0, 1),
                Tensor.normal(Key.of(72), DType.FLOAT64, Shape.of(ROWS, 1), 0, 1));
        Map<String, Double> r = m.evaluate(x, y);
        assertEquals(r.get("p_loss") + r.get("q_loss"), r.get("loss"), 1e-12);
        String summary = m.summary();
        assertTrue(summary.contains("Inputs: a f64[N, 4]") && summary.contains("Outputs: p [N, 2], q [N, 1]"),
                summary);
        assertTrue(summary.lines().findFirst().orElseThrow().endsWith(" packs the inputs below"), summary);
    }

    @Test
    void valuesTheModelsDtypeDoesNotHoldAreNamedByInputRowAndColumnAsForOneInput() {
        // Before: packed with a plain cast, 1e300 arrived as Infinity (predict returned it, fit named a column of
        // the packed array) and the integer 2^24 + 1 arrived as 2^24.
        Functional m = new Functional(List.of(Functional.Input.of("a", 2), Functional.Input.of("b", 2)),
                List.of("out"), DType.FLOAT32, 1, (in, layers) -> List.of(layers.apply(Dense.of(1),
                        MovementOp.concat(1, in.get(0), in.get(1)))));
        m.compile(Adam.defaults(), Map.<String, Loss>of("out", new MeanSquaredError()), null, null);
        ModelState before = m.state();
        Tensor a = Tensor.zeros(DType.FLOAT64, Shape.of(2, 2));
        Tensor b = Tensor.of(DType.FLOAT64, Shape.of(2, 2), 0, 0, 0, 1e300);
        Tensor y = Tensor.zeros(DType.FLOAT64, Shape.of(2, 1));
        assertMessage("predict: input 'b' must be finite in f32, got 1.0E300 at row 1, column 1, beyond f32's largest "
                + (double) Float.MAX_VALUE + "; scale the data or build the model in FLOAT64",
                () -> m.predict(Map.of("a", a, "b", b)));
        IllegalArgumentException fit = assertThrows(IllegalArgumentException.class,
                () -> m.fit(Map.of("a", a, "b", b), Map.of("out", y), QUIET));
        assertTrue(fit.getMessage().startsWith("fit: input 'b' must be finite in f32, got 1.0E300 at row 1, column 1,"),
                fit.getMessage());
        Tensor nan = Tensor.of(DType.FLOAT64, Shape.of(2, 2), 0, 0, 0, Double.NaN);
        assertMessage("fit: input 'b' must be finite, got NaN at row 1, column 1; a missing value? fill the gaps"
                + " first (dev.adjoint.nn.data.Imputer)",
                () -> m.fit(List.of(a, nan), List.of(y), QUIET));
        Tensor big = Tensor.of(DType.FLOAT64, Shape.of(2, 1), 0, -1e40);
        IllegalArgumentException target = assertThrows(IllegalArgumentException.class,
                () -> m.fit(List.of(a, a), List.of(big), QUIET));
        assertTrue(target.getMessage().startsWith("fit: target 'out' must be finite in f32, got -1.0E40 at row 1,"
                + " column 0,"), target.getMessage());
        assertSame(before, m.state(), "no step was taken");

        Functional indices = new Functional(List.of(Functional.Input.of("w", 1),
                new Functional.Input("idx", Shape.of(2), DType.INT64)), List.of("o"), DType.FLOAT32, 1,
                (in, layers) -> List.of(in.get(1).cast(DType.FLOAT32)));
        long exact = 1L << 24;
        assertEquals(exact, (long) indices.predict(List.of(Tensor.zeros(Shape.of(1, 1)),
                Tensor.ofLongs(Shape.of(1, 2), 0, exact))).get(0).flat(1), "2^24 is exact in f32");
        assertMessage("predict: input 'idx' must be exact in f32, got the integer 16777217 at row 0, column 1, which"
                + " f32 rounds to 16777216; build the model in FLOAT64", () -> indices.predict(List.of(
                        Tensor.zeros(Shape.of(1, 1)), Tensor.ofLongs(Shape.of(1, 2), 0, exact + 1))));
    }

    @Test
    void anIntegerInputTakesWholeNumbersInItsRangeOnlyNamedByInputRowAndColumn() {
        // Before: the graph's cast truncated 1.5 to 1 (and NaN to 0, 3e9 past INT32's range) silently.
        Functional m = new Functional(List.of(Functional.Input.of("w", 1),
                new Functional.Input("idx", Shape.of(2), DType.INT32)), List.of("o"), DType.FLOAT64, 3,
                (in, layers) -> List.of(layers.apply(Dense.of(1), MovementOp.concat(1, in.get(0),
                        in.get(1).cast(DType.FLOAT64)))));
        m.compile(Adam.defaults(), new MeanSquaredError());
        ModelState before = m.state();
        Tensor w = Tensor.zeros(DType.FLOAT64, Shape.of(2, 1));
        Tensor y = Tensor.zeros(DType.FLOAT64, Shape.of(2, 1));
        String rule = "input 'idx' is i32, so it must hold whole numbers in [-2147483648, 2147483647], got ";
        assertMessage("predict: " + rule + "1.5 at row 1, column 0",
                () -> m.predict(List.of(w, Tensor.of(DType.FLOAT64, Shape.of(2, 2), 0, 1, 1.5, 2))));
        assertMessage("fit: " + rule + "NaN at row 0, column 1",
                () -> m.fit(List.of(w, Tensor.of(DType.FLOAT64, Shape.of(2, 2), 0, Double.NaN, 1, 2)), List.of(y),
                        QUIET));
        assertMessage("evaluate: " + rule + "-0.5 at row 0, column 0",
                () -> m.evaluate(Map.of("w", w, "idx", Tensor.of(DType.FLOAT64, Shape.of(2, 2), -0.5, 0, 1, 2)),
                        Map.of("o", y)));
        assertMessage("fit: " + rule + "3.0E9 at row 1, column 1",
                () -> m.fit(List.of(w, Tensor.of(DType.FLOAT64, Shape.of(2, 2), 0, 0, 0, 3e9)), List.of(y), QUIET));
        assertMessage("fit: " + rule + "Infinity at row 0, column 0", () -> m.fit(List.of(w,
                Tensor.of(DType.FLOAT64, Shape.of(2, 2), Double.POSITIVE_INFINITY, 0, 0, 0)), List.of(y), QUIET));
        assertMessage("packInputs: " + rule + "2147483648 at row 0, column 1",
                () -> m.packInputs(List.of(w, Tensor.ofLongs(Shape.of(2, 2), 0, 1L << 31, 0, 0))));
        assertSame(before, m.state(), "no step was taken");

        // whole numbers in range, as floats or as integers of any width, are the same indices
        Tensor asInts = Tensor.ofLongs(Shape.of(2, 2), -2147483648L, 7, 0, 2147483647L).cast(DType.INT32);
        Tensor asDoubles = Tensor.of(DType.FLOAT64, Shape.of(2, 2), -2147483648.0, 7, -0.0, 2147483647.0);
        Tensor expected = m.predict(List.of(w, asInts)).get(0);
        assertTrue(expected.sameValues(m.predict(List.of(w, asDoubles)).get(0)));
        assertTrue(expected.sameValues(m.predict(List.of(w, asInts.cast(DType.INT64))).get(0)));
        m.fit(List.of(w, asDoubles), List.of(y), QUIET);

        // a float32 model carries the indices in float32: an index it would round is refused, as for integers
        Functional f32 = new Functional(List.of(Functional.Input.of("w", 1),
                new Functional.Input("idx", Shape.of(1), DType.INT64)), List.of("o"), DType.FLOAT32, 1,
                (in, layers) -> List.of(in.get(1).cast(DType.FLOAT32)));
        Tensor one = Tensor.zeros(Shape.of(1, 1));
        assertEquals(16777216.0, f32.predict(List.of(one, Tensor.of(DType.FLOAT64, Shape.of(1, 1), 16777216.0)))
                .get(0).flat(0));
        assertMessage("predict: input 'idx' must be exact in f32, got the integer 16777217 at row 0, column 0, which"
                + " f32 rounds to 16777216; build the model in FLOAT64", () -> f32.predict(List.of(one,
                        Tensor.of(DType.FLOAT64, Shape.of(1, 1), 16777217.0))));
    }

    @Test
    void aBoolInputTakesABoolTensorOrZerosAndOnesOnlyNamedByInputRowAndColumn() {
        // Before: the graph's cast (x != 0) made 0.5, 2, -1 and NaN true silently.
        Functional m = new Functional(List.of(Functional.Input.of("w", 1),
                new Functional.Input("mask", Shape.of(2), DType.BOOL)), List.of("o"), DType.FLOAT32, 3,
                (in, layers) -> List.of(layers.apply(Dense.of(1), MovementOp.concat(1, in.get(0),
                        in.get(1).cast(DType.FLOAT32)))));
        m.compile(Adam.defaults(), new MeanSquaredError());
        ModelState before = m.state();
        Tensor w = Tensor.zeros(DType.FLOAT32, Shape.of(2, 1));
        Tensor y = Tensor.zeros(DType.FLOAT32, Shape.of(2, 1));
        String rule = "input 'mask' is bool, so it must hold 0 or 1 (or be a bool tensor), got the ";
        assertMessage("predict: " + rule + "f64 value 0.5 at row 1, column 0",
                () -> m.predict(List.of(w, Tensor.of(DType.FLOAT64, Shape.of(2, 2), 0, 1, 0.5, 1))));
        assertMessage("fit: " + rule + "f32 value NaN at row 0, column 1", () -> m.fit(List.of(w,
                Tensor.of(DType.FLOAT32, Shape.of(2, 2), 0, Double.NaN, 1, 0)), List.of(y), QUIET));
        assertMessage("evaluate: " + rule + "i64 value 2 at row 1, column 1", () -> m.evaluate(Map.of("w", w,
                "mask", Tensor.ofLongs(Shape.of(2, 2), 0, 1, 1, 2)), Map.of("o", y)));
        assertMessage("packInputs: " + rule + "i32 value -1 at row 0, column 0",
                () -> m.packInputs(List.of(w, Tensor.ofInts(Shape.of(2, 2), -1, 0, 0, 0))));
        assertMessage("predict: input 'mask' must have shape [N, 2], got [2, 3]",
                () -> m.predict(List.of(w, Tensor.ofBooleans(Shape.of(2, 3), new boolean[6]))));
        assertSame(before, m.state(), "no step was taken");

        // a bool tensor, and 0 and 1 in any dtype (-0.0 is 0), are the same mask
        Tensor mask = Tensor.ofBooleans(Shape.of(2, 2), true, false, false, true);
        Tensor expected = m.predict(List.of(w, mask)).get(0);
        assertTrue(expected.sameValues(m.predict(List.of(w, Tensor.of(Shape.of(2, 2), 1, -0.0, 0, 1))).get(0)));
        assertTrue(expected.sameValues(m.predict(List.of(w, Tensor.ofLongs(Shape.of(2, 2), 1, 0, 0, 1))).get(0)));
        m.fit(List.of(w, mask), List.of(y), QUIET);
    }

    @Test
    void targetsWithOrWithoutATrailingAxisOfOneAreAcceptedAsForOneOutput() {
        // Before: sparse labels [N, 1], which Sequential and Keras accept, were refused ("must have shape [N]").
        List<Tensor> x = inputs(80);
        List<Tensor> y = targets(80);
        List<Tensor> column = List.of(y.get(0).reshape(Shape.of(ROWS, 1)), y.get(1));
        assertEquals(compiled(8).evaluate(x, y), compiled(8).evaluate(x, column));
        Functional flat = compiled(8);
        Functional withAxis = compiled(8);
        flat.fit(x, y, QUIET);
        withAxis.fit(x, column, QUIET.validationData(withAxis.packInputs(x),
                withAxis.packTargets(column)));
        flat.weights().forEach((k, w) -> assertTrue(w.sameValues(withAxis.weights().get(k)), k));
        assertMessage("evaluate: target 'cls' must have shape [N] or [N, 1], got [12, 2]",
                () -> compiled(8).evaluate(x, List.of(Tensor.zeros(Shape.of(ROWS, 2)), y.get(1))));
        assertMessage("evaluate: target 'reg' must have shape [N, 2] or [N, 2, 1], got [12]",
                () -> compiled(8).evaluate(x, List.of(y.get(0), Tensor.zeros(Shape.of(ROWS)))));

        Functional m = new Functional(List.of(Functional.Input.of("a", 4)), List.of("p", "q"), DType.FLOAT64, 2,
                (in, layers) -> List.of(layers.apply(Dense.of(2), in.get(0)), layers.apply(Dense.of(1), in.get(0))));
        m.compile(Adam.defaults(), new MeanSquaredError());
        Tensor p = Tensor.normal(Key.of(81), DType.FLOAT64, Shape.of(ROWS, 2), 0, 1);
        Tensor q = Tensor.normal(Key.of(82), DType.FLOAT64, Shape.of(ROWS, 1), 0, 1);
        assertEquals(m.evaluate(List.of(x.get(0)), List.of(p, q)),
                m.evaluate(List.of(x.get(0)), List.of(p, q.reshape(Shape.of(ROWS)))),
                "values [N] for an output [N, 1]");
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        Throwable e = assertThrows(RuntimeException.class, call);
        assertEquals(expected, e.getMessage());
    }
}
