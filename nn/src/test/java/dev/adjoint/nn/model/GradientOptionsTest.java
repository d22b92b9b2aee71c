package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.GradientAccumulation;
import dev.adjoint.optim.GradientClipping;
import dev.adjoint.optim.Optimizer;
import org.junit.jupiter.api.Test;

/** Clipping and accumulation as optimizer options of a model's training step. */
class GradientOptionsTest {

    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT).shuffle(false);

    private static Sequential model(Optimizer optimizer) {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 9);
        model.add(Dense.of(8, new Tanh()));
        model.add(Dense.of(3));
        model.compile(optimizer, new SparseCategoricalCrossEntropy(true));
        return model;
    }

    @Test
    void twoAccumulatedBatchesOfEightTrainAsOneBatchOfSixteen() {
        Tensor[] data = Blobs.of(64, 5);
        Sequential small = model(GradientAccumulation.of(Adam.defaults(), 2));
        Sequential large = model(Adam.defaults());
        small.fit(data[0], data[1], QUIET.epochs(3).batchSize(8));
        large.fit(data[0], data[1], QUIET.epochs(3).batchSize(16));
        assertEquals(24, small.state().step());
        assertEquals(12, large.state().step());
        for (String name : large.weights().keySet()) {
            assertTrue(small.weights().get(name).allClose(large.weights().get(name), 1e-10, 1e-12),
                    name + ": " + small.weights().get(name) + " vs " + large.weights().get(name));
        }
    }

    @Test
    void aClippedOptimizerTrainsAndNeverStepsFurtherThanItsThreshold() {
        Tensor[] data = Blobs.of(60, 6);
        double lr = 0.5;
        Sequential model = model(GradientClipping.byGlobalNorm(
                dev.adjoint.optim.Sgd.defaults().withLearningRate(lr), 0.1));
        java.util.List<java.util.Map<String, Tensor>> seen = new java.util.ArrayList<>();
        model.fit(data[0], data[1], QUIET.epochs(2).batchSize(60).callbacks(new Callback() {
            @Override
            public void onBatchEnd(int batch, java.util.Map<String, Double> logs, TrainingContext context) {
                seen.add(context.model().weights());
            }
        }));
        java.util.Map<String, Tensor> before = model(dev.adjoint.optim.Sgd.defaults()).weights();
        int clipped = 0;
        for (java.util.Map<String, Tensor> after : seen) {
            double squares = 0;
            for (String name : after.keySet()) {
                for (int i = 0; i < after.get(name).size(); i++) {
                    double d = after.get(name).flat(i) - before.get(name).flat(i);
                    squares += d * d;
                }
            }
            assertTrue(Math.sqrt(squares) <= lr * 0.1 * (1 + 1e-12), "step norm " + Math.sqrt(squares));
            clipped += Math.abs(Math.sqrt(squares) - lr * 0.1) < 1e-9 ? 1 : 0;
            before = after;
        }
        assertEquals(2, clipped, "both steps were clipped to the threshold");
    }
}
