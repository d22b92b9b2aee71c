package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.activation.Sigmoid;
import dev.adjoint.nn.callback.CsvLogger;
import dev.adjoint.nn.callback.EarlyStopping;
import dev.adjoint.nn.callback.ModelCheckpoint;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.metric.Accuracy;
import dev.adjoint.nn.metric.Metrics;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Sgd;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a user porting a Keras script expects: "accuracy" that fits the model, and Keras's leniencies. */
class KerasHabitsTest {

    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT);

    /** 200 rows of 4 standard-normal features with labels 0/1 drawn independently of them. */
    private static Tensor[] noise() {
        Key.Stream s = Key.of(17).stream();
        double[] x = new double[800];
        double[] y = new double[200];
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < 4; j++) {
                x[4 * i + j] = s.nextGaussian();
            }
            y[i] = s.nextInt(2);
        }
        return new Tensor[] {Tensor.of(Shape.of(200, 4), x), Tensor.of(Shape.of(200), y)};
    }

    private static Sequential sigmoidUnit(long seed) {
        Sequential model = new Sequential(Shape.of(4), DType.FLOAT64, seed);
        model.add(Dense.of(1, new Sigmoid()));
        return model;
    }

    @Test
    void accuracyOfOneSigmoidUnitIsBinaryAndRandomLabelsScoreAboutAHalfNotOne() {
        Tensor[] data = noise();
        Sequential model = sigmoidUnit(3);
        model.compile(Adam.defaults(), new BinaryCrossEntropy(), Metrics.byName("accuracy"));
        assertEquals(List.of(new Accuracy(Accuracy.Kind.BINARY, 0.5)), model.compilation().metrics());
        History history = model.fit(data[0], data[1], QUIET.epochs(2).batchSize(50));
        double train = history.last("accuracy");
        double evaluated = model.evaluate(data[0], data[1]).get("accuracy");
        assertTrue(train > 0.3 && train < 0.7, "accuracy on random labels " + train);
        assertTrue(evaluated > 0.3 && evaluated < 0.7, "accuracy on random labels " + evaluated);
        // The same by hand: the fraction of rows whose prediction lands on the label's side of 0.5.
        Tensor p = model.predict(data[0]);
        int correct = 0;
        for (int i = 0; i < 200; i++) {
            correct += (p.flat(i) > 0.5 ? 1 : 0) == data[1].flat(i) ? 1 : 0;
        }
        assertEquals(correct / 200.0, evaluated, 1e-12);
    }

    @Test
    void targetsWithoutTheUnitAxisTrainExactlyAsTargetsWithIt() {
        Tensor[] data = noise();
        Sequential flat = sigmoidUnit(5);
        Sequential column = sigmoidUnit(5);
        flat.compile(Sgd.defaults(), new MeanSquaredError(), new Accuracy());
        column.compile(Sgd.defaults(), new MeanSquaredError(), new Accuracy());
        flat.fit(data[0], data[1], QUIET.epochs(2).batchSize(16).seed(1));
        column.fit(data[0], data[1].reshape(Shape.of(200, 1)), QUIET.epochs(2).batchSize(16).seed(1));
        for (String name : flat.weights().keySet()) {
            assertTrue(flat.weights().get(name).sameValues(column.weights().get(name)), name);
        }
        assertEquals(column.evaluate(data[0], data[1].reshape(Shape.of(200, 1))), flat.evaluate(data[0], data[1]));
    }

    @Test
    void aBatchLargerThanTheDataIsOneBatch() {
        Tensor[] data = noise();
        Sequential larger = sigmoidUnit(7);
        Sequential exact = sigmoidUnit(7);
        larger.compile(Sgd.defaults(), new BinaryCrossEntropy());
        exact.compile(Sgd.defaults(), new BinaryCrossEntropy());
        larger.fit(data[0], data[1], QUIET.epochs(3).batchSize(1000).seed(2));
        exact.fit(data[0], data[1], QUIET.epochs(3).batchSize(200).seed(2));
        assertEquals(3, larger.state().step(), "one step per epoch");
        for (String name : larger.weights().keySet()) {
            assertTrue(larger.weights().get(name).sameValues(exact.weights().get(name)), name);
        }
    }

    @Test
    void aModelPrintsItsShapesLayersParametersAndCompilation() {
        Sequential model = new Sequential(Shape.of(64));
        model.add(Dense.of(32, new Relu()));
        model.add(Dropout.of(0.1));
        model.add(Dense.of(10));
        assertEquals("Sequential f32[N, 64] -> [N, 10], layers dense, dropout, dense_1, 2,410 parameters, not compiled",
                model.toString());
        model.compile(Adam.defaults(), new BinaryCrossEntropy(true), Metrics.byName("accuracy"));
        assertEquals("Sequential f32[N, 64] -> [N, 10], layers dense, dropout, dense_1, 2,410 parameters, compiled"
                + " with Adam, binary_crossentropy, metrics [accuracy]", model.toString());
    }

    /**
     * Keras 3's {@code CompileMetrics.result}: a repeated name gets {@code _1}, {@code _2}, ... instead of an error.
     */
    @Test
    void aMetricListedTwiceIsRenamedWithASuffixAsKerasDoes() {
        Tensor[] data = noise();
        Sequential model = sigmoidUnit(7);
        model.compile(Adam.defaults(), new BinaryCrossEntropy(), Metrics.byName("mae"), Metrics.byName("acc"),
                Metrics.byName("mae"), Metrics.byName("mae"));
        assertEquals(List.of("mae", "acc", "mae_1", "mae_2"), model.compilation().metrics().stream()
                .map(dev.adjoint.nn.metric.Metric::name).toList());
        History history = model.fit(data[0], data[1], QUIET.epochs(1).batchSize(50).validationSplit(0.25));
        assertEquals(java.util.Set.of("loss", "mae", "acc", "mae_1", "mae_2", "val_loss", "val_mae", "val_acc",
                "val_mae_1", "val_mae_2"), history.names());
        assertEquals(history.metric("mae").get(0), history.metric("mae_2").get(0), "the same metric, the same value");
        IllegalArgumentException taken = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> sigmoidUnit(7).compile(Adam.defaults(), new BinaryCrossEntropy(), Metrics.byName("mae"),
                        new dev.adjoint.nn.metric.NamedMetric("mae_1", Metrics.byName("mse")), Metrics.byName("mae")));
        assertEquals("compile: metric names must be distinct after Keras's renaming of repeats (name_1, name_2, ...),"
                + " got mae_1 twice in [mae, mae_1, mae]", taken.getMessage());
    }

    /**
     * A counting metric listed twice is renamed as any other ({@code precision_1}) and stays a counting metric:
     * its epoch value is the metric of the epoch's summed counts, equal to the first's, and a user's name for one
     * (Keras's {@code name=}) is logged likewise.
     */
    @Test
    void aCountingMetricListedTwiceOrNamedKeepsCountingOverTheEpoch() {
        Tensor[] data = noise();
        Sequential model = sigmoidUnit(7);
        model.compile(Adam.defaults(), new BinaryCrossEntropy(), Metrics.byName("precision"),
                Metrics.byName("precision"), Metrics.named("my_auc", Metrics.byName("auc")), Metrics.byName("auc"));
        List<dev.adjoint.nn.metric.Metric> metrics = model.compilation().metrics();
        assertEquals(List.of("precision", "precision_1", "my_auc", "auc"), metrics.stream()
                .map(dev.adjoint.nn.metric.Metric::name).toList());
        assertTrue(metrics.stream().allMatch(m -> m instanceof dev.adjoint.nn.metric.CountingMetric), metrics
                .toString());
        History history = model.fit(data[0], data[1], QUIET.epochs(2).batchSize(7).validationSplit(0.25));
        for (String prefix : new String[] {"", "val_"}) {
            assertEquals(history.metric(prefix + "precision"), history.metric(prefix + "precision_1"), prefix);
            assertEquals(history.metric(prefix + "auc"), history.metric(prefix + "my_auc"), prefix);
        }
        // batches of 7 and the epoch's counts: the value over all data at once, not a mean of batch values
        java.util.Map<String, Double> evaluated = model.evaluate(data[0], data[1], 7);
        java.util.Map<String, Double> whole = model.evaluate(data[0], data[1], data[0].shape().dim(0));
        assertEquals(whole.get("precision"), evaluated.get("precision_1"), 1e-12);
        assertEquals(whole.get("auc"), evaluated.get("my_auc"), 1e-12);
    }

    /** {@code Metrics.named} picks the record by the metric and renames a named metric rather than nesting names. */
    @Test
    void namedPicksTheRecordAndUnwrapsAnEarlierName() {
        dev.adjoint.nn.metric.Metric mae = Metrics.named("err", Metrics.byName("mae"));
        assertEquals(new dev.adjoint.nn.metric.NamedMetric("err", new dev.adjoint.nn.metric.LossMetric(
                new dev.adjoint.nn.loss.MeanAbsoluteError())), mae, "an alias's own name is replaced, not nested");
        dev.adjoint.nn.metric.Metric auc = Metrics.named("b", Metrics.named("a", Metrics.byName("auc")));
        assertEquals(new dev.adjoint.nn.metric.NamedCountingMetric("b", Metrics.byName("auc")), auc);
        assertTrue(auc instanceof dev.adjoint.nn.metric.CountingMetric, "still counts");
        IllegalArgumentException loss = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Metrics.named("loss", Metrics.byName("auc")));
        assertTrue(loss.getMessage().contains("not 'loss'"), loss.getMessage());
    }

    @Test
    void aMetricGivenByAnAliasIsLoggedUnderTheAliasEverywhere(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Tensor[] data = noise();
        Sequential model = sigmoidUnit(7);
        model.compile(Adam.defaults(), new BinaryCrossEntropy(), Metrics.byName("mae"), Metrics.byName("acc"),
                Metrics.byName("MSE"));
        assertEquals(List.of("mae", "acc", "MSE"), model.compilation().metrics().stream()
                .map(dev.adjoint.nn.metric.Metric::name).toList());
        java.nio.file.Path csv = dir.resolve("log.csv");
        EarlyStopping stopping = new EarlyStopping("val_mae", 1, 0, false);
        ModelCheckpoint best = ModelCheckpoint.bestOnly(dir.resolve("best.safetensors").toString(), "val_acc");
        History history = model.fit(data[0], data[1], QUIET.epochs(2).batchSize(50).validationSplit(0.25)
                .callbacks(stopping, best, new CsvLogger(csv)));
        assertEquals(java.util.Set.of("loss", "mae", "acc", "MSE", "val_loss", "val_mae", "val_acc", "val_MSE"),
                history.names());
        // Keras's CSVLogger sorts the names (Python's order, by code point: upper case first)
        assertEquals("epoch,MSE,acc,loss,mae,val_MSE,val_acc,val_loss,val_mae",
                java.nio.file.Files.readAllLines(csv).get(0));
        assertTrue(best.lastSaved().isPresent(), "val_acc was monitored");
        // "acc" is Keras's accuracy resolved at compile (binary for one sigmoid unit), only named "acc"
        java.util.Map<String, Double> evaluated = model.evaluate(data[0], data[1]);
        assertEquals(List.of("loss", "mae", "acc", "MSE"), List.copyOf(evaluated.keySet()));
        Tensor p = model.predict(data[0]);
        double mae = 0;
        int correct = 0;
        for (int i = 0; i < 200; i++) {
            mae += Math.abs(p.flat(i) - data[1].flat(i)) / 200;
            correct += (p.flat(i) > 0.5 ? 1 : 0) == data[1].flat(i) ? 1 : 0;
        }
        assertEquals(mae, evaluated.get("mae"), 1e-12);
        assertEquals(correct / 200.0, evaluated.get("acc"), 1e-12);
    }
}
