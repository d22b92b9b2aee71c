package dev.adjoint.nn.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Callbacks reject parameters that mean nothing (NaN, infinities) when they are made, naming the value. */
class CallbackParametersTest {

    private static void rejects(Executable make, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
        assertEquals(IllegalArgumentException.class, e.getClass());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected <" + part + "> in <" + e.getMessage() + ">");
        }
    }

    @Test
    void reduceLrOnPlateauNeedsFiniteThresholdsAndFloor() {
        rejects(() -> new ReduceLROnPlateau("loss", 0.5, 2, 0, 0, Double.POSITIVE_INFINITY),
                "ReduceLROnPlateau: minDelta and minLr must be finite and >= 0, got 0.0 and Infinity");
        rejects(() -> new ReduceLROnPlateau("loss", 0.5, 2, Double.POSITIVE_INFINITY, 0, 0), "got Infinity and 0.0");
        rejects(() -> new ReduceLROnPlateau("loss", 0.5, 2, Double.NaN, 0, 0), "got NaN and 0.0");
        rejects(() -> new ReduceLROnPlateau("loss", Double.NaN, 2, 0, 0, 0), "factor must be in (0, 1), got NaN");
    }

    @Test
    void earlyStoppingNeedsAFiniteMinDelta() {
        rejects(() -> new EarlyStopping("loss", 1, Double.POSITIVE_INFINITY, false),
                "EarlyStopping: minDelta must be finite and >= 0, got Infinity");
        rejects(() -> new EarlyStopping("loss", 1, Double.NaN, false), "got NaN");
    }

    /** The direction of a monitored figure, from its name: Keras's "up" metrics are maximized, the rest minimized. */
    @Test
    void aucPrecisionRecallAndF1AreMaximizedLikeAccuracies() {
        for (String up : new String[] {"accuracy", "val_sparse_categorical_accuracy", "auc", "val_auc", "pr_auc",
            "val_precision", "recall", "f1_score", "val_out_auc", "val_out_accuracy", "precision_1",
            "r2_score", "val_r2_score", "val_mean_io_u", "io_u", "val_out_mean_io_u"}) {
            org.junit.jupiter.api.Assertions.assertTrue(MonitorMode.AUTO.higherIsBetter(up, "EarlyStopping"), up);
        }
        for (String down : new String[] {"loss", "val_loss", "mae", "val_mean_squared_error", "val_out_loss",
            "val_recall_head_loss", "accuracy_head_loss", "mae_1", "val_out_mae", "val_root_mean_squared_error",
            "val_out_root_mean_squared_error_1"}) {
            org.junit.jupiter.api.Assertions.assertFalse(MonitorMode.AUTO.higherIsBetter(down, "EarlyStopping"), down);
        }
    }
}
