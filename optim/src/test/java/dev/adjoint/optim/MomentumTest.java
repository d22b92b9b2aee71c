package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MomentumTest {

    private static final Momentum NESTEROV = Momentum.defaults().withNesterov(true);

    @Test
    void nesterovIsTheLookAheadVariantOfTheSameRecord() {
        assertEquals(new Momentum(Schedule.constant(0.01), 0.9, true), NESTEROV);
        assertEquals(Momentum.defaults(), NESTEROV.withNesterov(false));
        assertEquals(List.of("velocity"), NESTEROV.slots());
    }

    @Test
    void defaultsAreKerasSgdWithTheDocumentedMomentum() {
        assertEquals(new Momentum(Schedule.constant(0.01), 0.9, false), Momentum.defaults());
        assertEquals(List.of("velocity"), Momentum.defaults().slots());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void threeStepsMatchTheEquations(boolean nesterov) {
        double lr = 0.05;
        double mu = 0.8;
        List<StepLoop.State> trace = Problems.quadraticTrace(
                Momentum.defaults().withLearningRate(lr).withMomentum(mu).withNesterov(nesterov), 3);
        double[] w = Problems.W0.clone();
        double[] v = {0, 0};
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 2; i++) {
                double g = Problems.quadraticGrad(w[i], i);
                v[i] = v[i] * mu - g * lr;                                // v' = v·μ − g·η
                w[i] = nesterov ? w[i] + (v[i] * mu - g * lr)             // w' = w + (v'·μ − g·η)
                        : w[i] + v[i];                                    // w' = w + v'
                StepLoop.State s = trace.get(t - 1);
                Expect.same(w[i], s.param(0, i), "w[" + i + "] after step " + t);
                Expect.same(v[i], s.slot(0, "velocity").flat(i), "v[" + i + "] after step " + t);
            }
        }
    }

    @Test
    void convergesOnLeastSquares() {
        StepLoop.State end = Problems.leastSquaresRun(Momentum.defaults(), 1000);
        assertTrue(Problems.distance(end, Problems.LS_SOLUTION) < 1e-9, () -> "ended at " + end.params());
    }

    @Test
    void convergesOnRosenbrock() {
        StepLoop.State end = Problems.rosenbrockRun(Momentum.defaults().withLearningRate(0.001), 5000);
        assertTrue(Problems.distance(end, 1, 1) < 1e-4, () -> "ended at " + end.params());
    }

    @Test
    void rejectsInvalidHyperparameters() {
        Expect.rejects("Momentum: momentum must be in [0, 1), got 1.0", () -> Momentum.defaults().withMomentum(1.0));
        Expect.rejects("Momentum: momentum must be in [0, 1), got -0.1", () -> Momentum.defaults().withMomentum(-0.1));
        Expect.rejects("Momentum: momentum must be in [0, 1), got NaN",
                () -> Momentum.defaults().withMomentum(Double.NaN));
        Expect.rejects("Momentum: learningRate must be non-negative and finite, got -0.01",
                () -> Momentum.defaults().withLearningRate(-0.01));
    }

    @Test
    void nesterovDiffersFromHeavyBallMomentumFromTheFirstStep() {
        // w' − w is v'·μ − g·η = −(1 + μ)·g·η at t = 1 for Nesterov, and v' = −g·η for heavy-ball momentum
        double nesterov = Problems.quadraticTrace(NESTEROV, 1).get(0).param(0, 0);
        double heavyBall = Problems.quadraticTrace(Momentum.defaults(), 1).get(0).param(0, 0);
        double g = Problems.quadraticGrad(Problems.W0[0], 0);
        Expect.near(Problems.W0[0] - 1.9 * g * 0.01, nesterov, 1e-15, "Nesterov's first step");
        Expect.near(Problems.W0[0] - g * 0.01, heavyBall, 1e-15, "momentum's first step");
    }

    @Test
    void nesterovConvergesOnLeastSquares() {
        StepLoop.State end = Problems.leastSquaresRun(NESTEROV, 500);
        assertTrue(Problems.distance(end, Problems.LS_SOLUTION) < 1e-9, () -> "ended at " + end.params());
    }

    @Test
    void nesterovConvergesOnRosenbrock() {
        StepLoop.State end = Problems.rosenbrockRun(NESTEROV.withLearningRate(0.001), 5000);
        assertTrue(Problems.distance(end, 1, 1) < 1e-4, () -> "ended at " + end.params());
    }

    @Test
    void nesterovRejectsInvalidHyperparameters() {
        Expect.rejects("Momentum: momentum must be in [0, 1), got 1.5", () -> NESTEROV.withMomentum(1.5));
        Expect.rejects("Momentum: learningRate must be non-negative and finite, got Infinity",
                () -> NESTEROV.withLearningRate(Double.POSITIVE_INFINITY));
    }
}
