package dev.adjoint.nn.callback;

import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.TrainingContext;
import java.util.Map;

/**
 * Stops training, without an exception, at the first batch whose loss is NaN or infinite, as Keras's
 * {@code TerminateOnNaN}. As in Keras the epoch still ends: the callbacks see its {@code onEpochEnd} and the
 * history records it, its loss NaN or infinite (the diverged batch is in its mean) and its validation figures NaN.
 * The model keeps its last finite weights. Without this callback such a batch makes {@code fit} throw
 * {@link dev.adjoint.nn.model.TrainingDivergedException}.
 */
public final class TerminateOnNaN implements Callback {

    /** The callback; it keeps no state. */
    public TerminateOnNaN() {
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs, TrainingContext context) {
        Double loss = logs.get("loss");
        if (loss != null && !Double.isFinite(loss)) {
            context.stopTraining();
        }
    }
}
