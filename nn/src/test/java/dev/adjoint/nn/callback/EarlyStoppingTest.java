package dev.adjoint.nn.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.FitProgress;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.TrainingContext;
import io.vavr.collection.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keras 3's {@code EarlyStopping} rule epoch by epoch, on a scripted sequence of monitored values: when it
 * stops, and which epoch's weights it restores (stopped or not, no improvement ever, a baseline, a warm-up).
 * Expected epochs are traced by hand through Keras 3's {@code on_epoch_end} and {@code on_train_end}.
 */
class EarlyStoppingTest {

    /** What a run of {@code values} (one per epoch) did: the epochs run, and the epoch whose weights were restored. */
    private record Run(int epochs, Integer restored) {
    }

    /** A stand-in for {@code fit}: epoch {@code e}'s weight is {@code e}; stops when asked to. */
    private static Run run(EarlyStopping callback, double... values) {
        Script context = new Script();
        callback.onTrainBegin(context);
        int epochs = 0;
        for (int e = 0; e < values.length && !context.stopped; e++) {
            context.now = new ModelState(LinkedHashMap.of("w", Tensor.vector(new double[] {e})),
                    LinkedHashMap.empty(), 10L * e);
            callback.onEpochEnd(e, Map.of("val_loss", values[e]), context);
            epochs++;
        }
        callback.onTrainEnd(context);
        if (!context.restored.isEmpty()) {
            assertEquals(context.now.step(), context.restored.get(0).step(), "the step count stays (Keras)");
        }
        return new Run(epochs, context.restored.isEmpty() ? null : (int) context.restored.get(0).param("w").flat(0));
    }

    @Test
    void theBestWeightsAreRestoredWhenTrainingEndsWithoutAnEarlyStopAsInKeras3() {
        // Keras 3 restores in on_train_end whenever restore_best_weights has best weights, stopped or not
        assertEquals(new Run(3, 1), run(new EarlyStopping("val_loss", 5, 0, true), 3, 1, 2));
        assertEquals(new Run(3, null), run(new EarlyStopping("val_loss", 5, 0, false), 3, 1, 2));
    }

    @Test
    void anEarlyStopRestoresTheBestEpoch() {
        assertEquals(new Run(4, 1), run(new EarlyStopping("val_loss", 2, 0, true), 3, 1, 2, 2, 0));
    }

    @Test
    void withoutAnyImprovementTheFirstEpochIsBestAndTheFirstEpochNeverStops() {
        // Keras: the first watched epoch's weights are the best until one improves; NaN never does, and
        // training stops at wait >= patience only after epoch 0
        assertEquals(new Run(2, 0), run(new EarlyStopping("val_loss", 1, 0, true), Double.NaN, Double.NaN,
                Double.NaN));
        assertEquals(new Run(2, null), run(new EarlyStopping("val_loss", 0, 0, false), Double.NaN, Double.NaN));
    }

    @Test
    void aBaselineNotBeatenLetsPatienceRunOutWhileTheBestEpochIsStillRestored() {
        EarlyStopping baseline = new EarlyStopping("val_loss", 2, 0, true).baseline(1.0);
        // epochs 0 and 1 improve on the best but not on the baseline: wait counts 1, 2; epoch 2 does not improve
        assertEquals(new Run(3, 1), run(baseline, 3, 2, 2.5, 2.5, 0.5));
        // epoch 1 beats the baseline and resets the wait: epochs 2 and 3 without improvement stop it
        assertEquals(new Run(4, 1), run(baseline, 3, 0.9, 2, 2, 2));
        // without a baseline: epoch 1 resets the wait as an improvement
        assertEquals(new Run(4, 1), run(new EarlyStopping("val_loss", 2, 0, true), 3, 2, 2.5, 2.5, 0.5));
    }

    @Test
    void warmUpEpochsAreNotWatched() {
        EarlyStopping warm = new EarlyStopping("val_loss", 0, 0, true).startFromEpoch(2);
        assertEquals(new Run(4, 2), run(warm, 1, 5, 5, 6, 7));
    }

    @Test
    void badBaselineOrStartIsRefused() {
        EarlyStopping stop = EarlyStopping.onValidationLoss(1);
        assertEquals("EarlyStopping: baseline must be finite, got NaN",
                assertThrows(IllegalArgumentException.class, () -> stop.baseline(Double.NaN)).getMessage());
        assertEquals("EarlyStopping: startFromEpoch must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> stop.startFromEpoch(-1)).getMessage());
    }

    /** The context of a scripted run: the state of the current epoch, stop requests and restores. */
    static final class Script implements TrainingContext {
        Set<String> metrics = Set.of("loss", "val_loss");
        double factor = 1;
        ModelState now;
        boolean stopped;
        final List<ModelState> restored = new ArrayList<>();

        private Model model;

        /** A small saveable model (a checkpoint checks, when training begins, that it can save it). */
        @Override
        public Model model() {
            if (model == null) {
                model = dev.adjoint.nn.Blobs.classifier(0);
            }
            return model;
        }

        @Override
        public Set<String> availableMetrics() {
            return metrics;
        }

        @Override
        public long seed() {
            return 0;
        }

        @Override
        public int epochs() {
            return 10;
        }

        @Override
        public int batchesPerEpoch() {
            return 1;
        }

        @Override
        public void stopTraining() {
            stopped = true;
        }

        @Override
        public boolean stopRequested() {
            return stopped;
        }

        @Override
        public double learningRateFactor() {
            return factor;
        }

        @Override
        public void setLearningRateFactor(double factor) {
            this.factor = factor;
        }

        @Override
        public double learningRate() {
            return factor;
        }

        @Override
        public ModelState state() {
            return now;
        }

        @Override
        public void restore(ModelState state) {
            restored.add(state);
        }

        @Override
        public FitProgress progress(int completedEpochs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void afterEpoch(Runnable action) {
            action.run();
        }

        @Override
        public List<Map<String, Double>> epochLogs() {
            return List.of();
        }
    }
}
