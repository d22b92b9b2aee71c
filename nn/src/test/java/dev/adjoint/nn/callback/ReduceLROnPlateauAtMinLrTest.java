package dev.adjoint.nn.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.nn.model.TrainingContext;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * At {@code minLr}, Keras 3's {@code ReduceLROnPlateau} skips the reduction and with it the cooldown and the
 * reset of its wait counter ({@code if old_lr > np.float32(self.min_lr):} guards all three).
 */
class ReduceLROnPlateauAtMinLrTest {

    /** A context whose rate is {@code baseRate} times the factor, which the callback may change. */
    private static TrainingContext context(double baseRate, double[] factor) {
        return (TrainingContext) Proxy.newProxyInstance(TrainingContext.class.getClassLoader(),
                new Class<?>[] {TrainingContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "availableMetrics" -> Set.of("loss");
                    case "learningRateFactor" -> factor[0];
                    case "learningRate" -> baseRate * factor[0];
                    case "setLearningRateFactor" -> {
                        factor[0] = (double) args[0];
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static void epochs(ReduceLROnPlateau callback, TrainingContext context, double... losses) {
        for (int e = 0; e < losses.length; e++) {
            Map<String, Double> logs = new HashMap<>(Map.of("loss", losses[e]));
            callback.onEpochEnd(e, logs, context);
        }
    }

    @Test
    void atMinLrThePlateauNeitherStartsTheCooldownNorResetsTheWait() {
        double[] factor = {1.0};
        TrainingContext context = context(0.01, factor);
        ReduceLROnPlateau callback = new ReduceLROnPlateau("loss", 0.5, 1, 0, 2, 0.01);
        callback.onTrainBegin(context);
        epochs(callback, context, 1, 2, 3);
        assertEquals(1.0, factor[0]);
        assertEquals(Map.of("best", 1.0, "wait", 2.0, "cooling", 0.0), callback.state());
    }

    @Test
    void aRateEqualToMinLrInFloat32IsNotReducedByARoundingStep() {
        double[] factor = {1.0};
        TrainingContext context = context(0.1, factor);
        double minLr = Math.nextDown(0.1); // below 0.1 as a double, the same float32
        ReduceLROnPlateau callback = new ReduceLROnPlateau("loss", 0.5, 1, 0, 3, minLr);
        callback.onTrainBegin(context);
        epochs(callback, context, 1, 2);
        assertEquals(1.0, factor[0]);
        assertEquals(Map.of("best", 1.0, "wait", 1.0, "cooling", 0.0), callback.state());
    }

    @Test
    void aboveMinLrTheRateIsLoweredToTheFloorAndTheCooldownStarts() {
        double[] factor = {1.0};
        TrainingContext context = context(0.01, factor);
        ReduceLROnPlateau callback = new ReduceLROnPlateau("loss", 0.1, 1, 0, 2, 0.004);
        callback.onTrainBegin(context);
        epochs(callback, context, 1, 2);
        assertEquals(0.4, factor[0], 1e-15);
        assertEquals(Map.of("best", 1.0, "wait", 0.0, "cooling", 2.0), callback.state());
    }
}
