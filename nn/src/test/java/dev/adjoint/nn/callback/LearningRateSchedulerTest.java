package dev.adjoint.nn.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.TrainingContext;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keras's {@code LearningRateScheduler}: the rate of each epoch from a function of the epoch and the current
 * rate, applied through the step's learning-rate factor and logged as {@code learning_rate}.
 */
class LearningRateSchedulerTest {

    private final Tensor[] data = Blobs.of(60, 7);
    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT).batchSize(10);

    /** Blobs.classifier compiles Adam at a constant 0.01 in float32: the logged rates are the schedule's. */
    @Test
    void eachEpochRunsAtTheRateTheScheduleGivesAndTheHistoryLogsIt() {
        Sequential model = Blobs.classifier(4);
        History h = model.fit(data[0], data[1], QUIET.epochs(4).seed(2).callbacks(new LearningRateScheduler(
                (epoch, lr) -> 0.01 * Math.pow(0.5, epoch))));
        List<Double> rates = h.metric(ReduceLROnPlateau.LEARNING_RATE);
        for (int e = 0; e < 4; e++) {
            assertEquals(0.01 * Math.pow(0.5, e), rates.get(e), 1e-9, "epoch " + e + " of " + rates);
        }
        Sequential constant = Blobs.classifier(4);
        History unscheduled = constant.fit(data[0], data[1], QUIET.epochs(4).seed(2));
        assertEquals(h.metric("loss").get(0), unscheduled.metric("loss").get(0),
                "the first epoch runs at the optimizer's own rate, 0.01 · 0.5⁰");
        assertFalse(h.metric("loss").get(3).equals(unscheduled.metric("loss").get(3)),
                "later epochs run at lower rates");
    }

    @Test
    void aRateThatIsNotFiniteAndPositiveIsRefusedNamingTheEpoch() {
        Sequential model = Blobs.classifier(5);
        Exception e = assertThrows(Exception.class, () -> model.fit(data[0], data[1], QUIET.epochs(3)
                .callbacks(new LearningRateScheduler((epoch, lr) -> epoch == 1 ? Double.NaN : lr))));
        Throwable cause = e;
        while (cause != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertTrue(cause != null && cause.getMessage().startsWith("LearningRateScheduler: the schedule must give"
                + " a finite rate >= 0, got NaN for epoch 1"), String.valueOf(e));
        assertTrue(rootMessage(() -> Blobs.classifier(5).fit(data[0], data[1], QUIET.epochs(3).callbacks(
                new LearningRateScheduler((epoch, lr) -> epoch == 1 ? -1e-3 : lr)))).startsWith("LearningRateScheduler:"
                + " the schedule must give a finite rate >= 0, got -0.001 for epoch 1"));
        Sequential still = linear(DType.FLOAT64, 0);
        assertEquals("LearningRateScheduler: epoch 0: fit: cannot set the learning rate to 0.001: the optimizer's own"
                + " rate at the next step is 0.0, and the rate is its multiple; compile the optimizer with a rate > 0",
                rootMessage(() -> still.fit(X, Y, QUIET.epochs(1).callbacks(new LearningRateScheduler(
                        (epoch, lr) -> 1e-3)))));
        assertEquals("LearningRateScheduler: schedule is null", assertThrows(NullPointerException.class,
                () -> new LearningRateScheduler(null)).getMessage());
    }

    /** Six points of a plane, for one full batch per epoch. */
    private static final Tensor X = Tensor.of(Shape.of(6, 2), 1, 0, 0, 1, 1, 1, 2, -1, -1, 3, 0.5, 0.5);
    private static final Tensor Y = Tensor.of(Shape.of(6, 1), 1, -1, 0.5, 2, -2, 0.25);

    /** A linear regression trained by plain SGD at the given rate, in float64. */
    private static Sequential linear(DType dtype, double rate) {
        Sequential model = new Sequential(Shape.of(2), dtype, 3);
        model.add(Dense.of(1));
        model.compile(Sgd.defaults().withLearningRate(rate), new MeanSquaredError());
        return model;
    }

    /**
     * Keras's linear warm-up {@code lr = 1e-3 * min(1, e / 2)} gives the rates 0, 5e-4, 1e-3: epoch 0 at rate 0
     * leaves the weights exactly as they were, and epoch 1 runs at 5e-4 from there, as a model compiled with SGD at
     * 5e-4 does in its first epoch (the same full batch, not shuffled): the rate is set, not scaled from 0.
     */
    @Test
    void aLinearWarmUpFromZeroRunsAtTheRatesKerasWouldUse() {
        FitOptions full = QUIET.batchSize(6).shuffle(false);
        Sequential warm = linear(DType.FLOAT64, 0.1);
        Map<String, Tensor> initial = warm.weights();
        List<Map<String, Tensor>> after = new ArrayList<>();
        Callback weights = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
                after.add(context.model().weights());
            }
        };
        History h = warm.fit(X, Y, full.epochs(3).callbacks(new LearningRateScheduler(
                (epoch, lr) -> 1e-3 * Math.min(1, epoch / 2.0)), weights));
        assertEquals(List.of(0.0, 5e-4, 1e-3), h.metric(ReduceLROnPlateau.LEARNING_RATE).stream()
                .map(r -> Math.round(r * 1e12) / 1e12).toList(), "Keras's rates, to 12 digits");
        initial.forEach((k, w) -> assertTrue(w.sameValues(after.get(0).get(k)), "rate 0 keeps " + k));
        Sequential reference = linear(DType.FLOAT64, 5e-4);
        reference.setWeights(initial);
        reference.fit(X, Y, full.epochs(1));
        reference.weights().forEach((k, w) -> {
            double[] expected = w.toDoubleArray();
            double[] got = after.get(1).get(k).toDoubleArray();
            for (int i = 0; i < expected.length; i++) {
                // the factor 5e-4 / 0.1 times 0.1 may differ from 5e-4 in the last bit
                assertEquals(expected[i], got[i], 1e-15 * Math.abs(expected[i]) + 1e-18, k + "[" + i + "]");
            }
        });
        assertFalse(after.get(1).get("dense/kernel").sameValues(after.get(2).get("dense/kernel")), "epoch 2 moves");
    }

    private static String rootMessage(org.junit.jupiter.api.function.Executable call) {
        Throwable cause = assertThrows(Exception.class, call);
        while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
