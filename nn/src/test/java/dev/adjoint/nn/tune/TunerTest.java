package dev.adjoint.nn.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.activation.Activations;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.Accuracy;
import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.TrainingContext;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Searches on a small problem: persisted, resumable after a crash, reproducible, parallel, and checked. */
class TunerTest {

    @TempDir
    Path dir;

    private static final Tensor[] DATA = Blobs.of(90, 21);
    private static final FitOptions FIT = FitOptions.defaults().epochs(3).batchSize(16).validationSplit(0.25)
            .seed(5).verbosity(Verbosity.SILENT);
    private static final Objective VAL_ACCURACY = Objective.maximize("val_accuracy");

    static SearchSpace space() {
        return SearchSpace.builder()
                .intRange("units", 4, 16, 4)
                .floatRange("learning_rate", 1e-3, 1e-1, Sampling.LOG)
                .choice("activation", "tanh", "relu")
                .build();
    }

    static Model build(HyperParameters hp) {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 3);
        model.add(Dense.of(hp.intValue("units"), Activations.byName(hp.string("activation"))));
        model.add(Dense.of(3));
        model.compile(Adam.defaults().withLearningRate(hp.doubleValue("learning_rate")),
                new SparseCategoricalCrossEntropy(true), new Accuracy());
        return model;
    }

    private TunerOptions options(String name) {
        return TunerOptions.in(dir.resolve(name)).maxTrials(6).seed(11).parallelTrials(2).log(null);
    }

    private static void assertSameTrials(List<Trial> expected, List<Trial> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Trial a = expected.get(i);
            Trial b = actual.get(i);
            assertTrue(a.hyperparameters().sameValues(b.hyperparameters()), a + " vs " + b);
            assertEquals(a.status(), b.status());
            assertEquals(Double.doubleToLongBits(a.score()), Double.doubleToLongBits(b.score()), a + " vs " + b);
            assertEquals(a.bestEpoch(), b.bestEpoch());
        }
    }

    @Test
    void aRandomSearchRunsItsTrialsKeepsTheBestModelsAndPrintsATable() throws IOException {
        RandomSearch tuner = new RandomSearch(space(), TunerTest::build, VAL_ACCURACY, options("random"));
        List<Trial> trials = tuner.search(DATA[0], DATA[1], FIT);
        assertEquals(6, trials.size());
        assertTrue(trials.stream().allMatch(Trial::completed));
        Trial best = tuner.bestTrials(1).get(0);
        assertTrue(trials.stream().allMatch(t -> t.score() <= best.score()));
        Model model = tuner.bestModels(1).get(0);
        Tensor valX = DATA[0].rowRange(68, 90);
        Tensor valY = DATA[1].rowRange(68, 90);
        assertEquals(best.score(), model.evaluate(valX, valY).get("accuracy"), 0.0,
                "the saved model is the best epoch's");
        assertEquals(best.hyperparameters(), tuner.bestHyperparameters(1).get(0));
        String summary = tuner.summary();
        assertTrue(summary.startsWith("Results of RandomSearch, objective val_accuracy (max): 6 trials, 6 completed"),
                summary);
        assertTrue(summary.contains("rank  trial  val_accuracy  epoch  units  learning_rate  activation"), summary);
        assertEquals(8, summary.lines().count());
        assertEquals(6, trials.stream().map(t -> t.hyperparameters().values()).distinct().count(), "no repeats");
    }

    @Test
    void theSameSeedGivesTheSameTrialsWhateverTheParallelism() {
        List<Trial> two = new RandomSearch(space(), TunerTest::build, VAL_ACCURACY, options("a"))
                .search(DATA[0], DATA[1], FIT);
        List<Trial> one = new RandomSearch(space(), TunerTest::build, VAL_ACCURACY, options("b").parallelTrials(1))
                .search(DATA[0], DATA[1], FIT);
        assertSameTrials(two, one);
    }

    /** Thrown by the builder to simulate a crash of the JVM in the middle of a search. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash");
        }
    }

    @Test
    void aSearchInterruptedByACrashResumesToTheSameResultWithEveryFileWhole() throws IOException {
        List<Trial> uninterrupted = new BayesianOptimization(space(), TunerTest::build, VAL_ACCURACY,
                options("whole"), 2, 200).search(DATA[0], DATA[1], FIT);

        AtomicInteger builds = new AtomicInteger();
        ModelBuilder crashing = hp -> {
            if (builds.incrementAndGet() == 5) { // the check build, then trials 0..2, then trial 3 crashes
                throw new Crash();
            }
            return build(hp);
        };
        TunerOptions crashed = options("crashed");
        assertThrows(IllegalStateException.class, () -> new BayesianOptimization(space(), crashing, VAL_ACCURACY,
                crashed, 2, 200).search(DATA[0], DATA[1], FIT));
        List<Trial> onDisk = List.copyOf(new TrialStore(crashed.directory()).trials(space()).values());
        assertTrue(onDisk.stream().anyMatch(t -> t.status() == Trial.Status.RUNNING), "a trial was cut short");
        assertTrue(onDisk.stream().filter(Trial::completed).allMatch(t -> Files.exists(
                new TrialStore(crashed.directory()).model(t.id()))), "completed trials have their models");
        try (Stream<Path> files = Files.walk(crashed.directory())) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }

        List<Trial> resumed = new BayesianOptimization(space(), TunerTest::build, VAL_ACCURACY, crashed, 2, 200)
                .search(DATA[0], DATA[1], FIT);
        assertSameTrials(uninterrupted, resumed);
    }

    @Test
    void hyperbandContinuesTrialsFromTheirCheckpointsBitForBit() throws IOException {
        assertEquals(List.of(List.of("9x1", "3x3", "1x9"), List.of("5x3", "1x9"), List.of("3x9")),
                Hyperband.schedule(9, 3).stream().map(b -> b.stream().map(r -> r[0] + "x" + r[1]).toList()).toList());
        TunerOptions options = options("hyperband");
        Hyperband tuner = new Hyperband(space(), TunerTest::build, VAL_ACCURACY, options, 3, 3, 1);
        List<Trial> trials = tuner.search(DATA[0], DATA[1], FIT);
        assertEquals(tuner.plannedTrials(), trials.size());
        assertEquals(3 + 1 + 2, trials.size());
        Trial continued = trials.stream().filter(t -> t.parent() >= 0).findFirst().orElseThrow();
        Trial parent = trials.get(continued.parent());
        assertEquals(1, parent.epochs());
        assertEquals(1, continued.initialEpoch());
        assertEquals(3, continued.epochs());
        assertTrue(trials.subList(0, 3).stream().allMatch(t -> !parent.completed() || t.score() <= parent.score()),
                "the best of the first rung goes on");

        Model resumed = ModelFiles.load(new TrialStore(options.directory()).checkpoint(continued.id()));
        Model straight = build(continued.hyperparameters());
        straight.fit(DATA[0], DATA[1], FIT.epochs(3));
        for (String name : straight.weights().keySet()) {
            assertTrue(straight.weights().get(name).sameValues(resumed.weights().get(name)), name);
        }
    }

    @Test
    void aGridSearchVisitsTheGridInOrder() {
        SearchSpace grid = SearchSpace.builder().intRange("units", 4, 8, 4)
                .floatRange("learning_rate", 0.01, 0.1, 10, Sampling.LOG).choice("activation", "tanh").build();
        GridSearch tuner = new GridSearch(grid, TunerTest::build, VAL_ACCURACY, options("grid").maxTrials(10));
        List<Trial> trials = tuner.search(DATA[0], DATA[1], FIT);
        assertEquals(4, tuner.size());
        assertEquals(List.of("4 0.01", "4 0.1", "8 0.01", "8 0.1"), trials.stream().map(t -> t.hyperparameters()
                .intValue("units") + " " + Math.round(t.hyperparameters().doubleValue("learning_rate") * 100) / 100.0)
                .toList());
    }

    @Test
    void badSearchesAreRefusedBeforeAnyTrial() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomSearch(space(),
                TunerTest::build, Objective.maximize("val_acuracy"), options("typo")).search(DATA[0], DATA[1], FIT));
        assertEquals("tuner: objective 'val_acuracy' names no metric of the model, expected one of [loss, accuracy,"
                + " val_loss, val_accuracy]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RandomSearch(space(), TunerTest::build, VAL_ACCURACY,
                options("novalidation")).search(DATA[0], DATA[1], FIT.validationSplit(0)));
        assertTrue(e.getMessage().endsWith("; val_ metrics need validationSplit or validationData in the fit"
                + " options"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RandomSearch(space(), TunerTest::build,
                VAL_ACCURACY, options("callbacks")).search(DATA[0], DATA[1], FIT.callbacks(new Callback() { })));
        assertTrue(e.getMessage().startsWith("tuner: the fit options' callbacks would be shared by 2 parallel"
                + " trials"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RandomSearch(space(), hp -> new Sequential(
                Shape.of(2)), VAL_ACCURACY, options("uncompiled")).search(DATA[0], DATA[1], FIT));
        assertTrue(e.getMessage().startsWith("tuner: the model builder must return a compiled model"), e.getMessage());
        for (String name : List.of("typo", "novalidation", "callbacks", "uncompiled")) {
            assertFalse(Files.exists(dir.resolve(name)), "nothing was written for " + name);
        }

        new RandomSearch(space(), TunerTest::build, VAL_ACCURACY, options("taken").maxTrials(1))
                .search(DATA[0], DATA[1], FIT);
        e = assertThrows(IllegalArgumentException.class, () -> new RandomSearch(space(), TunerTest::build,
                Objective.minimize("val_loss"), options("taken").maxTrials(1)).search(DATA[0], DATA[1], FIT));
        assertTrue(e.getMessage().contains("holds another search: its 'objective' is "), e.getMessage());
        assertTrue(e.getMessage().contains("val_loss"), "names the field that differs and both values: "
                + e.getMessage());
        assertEquals(1, new RandomSearch(space(), TunerTest::build, Objective.minimize("val_loss"),
                options("taken").maxTrials(1).overwrite(true)).search(DATA[0], DATA[1], FIT).size());
    }

    @Test
    void threeFailedTrialsInARowStopTheSearchWithTheLastError() {
        ModelBuilder broken = hp -> {
            Model m = build(hp);
            boolean defaults = hp.intValue("units") == 4 && hp.doubleValue("learning_rate") == 1e-3;
            if (!defaults) { // the model of the default values builds, to pass the check before the search
                throw new IllegalArgumentException("no model for " + hp.intValue("units") + " units");
            }
            return m;
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new RandomSearch(space(), broken,
                VAL_ACCURACY, options("failing").parallelTrials(1)).search(DATA[0], DATA[1], FIT));
        assertTrue(e.getMessage().startsWith("tuner: 3 trials in a row failed, the last (trial 2, "), e.getMessage());
        assertTrue(e.getMessage().contains("IllegalArgumentException: no model for"), e.getMessage());
    }

    @Test
    void aContinuedTrialsBestEpochIsTheEpochFitReportedNotShiftedAgain() {
        // Fit reports a resumed run's epochs by their absolute numbers (its loop starts at initialEpoch); adding
        // initialEpoch once more put a trial continued from epoch 1 at "epoch 3 of 3".
        TunerOptions options = TunerOptions.in(dir.resolve("best-epoch")).maxTrials(6).seed(11).parallelTrials(1)
                .log(null);
        Hyperband tuner = new Hyperband(space(), TunerTest::build, VAL_ACCURACY, options, 3, 3, 1);
        List<Map<Integer, Double>> runs = Collections.synchronizedList(new ArrayList<>());
        List<Trial> trials = tuner.search(DATA[0], DATA[1], FIT, () -> {
            Map<Integer, Double> epochs = new LinkedHashMap<>();
            runs.add(epochs);
            return List.of(new Callback() {
                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
                    epochs.put(epoch, logs.get("val_accuracy"));
                }
            });
        });
        assertEquals(trials.size(), runs.size());
        int continued = 0;
        for (int i = 0; i < trials.size(); i++) {
            Trial t = trials.get(i);
            Map<Integer, Double> epochs = runs.get(i);
            assertEquals(t.initialEpoch(), epochs.keySet().iterator().next(), t.toString());
            if (t.completed()) {
                int best = -1;
                for (Map.Entry<Integer, Double> e : epochs.entrySet()) {
                    if (best < 0 || e.getValue() > epochs.get(best)) {
                        best = e.getKey();
                    }
                }
                assertEquals(best, t.bestEpoch(), t + " ran epochs " + epochs);
                assertEquals(epochs.get(best), t.score(), 0, t.toString());
                continued += t.parent() >= 0 ? 1 : 0;
            }
        }
        assertTrue(continued > 0, "a trial continued another");
    }
}
