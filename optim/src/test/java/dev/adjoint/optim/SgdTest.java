package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SgdTest {

    @Test
    void defaultsAreKeras() {
        assertEquals(new Sgd(Schedule.constant(0.01)), Sgd.defaults());
        assertEquals(List.of(), Sgd.defaults().slots());
    }

    @Test
    void threeStepsMatchTheEquations() {
        double lr = 0.05;
        List<StepLoop.State> trace = Problems.quadraticTrace(Sgd.defaults().withLearningRate(lr), 3);
        double[] w = Problems.W0.clone();
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 2; i++) {
                double g = Problems.quadraticGrad(w[i], i);
                w[i] = w[i] - g * lr;                                     // w' = w − g·η
                Expect.same(w[i], trace.get(t - 1).param(0, i), "w[" + i + "] after step " + t);
            }
        }
    }

    @Test
    void theScheduleIsEvaluatedAtEachStep() {
        double[] rates = {0.1, 0.05, 0.025};                              // step decay: halve after every update
        List<StepLoop.State> trace = Problems.quadraticTrace(new Sgd(Schedule.stepDecay(0.1, 1, 0.5)), 3);
        double[] w = Problems.W0.clone();
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 2; i++) {
                w[i] = w[i] - Problems.quadraticGrad(w[i], i) * rates[t - 1];
                Expect.same(w[i], trace.get(t - 1).param(0, i), "w[" + i + "] after step " + t);
            }
        }
    }

    @Test
    void convergesOnLeastSquares() {
        // the Hessian 2AᵀA has eigenvalues ≈ 27.7 and 4.3: gradient descent is stable for η < 2 / 27.7
        StepLoop.State end = Problems.leastSquaresRun(Sgd.defaults().withLearningRate(0.03), 500);
        assertTrue(Problems.distance(end, Problems.LS_SOLUTION) < 1e-9, () -> "ended at " + end.params());
    }

    @Test
    void aLearningRateOfZeroLeavesTheParametersWhereTheyAre() {
        StepLoop.State end = Problems.leastSquaresRun(Sgd.defaults().withLearningRate(0.0), 3);
        assertEquals(0.0, end.param(0, 0));
        assertEquals(0.0, end.param(0, 1));
        StepLoop.State adam = Problems.leastSquaresRun(Adam.defaults().withLearningRate(0.0), 3);
        assertEquals(0.0, adam.param(0, 0));
        assertEquals(0.0, adam.param(0, 1));
    }

    @Test
    void rejectsInvalidHyperparameters() {
        Expect.rejects("SGD: learningRate must be non-negative and finite, got -0.5",
                () -> Sgd.defaults().withLearningRate(-0.5));
        Expect.rejects("SGD: learningRate must be non-negative and finite, got NaN",
                () -> Sgd.defaults().withLearningRate(Double.NaN));
        Expect.rejects("Constant: learningRate must be non-negative and finite, got -1.0",
                () -> new Sgd(Schedule.constant(-1.0)));
    }
}
