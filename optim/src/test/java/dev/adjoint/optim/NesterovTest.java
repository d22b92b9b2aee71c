package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NesterovTest {

    @Test
    void defaultsAreKerasSgdWithTheDocumentedMomentum() {
        assertEquals(new Nesterov(Schedule.constant(0.01), 0.9), Nesterov.defaults());
        assertEquals(List.of("velocity"), Nesterov.defaults().stateNames());
    }

    @Test
    void threeStepsMatchTheEquations() {
        double lr = 0.05;
        double mu = 0.8;
        List<StepLoop.State> trace = Problems.quadraticTrace(
                Nesterov.defaults().withLearningRate(lr).withMomentum(mu), 3);
        double[] w = Problems.W0.clone();
        double[] v = {0, 0};
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 2; i++) {
                double g = Problems.quadraticGrad(w[i], i);
                v[i] = v[i] * mu - g * lr;                                // v' = v·μ − g·η
                w[i] = w[i] + (v[i] * mu - g * lr);                       // w' = w + (v'·μ − g·η)
                StepLoop.State s = trace.get(t - 1);
                Expect.same(w[i], s.param(0, i), "w[" + i + "] after step " + t);
                Expect.same(v[i], s.slots().get(0).get(0).flat(i), "v[" + i + "] after step " + t);
            }
        }
    }

    @Test
    void differsFromHeavyBallMomentumFromTheFirstStep() {
        // w' − w is v'·μ − g·η = −(1 + μ)·g·η at t = 1 for Nesterov, and v' = −g·η for heavy-ball momentum
        double nesterov = Problems.quadraticTrace(Nesterov.defaults(), 1).get(0).param(0, 0);
        double heavyBall = Problems.quadraticTrace(Momentum.defaults(), 1).get(0).param(0, 0);
        double g = Problems.quadraticGrad(Problems.W0[0], 0);
        Expect.near(Problems.W0[0] - 1.9 * g * 0.01, nesterov, 1e-15, "Nesterov's first step");
        Expect.near(Problems.W0[0] - g * 0.01, heavyBall, 1e-15, "momentum's first step");
    }

    @Test
    void convergesOnLeastSquares() {
        StepLoop.State end = Problems.leastSquaresRun(Nesterov.defaults(), 500);
        assertTrue(Problems.distance(end, Problems.LS_SOLUTION) < 1e-9, () -> "ended at " + end.params());
    }

    @Test
    void convergesOnRosenbrock() {
        StepLoop.State end = Problems.rosenbrockRun(Nesterov.defaults().withLearningRate(0.001), 5000);
        assertTrue(Problems.distance(end, 1, 1) < 1e-4, () -> "ended at " + end.params());
    }

    @Test
    void rejectsInvalidHyperparameters() {
        Expect.rejects("Nesterov: momentum must be in [0, 1), got 1.5", () -> Nesterov.defaults().withMomentum(1.5));
        Expect.rejects("Nesterov: learningRate must be positive and finite, got Infinity",
                () -> Nesterov.defaults().withLearningRate(Double.POSITIVE_INFINITY));
    }
}
