package dev.adjoint.examples;

import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.examples.data.Datasets;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.data.Split;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import java.util.function.UnaryOperator;

/**
 * The main example: a multilayer perceptron on the UCI handwritten digits (1,797 images of 8x8 pixels,
 * shipped with this module), evaluated on a stratified 25 % hold-out.
 *
 * <p>Model: 64 inputs, two ReLU layers of 128 and 64 units with dropout 0.1, and 10 logits; sparse
 * categorical cross-entropy from logits; Adam with Keras's defaults; float32; batches of 32. Prints
 * {@code RESULT digits accuracy=...}.
 *
 * <p>Run: {@code mvn -q -pl examples -am compile exec:java}, or with
 * {@code -Dexec.args="--epochs 10"} for a shorter run.
 */
public final class Digits {

    /** The seed of the split, the weights, the shuffling and the dropout masks. */
    public static final long SEED = 42;

    private Digits() {
    }

    /** Trains for {@code epochs} and returns the hold-out accuracy. */
    public static double run(int epochs, Verbosity verbosity) {
        Sequential model = new Sequential(Shape.of(64), dev.adjoint.core.tensor.DType.FLOAT32, SEED);
        model.add(Dense.of(128, new Relu()));
        model.add(Dropout.of(0.1));
        model.add(Dense.of(64, new Relu()));
        model.add(Dense.of(10));
        return trainAndTest(model, x -> x, epochs, verbosity);
    }

    /**
     * Compiles {@code model} (sparse categorical cross-entropy from logits, Adam), trains it on the stratified split
     * for {@code epochs} with the images given as {@code features} makes them, and returns the hold-out accuracy.
     */
    static double trainAndTest(Model model, UnaryOperator<Tensor> features, int epochs, Verbosity verbosity) {
        Split split = Split.stratified(Datasets.digits(), 0.25, Key.of(SEED));
        Dataset train = split.train();
        Dataset test = split.test();
        model.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        if (verbosity != Verbosity.SILENT) {
            System.out.println(model.summary());
            System.out.println("train " + train.rows() + " rows, test " + test.rows() + " rows (stratified, seed "
                    + SEED + ")");
        }

        long start = System.nanoTime();
        History history = model.fit(features.apply(train.x()), train.y(),
                FitOptions.defaults().epochs(epochs).batchSize(32).seed(SEED).verbosity(verbosity));
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = model.evaluate(features.apply(test.x()), test.y()).get("sparse_categorical_accuracy");
        if (verbosity != Verbosity.SILENT) {
            System.out.printf("trained %d epochs in %.1f s (%.2f s per epoch); final training loss %.4f%n", epochs,
                    seconds, seconds / epochs, history.last("loss"));
        }
        return accuracy;
    }

    /** Runs the example; {@code --epochs N} changes the number of epochs (default 60). */
    public static void main(String[] args) {
        int epochs = 60;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--epochs")) {
                epochs = Integer.parseInt(args[i + 1]);
            }
        }
        double accuracy = run(epochs, Verbosity.PROGRESS);
        Results.print("digits", "accuracy", accuracy);
    }
}
