package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Products with a held operand B ({@link HeldOperands}: its packed copy kept and reused) give the bits of the
 * same products without the hold, for both dtypes, B plain and transposed, on shapes with edge tiles and
 * several k-slices and column blocks, and narrow ones; releasing the hold drops the copies.
 */
class HeldOperandsTest {

    @Test
    void productsWithAHeldOperandGiveTheSameBitsAndReleasingDropsTheCopies() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 28; trial++) {
            DType dtype = trial % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
            boolean transB = trial % 4 >= 2;
            // the last four: a C narrower than a tile (a 10-class head), which the GEMM may compute transposed
            int m = trial < 24 ? 1 + random.nextInt(70) : 60;
            int n = trial < 24 ? 1 + random.nextInt(trial < 20 ? 200 : 1300) : 10;
            int k = trial < 24 ? 1 + random.nextInt(trial < 20 ? 100 : 600) : 37;
            Tensor a = Tensor.uniform(Key.of(trial), dtype, Shape.of(m, k), -1, 1);
            Tensor b = Tensor.uniform(Key.of(100 + trial), dtype, transB ? Shape.of(n, k) : Shape.of(k, n), -1, 1);
            Object plain = product(dtype, transB, m, n, k, a, b);
            try (HeldOperands.Hold hold = HeldOperands.hold(List.of(b))) {
                for (int use = 0; use < 2; use++) {
                    Object held = product(dtype, transB, m, n, k, a, b);
                    if (dtype == DType.FLOAT32) {
                        assertArrayEquals((float[]) plain, (float[]) held, "float32 " + m + "x" + n + "x" + k);
                    } else {
                        assertArrayEquals((double[]) plain, (double[]) held, "float64 " + m + "x" + n + "x" + k);
                    }
                }
                assertTrue(!Kernels.vectorized() || HeldOperands.copies() > 0, "no packed copy was kept");
            }
            assertEquals(0, HeldOperands.copies(), "the copies outlived the hold");
        }
    }

    private static Object product(DType dtype, boolean transB, int m, int n, int k, Tensor a, Tensor b) {
        if (dtype == DType.FLOAT32) {
            float[] c = new float[m * n];
            Kernels.GEMM.gemm(false, transB, m, n, k, TensorInternals.floats(a), 0, TensorInternals.floats(b), 0, c,
                    0);
            return c;
        }
        double[] c = new double[m * n];
        Kernels.GEMM.gemm(false, transB, m, n, k, TensorInternals.doubles(a), 0, TensorInternals.doubles(b), 0, c, 0);
        return c;
    }
}
