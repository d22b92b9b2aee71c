package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MomentumTest {

    @Test
    void defaultsAreKerasSgdWithTheDocumentedMomentum() {
        assertEquals(new Momentum(Schedule.constant(0.01), 0.9), Momentum.defaults());
        assertEquals(List.of("velocity"), Momentum.defaults().stateNames());
    }

    @Test
    void threeStepsMatchTheEquations() {
        double lr = 0.05;
        double mu = 0.8;
        List<StepLoop.State> trace = Problems.quadraticTrace(
                Momentum.defaults().withLearningRate(lr).withMomentum(mu), 3);
        double[] w = Problems.W0.clone();
        double[] v = {0, 0};
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 2; i++) {
                double g = Problems.quadraticGrad(w[i], i);
                v[i] = v[i] * mu - g * lr;                                // v' = v·μ − g·η
                w[i] = w[i] + v[i];                                       // w' = w + v'
                StepLoop.State s = trace.get(t - 1);
                Expect.same(w[i], s.param(0, i), "w[" + i + "] after step " + t);
                Expect.same(v[i], s.slots().get(0).get(0).flat(i), "v[" + i + "] after step " + t);
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
        Expect.rejects("Momentum: learningRate must be positive and finite, got -0.01",
                () -> Momentum.defaults().withLearningRate(-0.01));
    }
}
