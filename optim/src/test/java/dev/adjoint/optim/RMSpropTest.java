package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RMSpropTest {

    @Test
    void defaultsAreKeras() {
        assertEquals(new RMSprop(Schedule.constant(0.001), 0.9, 0.0, 1e-7, false), RMSprop.defaults());
        assertEquals(List.of("meanSquare"), RMSprop.defaults().slots());
    }

    @Test
    void stateSlotsFollowMomentumAndCentering() {
        assertEquals(List.of("meanSquare", "momentum"), RMSprop.defaults().withMomentum(0.5).slots());
        assertEquals(List.of("meanSquare", "meanGradient"), RMSprop.defaults().withCentered(true).slots());
        assertEquals(List.of("meanSquare", "momentum", "meanGradient"),
                RMSprop.defaults().withMomentum(0.5).withCentered(true).slots());
    }

    @Test
    void threeStepsMatchTheEquations() {
        checkThreeSteps(0.0, false);
    }

    @Test
    void threeStepsWithMomentumMatchTheEquations() {
        checkThreeSteps(0.7, false);
    }

    @Test
    void threeStepsCenteredMatchTheEquations() {
        checkThreeSteps(0.0, true);
    }

    @Test
    void threeStepsCenteredWithMomentumMatchTheEquations() {
        checkThreeSteps(0.7, true);
    }

    private static void checkThreeSteps(double mu, boolean centered) {
        double lr = 0.1;
        double rho = 0.8;
        double eps = 1e-3;
        RMSprop rmsprop = RMSprop.defaults().withLearningRate(lr).withRho(rho).withEpsilon(eps).withMomentum(mu)
                .withCentered(centered);
        List<StepLoop.State> trace = Problems.quadraticTrace(rmsprop, 3);
        double[] w = Problems.W0.clone();
        double[] ms = {0, 0};
        double[] mg = {0, 0};
        double[] m = {0, 0};
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 2; i++) {
                double g = Problems.quadraticGrad(w[i], i);
                ms[i] = ms[i] * rho + g * (1 - rho) * g;                  // E[g²]' = ρ E[g²] + ((1 − ρ) g) g
                double denominator;
                if (centered) {
                    mg[i] = mg[i] * rho + g * (1 - rho);                  // E[g]' = ρ E[g] + (1 − ρ) g
                    denominator = ms[i] - mg[i] * mg[i] + eps;
                } else {
                    denominator = ms[i] + eps;
                }
                double increment = lr * g / Math.sqrt(denominator);       // Δ = η g / √d
                if (mu > 0) {
                    m[i] = m[i] * mu + increment;                         // m' = μ m + Δ
                    w[i] = w[i] - m[i];
                } else {
                    w[i] = w[i] - increment;
                }
                StepLoop.State s = trace.get(t - 1);
                Expect.same(w[i], s.param(0, i), "w[" + i + "] after step " + t);
                Expect.same(ms[i], s.slot(0, "meanSquare").flat(i), "E[g²] after step " + t);
                if (mu > 0) {
                    Expect.same(m[i], s.slot(0, "momentum").flat(i), "m after step " + t);
                }
                if (centered) {
                    Expect.same(mg[i], s.slot(0, "meanGradient").flat(i), "E[g] after step " + t);
                }
            }
        }
    }

    @Test
    void convergesOnLeastSquaresWithADecayingRate() {
        // with a constant rate RMSprop's normalized steps keep a limit cycle of size ~η around the optimum;
        // a cosine decay to 0 lets it settle
        RMSprop rmsprop = RMSprop.defaults().withLearningRate(Schedule.cosineDecay(0.01, 1000, 0.0));
        StepLoop.State end = Problems.leastSquaresRun(rmsprop, 1000);
        assertTrue(Problems.distance(end, Problems.LS_SOLUTION) < 1e-9, () -> "ended at " + end.params());
    }

    @Test
    void convergesOnRosenbrock() {
        RMSprop rmsprop = RMSprop.defaults().withMomentum(0.9)
                .withLearningRate(Schedule.exponentialDecay(0.001, 3000, 0.1, false));
        StepLoop.State end = Problems.rosenbrockRun(rmsprop, 6000);
        assertTrue(Problems.distance(end, 1, 1) < 1e-4, () -> "ended at " + end.params());
    }

    @Test
    void rejectsInvalidHyperparameters() {
        Expect.rejects("RMSprop: rho must be in [0, 1), got 1.2", () -> RMSprop.defaults().withRho(1.2));
        Expect.rejects("RMSprop: momentum must be in [0, 1), got -0.5", () -> RMSprop.defaults().withMomentum(-0.5));
        Expect.rejects("RMSprop: epsilon must be positive and finite, got 0.0",
                () -> RMSprop.defaults().withEpsilon(0.0));
    }
}
