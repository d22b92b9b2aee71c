package dev.adjoint.examples;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.examples.data.Dataset;
import dev.adjoint.examples.data.Datasets;
import dev.adjoint.examples.data.Split;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.GRU;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;

/**
 * Sequence classification: each UCI handwritten digit (8x8 pixels, shipped with this module) is read by a
 * recurrent layer as a sequence of 8 rows of 8 pixels, top to bottom, and classified from the layer's last output;
 * evaluated on the stratified 25 % hold-out of {@link Digits}.
 *
 * <p>Model: an LSTM (or a GRU) of 64 units, then 10 logits; sparse categorical cross-entropy from logits; Adam with
 * Keras's defaults; float32; batches of 32. Prints {@code RESULT sequential_digits_lstm accuracy=...} and
 * {@code RESULT sequential_digits_gru accuracy=...}.
 *
 * <p>Run: {@code mvn -q -pl examples -am compile exec:java -Dexec.mainClass=dev.adjoint.examples.SequentialDigits},
 * with {@code -Dexec.args="--epochs 5"} for a shorter run.
 */
public final class SequentialDigits {

    /** The seed of the split, the weights and the shuffling. */
    public static final long SEED = 42;

    private SequentialDigits() {
    }

    /** The images {@code [rows, 64]} as sequences of their 8 pixel rows, {@code [rows, 8, 8]}. */
    static Tensor rowsAsSteps(Tensor x) {
        return x.reshape(Shape.of(x.shape().dim(0), 8, 8));
    }

    /** Trains {@code cell} for {@code epochs} and returns the hold-out accuracy. */
    public static double run(Layer cell, int epochs, Verbosity verbosity) {
        Split split = Split.stratified(Datasets.digits(), 0.25, Key.of(SEED));
        Dataset train = split.train();
        Dataset test = split.test();

        Sequential model = new Sequential(Shape.of(8, 8), DType.FLOAT32, SEED);
        model.add(cell);
        model.add(Dense.of(10));
        model.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        if (verbosity != Verbosity.SILENT) {
            System.out.println(model.summary());
        }
        long start = System.nanoTime();
        History history = model.fit(rowsAsSteps(train.x()), train.y(),
                FitOptions.defaults().epochs(epochs).batchSize(32).seed(SEED).verbosity(verbosity));
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = model.evaluate(rowsAsSteps(test.x()), test.y()).get("sparse_categorical_accuracy");
        if (verbosity != Verbosity.SILENT) {
            System.out.printf("trained %d epochs in %.1f s (%.2f s per epoch); final training loss %.4f%n", epochs,
                    seconds, seconds / epochs, history.last("loss"));
        }
        return accuracy;
    }

    /** Runs the example with an LSTM then a GRU; {@code --epochs N} changes the number of epochs (default 30). */
    public static void main(String[] args) {
        int epochs = 30;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--epochs")) {
                epochs = Integer.parseInt(args[i + 1]);
            }
        }
        Results.print("sequential_digits_lstm", "accuracy", run(LSTM.of(64), epochs, Verbosity.PROGRESS));
        Results.print("sequential_digits_gru", "accuracy", run(GRU.of(64), epochs, Verbosity.PROGRESS));
    }
}
