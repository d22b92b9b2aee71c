package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Float32 parameters are updated in float32, with float32 constants, and track the float64 run. */
class Float32Test {

    static java.util.stream.Stream<Optimizer> optimizers() {
        return AllOptimizers.all();
    }

    private static List<StepLoop.State> quadraticTrace(Optimizer optimizer, DType dtype, int steps) {
        Tensor start = Tensor.of(dtype, Shape.of(2), Problems.W0);
        return StepLoop.trace(optimizer, p -> Problems.quadratic(p.get(0)), start, steps);
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void float32ParametersStayFloat32AndTrackFloat64(Optimizer optimizer) {
        List<StepLoop.State> f32 = quadraticTrace(optimizer, DType.FLOAT32, 3);
        List<StepLoop.State> f64 = quadraticTrace(optimizer, DType.FLOAT64, 3);
        for (int t = 0; t < 3; t++) {
            assertEquals(DType.FLOAT32, f32.get(t).params().get("w0").dtype());
            for (Tensor slot : f32.get(t).slots().values()) {
                assertEquals(DType.FLOAT32, slot.dtype());
            }
            for (int i = 0; i < 2; i++) {
                double expected = f64.get(t).param(0, i);
                Expect.near(expected, f32.get(t).param(0, i), 1e-5 * Math.max(1, Math.abs(expected)),
                        optimizer.name() + " w[" + i + "] after step " + (t + 1));
            }
        }
    }

    @Test
    void adamInFloat32MatchesTheEquationsInFloatArithmetic() {
        // every graph op rounds its exact (or double) result to float once, as Java's float arithmetic does
        float lr = 0.1f;
        float beta1 = 0.8f;
        float beta2 = 0.95f;
        float eps = 1e-3f;
        Adam adam = Adam.defaults().withLearningRate(0.1).withBeta1(0.8).withBeta2(0.95).withEpsilon(1e-3);
        List<StepLoop.State> trace = quadraticTrace(adam, DType.FLOAT32, 3);
        float[] w = {(float) Problems.W0[0], (float) Problems.W0[1]};
        float[] c = {(float) Problems.C[0], (float) Problems.C[1]};
        float[] a = {(float) Problems.A[0], (float) Problems.A[1]};
        float[] m = {0, 0};
        float[] v = {0, 0};
        for (int t = 1; t <= 3; t++) {
            float beta1Power = (float) Math.pow(beta1, t);
            float beta2Power = (float) Math.pow(beta2, t);
            float alpha = lr * (float) Math.sqrt(1 - beta2Power) / (1 - beta1Power);
            for (int i = 0; i < 2; i++) {
                float d = w[i] - a[i];
                float g = c[i] * d + c[i] * d;                            // the VJP of c·d² sums two products
                m[i] = m[i] * (float) 0.8 + g * (float) (1 - 0.8);
                v[i] = v[i] * (float) 0.95 + g * (float) (1 - 0.95) * g;
                w[i] = w[i] - m[i] * alpha / ((float) Math.sqrt(v[i]) + eps);
                assertEquals(w[i], (float) trace.get(t - 1).param(0, i), "w[" + i + "] after step " + t);
                assertEquals(m[i], (float) trace.get(t - 1).slot(0, "m").flat(i), "m[" + i + "]");
                assertEquals(v[i], (float) trace.get(t - 1).slot(0, "v").flat(i), "v[" + i + "]");
            }
        }
    }

    /** One step on {@code L(w) = g·Σw} in float32, whose gradient is {@code g} in every element. */
    private static StepLoop.State adamStepWithGradient(Optimizer optimizer, double g) {
        Tensor start = Tensor.of(DType.FLOAT32, Shape.of(2), 1, -1);
        return StepLoop.trace(optimizer, p -> p.get(0).mul(g).sum(), start, 1).get(0);
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void stateAndWeightsStayFiniteWhereTheirValuesAreFinite(Optimizer optimizer) {
        // g = 3e19: g² = 9e38 overflows float32, but a running mean (1 − ρ)·g² + ρ·s is at most 9e37 (ρ >= 0.9):
        // every moment is computed as ((1 − ρ)·g)·g, which never holds g² alone. Adagrad's accumulator
        // a + g² is 9e38 itself, above the largest float, so it alone is +inf (and its step √(a + ε) → 0).
        StepLoop.State s = adamStepWithGradient(optimizer, 3e19);
        for (var slot : s.slots().entrySet()) {
            for (int i = 0; i < 2; i++) {
                float value = (float) slot.getValue().flat(i);
                if (optimizer instanceof Adagrad) {
                    assertEquals(Float.POSITIVE_INFINITY, value, slot.getKey());
                } else {
                    assertTrue(Float.isFinite(value), optimizer.name() + " " + slot.getKey() + " = " + value);
                }
            }
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(Float.isFinite((float) s.param(0, i)), optimizer.name() + " w[" + i + "]");
        }
    }

    @Test
    void adamSecondMomentOverflowsOnlyWhenItsTrueValueDoes() {
        Adam adam = Adam.defaults();
        float g = 3e20f;
        float v = 0f * (float) 0.999 + g * (float) (1 - 0.999) * g;   // ((1 − β₂)·g)·g, 9e37
        assertTrue(Float.isFinite(v));
        assertTrue(Float.isInfinite(g * g), "Keras's form squares g first");
        assertEquals(v, (float) adamStepWithGradient(adam, 3e20).slot(0, "v").flat(0));
        // g = 3e21: v' = (1 − β₂)·g² = 9e39 is above the largest float, so it is +inf whatever the form
        assertEquals(Float.POSITIVE_INFINITY, (float) adamStepWithGradient(adam, 3e21).slot(0, "v").flat(0));
    }
}
