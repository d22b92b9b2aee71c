package dev.adjoint.examples;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.GRU;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Schedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Sequence classification on Fashion-MNIST (Xiao, Rasul and Vollgraf 2017), read from the IDX files of Debian's
 * {@code dataset-fashion-mnist} as {@link FashionMnist} reads them: each 28x28 image is a sequence of 28 rows of
 * 28 pixels, top to bottom, read by a recurrent layer and classified from its last output.
 *
 * <p>Models: an LSTM of 128 units (and a GRU of 128 units), then 10 logits. Sparse categorical cross-entropy from
 * logits; Adam with a cosine decay of the learning rate from 2e-3 over the whole run; batches of 128; float32;
 * the seed fixed, so a run is bit-reproducible. Trains on the 60,000 training images and prints, per model,
 * {@code RESULT sequential_fashion_mnist_lstm accuracy=...} and {@code ..._gru} on the official 10,000 test
 * images with the seconds per epoch, then {@code RESULT sequential_fashion_mnist accuracy=...}, the better of
 * the two.
 *
 * <p>Arguments: {@code --data DIR} (default {@code /usr/share/datasets/fashion-mnist}), {@code --epochs N}
 * (default 15), {@code --train N} (the first N training images, for a quick run), {@code --models lstm,gru}.
 */
public final class SequentialFashionMnist {

    /** The seed of the weights and the shuffling. */
    public static final long SEED = 2017;

    private SequentialFashionMnist() {
    }

    /** The recurrent layer {@code cell} over the 28 rows, then 10 logits, compiled for {@code steps} steps. */
    public static Sequential model(Layer cell, int steps) {
        Sequential model = new Sequential(Shape.of(28, 28), DType.FLOAT32, SEED);
        model.add(cell);
        model.add(Dense.of(10));
        model.compile(Adam.defaults().withLearningRate(Schedule.cosineDecay(2e-3, steps, 0.0)),
                new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        return model;
    }

    /**
     * Trains a fresh {@code model(cell, steps)} on {@code train} and gives its accuracy on {@code test}
     * (element 0) and its seconds per epoch (element 1).
     */
    public static double[] run(Supplier<Layer> cell, Dataset train, Dataset test, int epochs, int batch,
            Verbosity verbosity) {
        int steps = epochs * ((train.x().shape().dim(0) + batch - 1) / batch);
        Sequential model = model(cell.get(), steps);
        EpochTimer timer = new EpochTimer();
        model.fit(train.x(), train.y(), FitOptions.defaults().epochs(epochs).batchSize(batch).seed(SEED)
                .verbosity(verbosity).callbacks(timer));
        double accuracy = model.evaluate(test.x(), test.y()).get("sparse_categorical_accuracy");
        return new double[] {accuracy, timer.total() / epochs};
    }

    /** Runs the example. */
    public static void main(String[] args) throws IOException {
        Path data = FashionMnist.DEFAULT_DATA;
        int epochs = 15;
        int n = 60_000;
        String models = "lstm,gru";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[i + 1]);
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--train" -> n = Integer.parseInt(args[i + 1]);
                case "--models" -> models = args[i + 1];
                default -> throw new IllegalArgumentException("sequential-fashion-mnist: unknown argument " + args[i]
                        + "; known: --data DIR, --epochs N, --train N, --models lstm,gru");
            }
        }
        dev.adjoint.nn.data.Split split = FashionMnist.trainAndTest(data, n, "sequential-fashion-mnist");
        Dataset train = split.train();
        Dataset test = split.test();
        double best = 0;
        for (String name : models.split(",")) {
            Supplier<Layer> cell = switch (name) {
                case "lstm" -> () -> LSTM.of(128);
                case "gru" -> () -> GRU.of(128);
                default -> throw new IllegalArgumentException("sequential-fashion-mnist: --models takes lstm and gru,"
                        + " got " + name);
            };
            double[] result = run(cell, train, test, epochs, 128, Verbosity.PROGRESS);
            System.out.printf(Locale.ROOT, "%s: %d epochs, %.1f s per epoch%n", name, epochs, result[1]);
            Results.print("sequential_fashion_mnist_" + name, "accuracy", result[0]);
            Results.print("sequential_fashion_mnist_" + name, "seconds_per_epoch", result[1]);
            best = Math.max(best, result[0]);
        }
        Results.print("sequential_fashion_mnist", "accuracy", best);
    }
}
