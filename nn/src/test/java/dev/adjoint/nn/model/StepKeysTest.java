package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.optim.Adam;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A hand-written loop's step keys: {@code Key.of(step)} for step 0, 1, 2, ... gives each step its own dropout
 * mask (by the top 53 bits of the seed alone, keys 0 to 2047 were one key: found by a new user), and a derived
 * key ({@code fold}, as {@code fit}'s) draws what it always drew.
 */
class StepKeysTest {

    @Test
    void smallSeedsAsStepKeysDrawDistinctDropoutMasks() {
        Sequential m = new Sequential(Shape.of(8), DType.FLOAT32, 1);
        m.add(Dense.of(32, new Relu()));
        m.add(Dropout.of(0.5));
        m.add(Dense.of(1));
        m.compile(Adam.defaults(), new MeanSquaredError());
        TrainStep step = m.trainStep(Shape.of(Shape.BATCH, 1));
        ModelState s = m.state();
        Tensor x = Tensor.normal(Key.of(9), DType.FLOAT32, Shape.of(16, 8), 0, 1);
        Tensor y = Tensor.ones(DType.FLOAT32, Shape.of(16, 1));
        Set<Double> losses = new HashSet<>();
        long[] seeds = {0, 1, 2, 7, 100, 2047, 2048, 2049, 1L << 20, (1L << 20) + 1};
        for (long k : seeds) {
            losses.add(step.apply(s, x, y, Key.of(k), 1.0).loss());
        }
        assertEquals(seeds.length, losses.size(), "one mask per key: " + losses);
        // the same key draws the same mask
        assertEquals(step.apply(s, x, y, Key.of(7), 1.0).loss(), step.apply(s, x, y, Key.of(7), 1.0).loss());
        assertTrue(losses.contains(step.apply(s, x, y, Key.of(2047), 1.0).loss()));
    }
}
