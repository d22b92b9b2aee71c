package dev.adjoint.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A key's stream is counter-based: its {@code j}-th draw is {@code mix64(streamState() + (j + 1)·γ)}, a
 * function of the start state and {@code j} alone, which the bulk kernels rely on.
 */
class KeyStreamStateTest {

    @Test
    void drawJIsMixOfTheStartStatePlusJPlusOneGammas() {
        long gamma = 0x9E3779B97F4A7C15L;
        SplittableRandom random = new SplittableRandom(8);
        for (int trial = 0; trial < 50; trial++) {
            Key key = Key.of(trial == 0 ? 0 : random.nextLong()).fold(trial);
            Key.Stream stream = key.stream();
            for (long j = 0; j < 300; j++) {
                assertEquals(Key.mix64(key.streamState() + (j + 1) * gamma), stream.nextLong(),
                        "key " + key.seed() + ", draw " + j);
            }
        }
    }
}
