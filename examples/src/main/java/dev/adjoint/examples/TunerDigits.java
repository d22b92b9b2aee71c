package dev.adjoint.examples;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.examples.data.Datasets;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.data.Split;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.Accuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.nn.tune.BayesianOptimization;
import dev.adjoint.nn.tune.GridSearch;
import dev.adjoint.nn.tune.HyperParameters;
import dev.adjoint.nn.tune.Hyperband;
import dev.adjoint.nn.tune.Objective;
import dev.adjoint.nn.tune.RandomSearch;
import dev.adjoint.nn.tune.Sampling;
import dev.adjoint.nn.tune.SearchSpace;
import dev.adjoint.nn.tune.Tuner;
import dev.adjoint.nn.tune.TunerOptions;
import dev.adjoint.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Tunes the digits MLP with a hyperparameter search: the units of the first layer, the learning rate (five
 * values on a log scale, so that a grid can list them too), the dropout rate, and whether there is a second hidden
 * layer with how many units (a conditional hyperparameter). Each trial trains on 80 % of the stratified training split
 * and is scored by its best validation accuracy on the other 20 %; the best model is then evaluated on the 25 %
 * hold-out it never saw. Trials are kept in a directory, so running the example again with the same {@code --dir}
 * resumes (or replays) the search instead of starting over. Bayesian optimization draws {@link #INITIAL_POINTS} trials
 * at random and lets its Gaussian process choose the rest.
 *
 * <p>Prints the results table, {@code RESULT tuner best_val_accuracy=...}, {@code RESULT tuner trials=...}
 * and {@code RESULT tuner test_accuracy=...}. Arguments: {@code --tuner bayesian|random|grid|hyperband}
 * (default bayesian), {@code --trials N} (default 10), {@code --epochs N} (default 20), {@code --dir DIR}
 * (default a new temporary directory, deleted with the trials in it when the search ends: pass a directory to
 * keep them and resume).
 */
public final class TunerDigits {

    /**
     * The random trials before the Gaussian process chooses. (The tuner's default, {@code max(3, 2 · 5)} for
     * five hyperparameters, would leave a 10-trial search all random.)
     */
    static final int INITIAL_POINTS = 4;
    /** The seed of the split, the tuner and every trial's training. */
    public static final long SEED = 42;

    private TunerDigits() {
    }

    /** The hyperparameters searched. */
    static SearchSpace space() {
        return SearchSpace.builder()
                .intRange("units", 32, 256, 32)
                .floatRange("learning_rate", 1e-4, 1e-2, Math.sqrt(10), Sampling.LOG)   // 1e-4, 3.2e-4, ..., 1e-2
                .floatRange("dropout", 0.0, 0.3, 0.1, Sampling.LINEAR)
                .choice("second_layer", false, true)
                .intRange("units_2", 16, 128, 16).when("second_layer", true)
                .build();
    }

    /** The digits MLP for one trial's values, compiled. */
    static Model build(HyperParameters hp) {
        Sequential model = new Sequential(Shape.of(64), DType.FLOAT32, SEED);
        model.add(Dense.of(hp.intValue("units"), new Relu()));
        model.add(Dropout.of(hp.doubleValue("dropout")));
        if (hp.bool("second_layer")) {
            model.add(Dense.of(hp.intValue("units_2"), new Relu()));
        }
        model.add(Dense.of(10));
        model.compile(Adam.defaults().withLearningRate(hp.doubleValue("learning_rate")),
                new SparseCategoricalCrossEntropy(true), new Accuracy());
        return model;
    }

    /** A tuner of the given kind. */
    static Tuner tuner(String kind, TunerOptions options, int epochs) {
        Objective objective = Objective.maximize("val_accuracy");
        return switch (kind) {
            case "bayesian" -> new BayesianOptimization(space(), TunerDigits::build, objective, options,
                    INITIAL_POINTS, 2000);
            case "random" -> new RandomSearch(space(), TunerDigits::build, objective, options);
            case "grid" -> new GridSearch(space(), TunerDigits::build, objective, options);
            case "hyperband" -> new Hyperband(space(), TunerDigits::build, objective, options, epochs);
            default -> throw new IllegalArgumentException("tuner: unknown tuner " + kind
                    + "; known: bayesian, random, grid, hyperband");
        };
    }

    /** Runs the search and returns {@code {best validation accuracy, trials, test accuracy}}. */
    static double[] run(String kind, int trials, int epochs, Path dir, boolean print) {
        Split split = Split.stratified(Datasets.digits(), 0.25, Key.of(SEED));
        TunerOptions options = TunerOptions.in(dir).maxTrials(trials).seed(SEED).log(print ? System.out : null);
        Tuner tuner = tuner(kind, options, epochs);
        FitOptions fit = FitOptions.defaults().epochs(epochs).batchSize(32).validationSplit(0.2).seed(SEED)
                .verbosity(Verbosity.SILENT);
        long start = System.nanoTime();
        int ran = tuner.search(split.train().x(), split.train().y(), fit).size();
        double seconds = (System.nanoTime() - start) / 1e9;
        Model best = tuner.bestModels(1).get(0);
        double test = best.evaluate(split.test().x(), split.test().y()).get("accuracy");
        if (print) {
            System.out.println(tuner.summary());
            System.out.printf("%d trials in %.1f s (%d parallel); best %s; trials in %s%n", ran, seconds,
                    options.parallelTrials(), tuner.bestHyperparameters(1).get(0), dir);
        }
        return new double[] {tuner.bestTrials(1).get(0).score(), ran, test};
    }

    /**
     * {@link #run} in a new directory under {@code parent}, deleted with everything the tuner wrote in it when the
     * search ends, however it ends: what the example does without {@code --dir}.
     */
    static double[] runInTemporaryDirectory(Path parent, String kind, int trials, int epochs, boolean print)
            throws IOException {
        return inTemporaryDirectory(parent, dir -> run(kind, trials, epochs, dir, print));
    }

    /**
     * {@code work} applied to a new directory under {@code parent}, which is then deleted with everything in it,
     * however the work ends. When the work fails, its exception is the one thrown, a failure to delete the directory
     * added to it as suppressed (as try-with-resources does with a failing close), so that it cannot hide why the
     * work failed.
     *
     * @throws IOException when the directory cannot be made, or cannot be deleted after the work succeeded
     */
    static <T> T inTemporaryDirectory(Path parent, Function<Path, T> work) throws IOException {
        Path dir = Files.createTempDirectory(parent, "adjoint-tuner");
        T result;
        try {
            result = work.apply(dir);
        } catch (Throwable failure) {
            try {
                deleteTree(dir);
            } catch (IOException | RuntimeException deletion) {
                failure.addSuppressed(deletion);
            }
            throw failure;
        }
        deleteTree(dir);
        return result;
    }

    /** Deletes {@code dir} and everything under it, the deepest paths first. */
    private static void deleteTree(Path dir) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }

    /** Runs the example. */
    public static void main(String[] args) throws IOException {
        String kind = "bayesian";
        int trials = 10;
        int epochs = 20;
        Path dir = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--tuner" -> kind = args[i + 1];
                case "--trials" -> trials = Integer.parseInt(args[i + 1]);
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("tuner: unknown argument " + args[i]
                        + "; known: --tuner, --trials, --epochs, --dir");
            }
        }
        double[] result = dir != null ? run(kind, trials, epochs, dir, true)
                : runInTemporaryDirectory(Path.of(System.getProperty("java.io.tmpdir")), kind, trials, epochs, true);
        Results.print("tuner", "best_val_accuracy", result[0]);
        Results.print("tuner", "trials", (long) result[1]);
        Results.print("tuner", "test_accuracy", result[2]);
    }
}
