package dev.adjoint.nn.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.ModelState;
import io.vavr.collection.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keras 3's {@code mode} of the monitoring callbacks ({@code MonitorCallback._set_monitor_op}): {@code "min"} and
 * {@code "max"} fix the direction whatever the name; {@code "auto"} infers it from a loss or a built-in metric and
 * refuses a name it cannot infer instead of guessing lower-is-better.
 */
class MonitorModeTest {

    private static final String CUSTOM = "val_my_score";

    private static EarlyStoppingTest.Script context() {
        EarlyStoppingTest.Script context = new EarlyStoppingTest.Script();
        context.metrics = Set.of("loss", "val_loss", "my_score", CUSTOM);
        context.now = new ModelState(LinkedHashMap.of("w", Tensor.vector(new double[] {0})), LinkedHashMap.empty(), 0);
        return context;
    }

    @Test
    void autoRefusesACustomNameInEveryCallbackNamingTheCallbackAndTheMonitor() {
        String hint = "mode 'auto' cannot infer whether '" + CUSTOM + "' should be minimized or maximized";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EarlyStopping(CUSTOM, 1, 0, false).onTrainBegin(context()));
        assertTrue(e.getMessage().startsWith("EarlyStopping: " + hint), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ReduceLROnPlateau.defaults(CUSTOM).onTrainBegin(context()));
        assertTrue(e.getMessage().startsWith("ReduceLROnPlateau: " + hint), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ModelCheckpoint.bestOnly("m.safetensors", CUSTOM).onTrainBegin(context()));
        assertTrue(e.getMessage().startsWith("ModelCheckpoint: " + hint), e.getMessage());
        assertTrue(e.getMessage().endsWith("pass mode MIN or MAX"), e.getMessage());
    }

    @Test
    void maxModeMaximizesACustomNameAndMinModeMinimizesIt() {
        // rising values: under max every epoch improves, so patience 1 never stops; under min epoch 1 stops it
        EarlyStopping max = new EarlyStopping(CUSTOM, 1, 0, false).mode("max");
        EarlyStoppingTest.Script up = context();
        max.onTrainBegin(up);
        for (int e = 0; e < 3; e++) {
            max.onEpochEnd(e, Map.of(CUSTOM, 1.0 + e), up);
        }
        assertFalse(up.stopped, "max: rising values improve");
        EarlyStopping min = new EarlyStopping(CUSTOM, 1, 0, false).mode(MonitorMode.MIN);
        EarlyStoppingTest.Script down = context();
        min.onTrainBegin(down);
        min.onEpochEnd(0, Map.of(CUSTOM, 1.0), down);
        min.onEpochEnd(1, Map.of(CUSTOM, 2.0), down);
        assertTrue(down.stopped, "min: a rise is no improvement");
        assertEquals(MonitorMode.MAX, max.mode());
        assertEquals(MonitorMode.AUTO, new EarlyStopping(CUSTOM, 1, 0, false).mode());
    }

    @Test
    void maxModeOverridesTheNameOfALoss() {
        // Keras: an explicit mode wins over the name, so a rising val_loss "improves" under max
        ReduceLROnPlateau plateau = new ReduceLROnPlateau("val_loss", 0.5, 1, 0, 0, 0).mode("max");
        EarlyStoppingTest.Script context = context();
        plateau.onTrainBegin(context);
        plateau.onEpochEnd(0, new java.util.HashMap<>(Map.of("val_loss", 1.0)), context);
        plateau.onEpochEnd(1, new java.util.HashMap<>(Map.of("val_loss", 2.0)), context);
        assertEquals(1.0, context.factor, "a rise under max is an improvement, no reduction");
        plateau.onEpochEnd(2, new java.util.HashMap<>(Map.of("val_loss", 0.5)), context);
        assertEquals(0.5, context.factor, "a fall under max is no improvement: the rate halves");
        ReduceLROnPlateau auto = new ReduceLROnPlateau("val_loss", 0.5, 1, 0, 0, 0);
        EarlyStoppingTest.Script autoContext = context();
        auto.onTrainBegin(autoContext);
        auto.onEpochEnd(0, new java.util.HashMap<>(Map.of("val_loss", 1.0)), autoContext);
        auto.onEpochEnd(1, new java.util.HashMap<>(Map.of("val_loss", 2.0)), autoContext);
        assertEquals(0.5, autoContext.factor, "auto minimizes a loss: a rise halves the rate");
    }

    @Test
    void checkpointWithoutSaveBestOnlyNeedsNoDirection() {
        new ModelCheckpoint("m.safetensors", CUSTOM, false).onTrainBegin(context()); // does not throw
        assertEquals(MonitorMode.MIN, ModelCheckpoint.bestOnly("m.safetensors", CUSTOM).mode("min").mode());
    }

    @Test
    void anUnknownModeNameIsRefused() {
        assertEquals("MonitorMode: mode must be one of [auto, min, max], got 'maximum'",
                assertThrows(IllegalArgumentException.class, () -> MonitorMode.of("maximum")).getMessage());
        assertEquals("max", MonitorMode.of("max").kerasName());
    }
}
