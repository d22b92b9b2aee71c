package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Float32 running reductions accumulate in double and round each output once: every output of a float32 cumsum is
 * the exact running sum rounded to float32 (the double sum of these values is exact: integers below 2^53), where
 * a sum rounded to float32 at every step drifted (0.9 % over 10^6 values near 1000, as PyTorch, which accumulates a
 * float32 cumsum in double, does not).
 */
class RunningSumAccumulationTest {

    @Test
    void aFloat32RunningSumIsTheExactSumRoundedOnce() {
        int n = 1_000_000;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = 1000 + (i * 7919L) % 13; // integers: every running sum is exact in double
        }
        Tensor x = Tensor.of(DType.FLOAT32, Shape.of(n), values);
        double[] y = CumulativeKernels.scan(x, 0, CumulativeKernels.Scan.SUM).toDoubleArray();
        double exact = 0;
        for (int i = 0; i < n; i++) {
            exact += values[i];
            assertEquals((float) exact, y[i], 0.0, "output " + i);
        }
    }

    @Test
    void aFloat32RunningProductIsTheDoubleProductRoundedOnce() {
        // 1e30 * 1e30 overflows float32 but not double: the next factor brings it back into range
        Tensor x = Tensor.of(DType.FLOAT32, Shape.of(3), 1e30, 1e30, 1e-30);
        double[] y = CumulativeKernels.scan(x, 0, CumulativeKernels.Scan.PROD).toDoubleArray();
        double a = (float) 1e30;
        double b = (float) 1e-30;
        assertEquals(Float.POSITIVE_INFINITY, y[1]);
        assertEquals((float) (a * a * b), y[2], 0.0);
    }
}
