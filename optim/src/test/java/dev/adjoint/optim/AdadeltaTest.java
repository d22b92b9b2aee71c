package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdadeltaTest {

    @Test
    void defaultsAreKeras() {
        assertEquals(new Adadelta(Schedule.constant(0.001), 0.95, 1e-7), Adadelta.defaults());
        assertEquals(List.of("meanSquareGrad", "meanSquareDelta"), Adadelta.defaults().slots());
    }

    @Test
    void threeStepsMatchTheEquations() {
        double lr = 1.0;
        double rho = 0.9;
        double eps = 1e-2;
        List<StepLoop.State> trace = Problems.quadraticTrace(
                Adadelta.defaults().withLearningRate(lr).withRho(rho).withEpsilon(eps), 3);
        double[] w = Problems.W0.clone();
        double[] eg = {0, 0};
        double[] ex = {0, 0};
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 2; i++) {
                double g = Problems.quadraticGrad(w[i], i);
                eg[i] = eg[i] * rho + g * (1 - rho) * g;                  // E[g²]' = ρ E[g²] + ((1 − ρ) g) g
                double delta = -(Math.sqrt(ex[i] + eps) * g / Math.sqrt(eg[i] + eps));
                ex[i] = ex[i] * rho + delta * (1 - rho) * delta;          // E[Δ²]' = ρ E[Δ²] + ((1 − ρ) Δ) Δ
                w[i] = w[i] + lr * delta;                                 // w' = w + η Δ
                StepLoop.State s = trace.get(t - 1);
                Expect.same(w[i], s.param(0, i), "w[" + i + "] after step " + t);
                Expect.same(eg[i], s.slot(0, "meanSquareGrad").flat(i), "E[g²][" + i + "] after step " + t);
                Expect.same(ex[i], s.slot(0, "meanSquareDelta").flat(i), "E[Δ²][" + i + "] after step " + t);
            }
        }
    }

    @Test
    void convergesOnLeastSquares() {
        // Near the optimum E[Δ²] and E[g²] both vanish, the ratio √(E[Δ²] + ε) / √(E[g²] + ε) tends to 1 and
        // Adadelta becomes gradient descent with step η: it must be below 2 / 27.7 (the Hessian's largest
        // eigenvalue), so the paper's η = 1 oscillates here. ε = 1e-4 shortens the slow start (first steps ~ √ε).
        Adadelta adadelta = Adadelta.defaults().withLearningRate(0.05).withEpsilon(1e-4);
        StepLoop.State end = Problems.leastSquaresRun(adadelta, 2000);
        assertTrue(Problems.distance(end, Problems.LS_SOLUTION) < 1e-9, () -> "ended at " + end.params());
    }

    @Test
    void rejectsInvalidHyperparameters() {
        Expect.rejects("Adadelta: rho must be in [0, 1), got 1.0", () -> Adadelta.defaults().withRho(1.0));
        Expect.rejects("Adadelta: epsilon must be positive and finite, got -1.0E-7",
                () -> Adadelta.defaults().withEpsilon(-1e-7));
    }
}
