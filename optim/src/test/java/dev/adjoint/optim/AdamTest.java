package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {

    @Test
    void defaultsAreKeras() {
        assertEquals(new Adam(Schedule.constant(0.001), 0.9, 0.999, 1e-7, false), Adam.defaults());
        assertEquals(List.of("m", "v"), Adam.defaults().slots());
        assertEquals(List.of("m", "v", "vHat"), Adam.defaults().withAmsgrad(true).slots());
    }

    @Test
    void withCopiesChangeOneHyperparameter() {
        Adam adam = Adam.defaults().withBeta1(0.8);
        assertEquals(new Adam(Schedule.constant(0.001), 0.8, 0.999, 1e-7, false), adam);
        assertEquals(new Adam(Schedule.constant(0.001), 0.8, 0.99, 1e-7, false), adam.withBeta2(0.99));
        assertEquals(new Adam(Schedule.constant(0.001), 0.8, 0.999, 1e-3, false), adam.withEpsilon(1e-3));
        assertEquals(new Adam(Schedule.constant(0.1), 0.8, 0.999, 1e-7, false), adam.withLearningRate(0.1));
    }

    @Test
    void threeStepsMatchTheEquations() {
        checkThreeSteps(false);
    }

    @Test
    void threeStepsWithAmsgradMatchTheEquations() {
        checkThreeSteps(true);
    }

    private static void checkThreeSteps(boolean amsgrad) {
        double lr = 0.1;
        double beta1 = 0.8;
        double beta2 = 0.95;
        double eps = 1e-3;
        Adam adam = Adam.defaults().withLearningRate(lr).withBeta1(beta1).withBeta2(beta2).withEpsilon(eps)
                .withAmsgrad(amsgrad);
        List<StepLoop.State> trace = Problems.quadraticTrace(adam, 3);
        double[] w = Problems.W0.clone();
        double[] m = {0, 0};
        double[] v = {0, 0};
        double[] vHat = {0, 0};
        for (int t = 1; t <= 3; t++) {
            double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            for (int i = 0; i < 2; i++) {
                double g = Problems.quadraticGrad(w[i], i);
                m[i] = m[i] * beta1 + g * (1 - beta1);                    // m' = β₁ m + (1 − β₁) g
                v[i] = v[i] * beta2 + g * (1 - beta2) * g;                // v' = β₂ v + ((1 − β₂) g) g
                vHat[i] = Math.max(vHat[i], v[i]);
                double denominatorMoment = amsgrad ? vHat[i] : v[i];
                w[i] = w[i] - m[i] * alpha / (Math.sqrt(denominatorMoment) + eps);
                StepLoop.State state = trace.get(t - 1);
                Expect.same(w[i], trace.get(t - 1).param(0, i), "w[" + i + "] after step " + t);
                Expect.same(m[i], state.slot(0, "m").flat(i), "m[" + i + "] after step " + t);
                Expect.same(v[i], state.slot(0, "v").flat(i), "v[" + i + "] after step " + t);
                if (amsgrad) {
                    Expect.same(vHat[i], state.slot(0, "vHat").flat(i), "vHat[" + i + "] after step " + t);
                }
            }
        }
    }

    @Test
    void theFirstStepHasTheSizeOfTheLearningRate() {
        // bias correction: at t = 1, m' = (1 − β₁) g and v' = (1 − β₂) g², so the step is η·g/|g| up to ε
        double step = Problems.quadraticTrace(Adam.defaults(), 1).get(0).param(0, 1) - Problems.W0[1];
        Expect.near(-0.001, step, 1e-9, "first step of w[1], whose gradient is positive");
    }

    @Test
    void convergesOnLeastSquares() {
        StepLoop.State end = Problems.leastSquaresRun(Adam.defaults().withLearningRate(0.05), 1000);
        assertTrue(Problems.distance(end, Problems.LS_SOLUTION) < 1e-9, () -> "ended at " + end.params());
    }

    @Test
    void convergesOnRosenbrock() {
        StepLoop.State end = Problems.rosenbrockRun(Adam.defaults().withLearningRate(0.05), 3000);
        assertTrue(Problems.distance(end, 1, 1) < 1e-4, () -> "ended at " + end.params());
    }

    @Test
    void rejectsInvalidHyperparameters() {
        Expect.rejects("Adam: beta1 must be in [0, 1), got 1.5", () -> Adam.defaults().withBeta1(1.5));
        Expect.rejects("Adam: beta2 must be in [0, 1), got 1.0", () -> Adam.defaults().withBeta2(1.0));
        Expect.rejects("Adam: beta1 must be in [0, 1), got -0.1", () -> Adam.defaults().withBeta1(-0.1));
        Expect.rejects("Adam: epsilon must be positive and finite, got 0.0", () -> Adam.defaults().withEpsilon(0));
        Expect.rejects("Adam: learningRate must be non-negative and finite, got NaN",
                () -> Adam.defaults().withLearningRate(Double.NaN));
        Expect.rejects("Adam: learningRate must be non-negative and finite, got -0.001",
                () -> Adam.defaults().withLearningRate(-0.001));
    }
}
