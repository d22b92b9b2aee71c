package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdagradTest {

    @Test
    void defaultsAreKeras() {
        assertEquals(new Adagrad(Schedule.constant(0.001), 0.1, 1e-7), Adagrad.defaults());
        assertEquals(List.of("accumulator"), Adagrad.defaults().slots());
    }

    @Test
    void theAccumulatorStartsAtItsInitialValue() {
        Tensor a = Adagrad.defaults().init(Tensor.zeros(DType.FLOAT64, Shape.of(2, 3))).get("accumulator");
        assertTrue(a.sameValues(Tensor.full(DType.FLOAT64, Shape.of(2, 3), 0.1)));
    }

    @Test
    void threeStepsMatchTheEquations() {
        double lr = 0.2;
        double eps = 1e-3;
        double a0 = 0.5;
        List<StepLoop.State> trace = Problems.quadraticTrace(
                Adagrad.defaults().withLearningRate(lr).withEpsilon(eps).withInitialAccumulatorValue(a0), 3);
        double[] w = Problems.W0.clone();
        double[] a = {a0, a0};
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 2; i++) {
                double g = Problems.quadraticGrad(w[i], i);
                a[i] = a[i] + g * g;                                      // a' = a + g²
                w[i] = w[i] - (lr * g) / Math.sqrt(a[i] + eps);           // w' = w − η·g / √(a' + ε)
                StepLoop.State s = trace.get(t - 1);
                Expect.same(w[i], s.param(0, i), "w[" + i + "] after step " + t);
                Expect.same(a[i], s.slot(0, "accumulator").flat(i), "a[" + i + "] after step " + t);
            }
        }
    }

    @Test
    void convergesOnLeastSquares() {
        StepLoop.State end = Problems.leastSquaresRun(Adagrad.defaults().withLearningRate(0.5), 500);
        assertTrue(Problems.distance(end, Problems.LS_SOLUTION) < 1e-9, () -> "ended at " + end.params());
    }

    @Test
    void rejectsInvalidHyperparameters() {
        Expect.rejects("Adagrad: initialAccumulatorValue must be non-negative and finite, got -0.1",
                () -> Adagrad.defaults().withInitialAccumulatorValue(-0.1));
        Expect.rejects("Adagrad: epsilon must be positive and finite, got 0.0",
                () -> Adagrad.defaults().withEpsilon(0.0));
        Expect.rejects("Adagrad: epsilon must be positive and finite, got NaN",
                () -> Adagrad.defaults().withEpsilon(Double.NaN));
    }
}
