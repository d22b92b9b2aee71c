package dev.adjoint.nn.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import java.util.List;
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
                + " a finite rate > 0, got NaN for epoch 1"), String.valueOf(e));
        assertEquals("LearningRateScheduler: schedule is null", assertThrows(NullPointerException.class,
                () -> new LearningRateScheduler(null)).getMessage());
    }
}
