package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamWTest {

    @Test
    void defaultsAreKeras() {
        assertEquals(new AdamW(Schedule.constant(0.001), 0.004, 0.9, 0.999, 1e-7, false), AdamW.defaults());
        assertEquals(List.of("m", "v"), AdamW.defaults().slots());
    }

    @Test
    void threeStepsMatchTheEquations() {
        double lr = 0.1;
        double lambda = 0.3;
        double beta1 = 0.8;
        double beta2 = 0.95;
        double eps = 1e-3;
        AdamW adamw = AdamW.defaults().withLearningRate(lr).withWeightDecay(lambda).withBeta1(beta1)
                .withBeta2(beta2).withEpsilon(eps);
        List<StepLoop.State> trace = Problems.quadraticTrace(adamw, 3);
        double[] w = Problems.W0.clone();
        double[] m = {0, 0};
        double[] v = {0, 0};
        for (int t = 1; t <= 3; t++) {
            double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            for (int i = 0; i < 2; i++) {
                double g = Problems.quadraticGrad(w[i], i);               // the gradient at w, before the decay
                double decayed = w[i] - w[i] * lambda * lr;               // w̃ = w − w·λ·η
                m[i] = m[i] * beta1 + g * (1 - beta1);
                v[i] = v[i] * beta2 + g * (1 - beta2) * g;
                w[i] = decayed - m[i] * alpha / (Math.sqrt(v[i]) + eps);  // w' = w̃ − m'·α / (√v' + ε)
                StepLoop.State state = trace.get(t - 1);
                Expect.same(w[i], trace.get(t - 1).param(0, i), "w[" + i + "] after step " + t);
                Expect.same(m[i], state.slot(0, "m").flat(i), "m[" + i + "] after step " + t);
                Expect.same(v[i], state.slot(0, "v").flat(i), "v[" + i + "] after step " + t);
            }
        }
    }

    @Test
    void withoutWeightDecayItIsAdamBitForBit() {
        AdamW adamw = AdamW.defaults().withLearningRate(0.05).withWeightDecay(0);
        Adam adam = Adam.defaults().withLearningRate(0.05);
        StepLoop.State a = Problems.leastSquaresRun(adamw, 50);
        StepLoop.State b = Problems.leastSquaresRun(adam, 50);
        assertTrue(a.params().get("w0").sameValues(b.params().get("w0")));
    }

    @Test
    void convergesNearTheLeastSquaresSolution() {
        // decoupled decay moves the fixed point by O(λ) = O(0.004) in the normalized step, so the iterate
        // settles within ~2e-4 of the unregularized solution rather than on it
        StepLoop.State end = Problems.leastSquaresRun(AdamW.defaults().withLearningRate(
                Schedule.cosineDecay(0.05, 3000, 0.0)), 3000);
        assertTrue(Problems.distance(end, Problems.LS_SOLUTION) < 1e-3, () -> "ended at " + end.params());
    }

    @Test
    void decayShrinksTheParameterWhenTheGradientIsZero() {
        // at the minimum of the quadratic, g = 0 keeps m = v = 0 and the step is the decay alone: w' = w(1 − λη)
        StepLoop.State end = StepLoop.run(AdamW.defaults().withLearningRate(0.1).withWeightDecay(0.5),
                p -> Problems.quadratic(p.get(0)), Tensor.vector(Problems.A), 1);
        Expect.same(Problems.A[1] - Problems.A[1] * 0.5 * 0.1, end.param(0, 1), "w[1]");
    }

    @Test
    void rejectsInvalidHyperparameters() {
        Expect.rejects("AdamW: weightDecay must be non-negative and finite, got -0.004",
                () -> AdamW.defaults().withWeightDecay(-0.004));
        Expect.rejects("AdamW: beta1 must be in [0, 1), got 1.5", () -> AdamW.defaults().withBeta1(1.5));
        Expect.rejects("AdamW: beta2 must be in [0, 1), got NaN", () -> AdamW.defaults().withBeta2(Double.NaN));
    }
}
