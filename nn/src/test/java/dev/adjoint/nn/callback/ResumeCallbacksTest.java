package dev.adjoint.nn.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.FitProgress;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.TrainingContext;
import dev.adjoint.nn.model.Verbosity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with {@link ReduceLROnPlateau} and {@link EarlyStopping}, checkpointed and resumed with
 * {@link FitOptions#resumingFrom}, continues bit for bit as the unbroken run: the lowered learning rate, the
 * plateau counters and the epoch training stops at all carry over. Without the callbacks' state the resumed
 * run goes back to the full rate, as this library did before, and ends elsewhere.
 */
class ResumeCallbacksTest {

    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT).batchSize(16)
            .seed(3);

    @TempDir
    Path dir;

    /** Records the learning rate each epoch ran with. */
    private static final class Rates implements Callback {
        final java.util.List<Double> perEpoch = new java.util.ArrayList<>();

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
            perEpoch.add(context.learningRateFactor());
        }
    }

    /**
     * The callbacks, fresh: the checkpoint first, so its file must still see the state the later callbacks
     * reach at the same epoch's end. minDelta 10 makes every epoch after the first a plateau: the rate halves
     * each epoch, and training stops when 5 epochs in a row did not improve (after epoch 6 of 8).
     */
    private static List<Callback> callbacks(Path checkpoint, Rates rates) {
        return List.of(ModelCheckpoint.everyEpoch(checkpoint.toString()),
                new ReduceLROnPlateau("loss", 0.5, 1, 10.0, 0, 0), new EarlyStopping("loss", 5, 10.0, false), rates);
    }

    @Test
    void aResumedRunKeepsTheReducedRateAndTheCountersBitForBit() throws Exception {
        Tensor[] data = Blobs.of(120, 4);
        Rates straightRates = new Rates();
        Sequential straight = Blobs.classifier(9);
        History full = straight.fit(data[0], data[1], QUIET.epochs(8)
                .callbacks(callbacks(dir.resolve("a-{epoch}.safetensors"), straightRates).toArray(Callback[]::new)));
        assertEquals(6, full.size(), "EarlyStopping stops after 6 epochs");

        Sequential first = Blobs.classifier(9);
        first.fit(data[0], data[1], QUIET.epochs(4)
                .callbacks(callbacks(dir.resolve("b-{epoch}.safetensors"), new Rates()).toArray(Callback[]::new)));
        Path checkpoint = dir.resolve("b-4.safetensors");
        FitProgress progress = ModelFiles.progress(checkpoint).orElseThrow();
        assertEquals(0.125, progress.learningRateFactor(), "halved after epochs 2, 3 and 4");
        assertEquals(Map.of("best", full.metric("loss").get(0), "cooling", 0.0, "wait", 0.0),
                progress.callbacks().get("ReduceLROnPlateau"));
        assertEquals(Map.of("best", full.metric("loss").get(0), "wait", 3.0),
                progress.callbacks().get("EarlyStopping"));

        Model resumed = ModelFiles.load(checkpoint);
        Rates resumedRates = new Rates();
        History rest = resumed.fit(data[0], data[1], QUIET.epochs(8).resumingFrom(progress)
                .callbacks(callbacks(dir.resolve("c-{epoch}.safetensors"), resumedRates).toArray(Callback[]::new)));
        assertEquals(2, rest.size(), "stops at the same epoch as the unbroken run");
        assertEquals(straightRates.perEpoch.subList(4, 6), resumedRates.perEpoch);
        for (int e = 0; e < 2; e++) {
            assertEquals(Double.doubleToRawLongBits(full.metric("loss").get(4 + e)),
                    Double.doubleToRawLongBits(rest.metric("loss").get(e)), "loss of epoch " + (4 + e));
        }
        assertSameWeights(straight.state(), resumed.state());

        Model withoutState = ModelFiles.load(checkpoint);
        History fresh = withoutState.fit(data[0], data[1], QUIET.epochs(8).initialEpoch(progress.epoch())
                .callbacks(callbacks(dir.resolve("d-{epoch}.safetensors"), new Rates()).toArray(Callback[]::new)));
        assertEquals(4, fresh.size(), "without the counters the resumed run trains to the end");
        assertFalse(straight.state().param("dense/kernel").sameValues(withoutState.state().param("dense/kernel")));
    }

    @Test
    void aStateTheCallbackDidNotWriteIsRejectedBeforeTraining() {
        Tensor[] data = Blobs.of(30, 4);
        Sequential model = Blobs.classifier(9);
        ModelState before = model.state();
        FitProgress bad = new FitProgress(1, 3, 1.0, Map.of("ReduceLROnPlateau", Map.of("wait", -1.0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.fit(data[0], data[1],
                QUIET.epochs(3).resumingFrom(bad).callbacks(ReduceLROnPlateau.defaults("loss"))));
        assertEquals("ReduceLROnPlateau: saved state 'wait' must be a count >= 0, got -1.0", e.getMessage());
        assertTrue(before == model.state(), "the model is unchanged");
    }

    private static void assertSameWeights(ModelState expected, ModelState actual) {
        assertEquals(expected.step(), actual.step());
        expected.params().forEach(p -> assertTrue(p._2.sameValues(actual.param(p._1)), p._1));
        expected.optimizer().forEach(s -> assertTrue(s._2.sameValues(actual.optimizer().get(s._1).get()), s._1));
    }
}
