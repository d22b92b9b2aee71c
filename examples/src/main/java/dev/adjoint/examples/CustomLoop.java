package dev.adjoint.examples;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.examples.data.Datasets;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.data.Minibatches;
import dev.adjoint.nn.data.Split;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.TrainStep;
import dev.adjoint.optim.Momentum;
import dev.adjoint.optim.Schedule;

/**
 * A training loop written by hand from the parts {@code fit} uses, for when {@code fit} does not fit: here,
 * batches that grow from 16 to 128 rows over training (one compiled step serves every batch size, thanks to
 * the symbolic batch dimension) and a learning rate halved by hand whenever the epoch's loss stops falling.
 *
 * <p>The loop only moves immutable values: {@code TrainStep.apply(state, x, y, key, lrFactor)} returns the
 * next {@link ModelState}; nothing is modified in place. The model is given the final state at the end.
 * Prints {@code RESULT custom_loop accuracy=...} on a stratified 25 % hold-out of the digits.
 */
public final class CustomLoop {

    private CustomLoop() {
    }

    /** Trains for {@code epochs} and returns the hold-out accuracy. */
    static double run(int epochs, boolean print) {
        Split split = Split.stratified(Datasets.digits(), 0.25, Key.of(8));
        // The step takes tensors of the model's dtype (float32 here); cast the data once, not per batch.
        Dataset train = split.train().cast(DType.FLOAT32);
        Sequential model = new Sequential(Shape.of(64), DType.FLOAT32, 8);
        model.add(Dense.of(64, new Relu()));
        model.add(Dense.of(10));
        model.compile(Momentum.defaults().withLearningRate(Schedule.constant(0.05)),
                new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());

        TrainStep step = model.trainStep(Shape.of(Shape.BATCH));
        ModelState state = model.state();
        Key root = Key.of(8);
        double lrFactor = 1.0;
        double previous = Double.POSITIVE_INFINITY;
        int rows = train.rows();
        for (int epoch = 0; epoch < epochs; epoch++) {
            int batch = Math.min(128, 16 << (epoch / 4));
            double lossSum = 0;
            for (Dataset b : Minibatches.shuffled(train, batch, root.fold(epoch))) {
                TrainStep.Result r = step.apply(state, b.x(), b.y(), root.fold(1_000_000 + state.step()), lrFactor);
                state = r.state();
                lossSum += r.loss() * b.rows();
            }
            double loss = lossSum / rows;
            if (loss > previous * 0.99) {
                lrFactor /= 2;
            }
            previous = loss;
            if (print) {
                System.out.printf("epoch %2d  batch %3d  lr x%.3f  loss %.4f%n", epoch + 1, batch, lrFactor, loss);
            }
        }
        model.setState(state);
        return model.evaluate(split.test().x(), split.test().y()).get("sparse_categorical_accuracy");
    }

    /** Runs the loop. */
    public static void main(String[] args) {
        Results.print("custom_loop", "accuracy", run(24, true));
    }
}
