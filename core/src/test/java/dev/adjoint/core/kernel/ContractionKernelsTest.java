package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The contraction kernel reads an operand stored in a GEMM layout ({@code (batch, free, contracted)}, or
 * {@code (batch, contracted, free)} as a transposed operand) in place, copies only an operand whose axes are
 * interleaved otherwise, and computes the same values either way.
 */
class ContractionKernelsTest {

    private static final int[] NONE = {};

    @Test
    void operandsInAGemmLayoutAreReadInPlaceTransposedOrNot() {
        // Aᵀ·B: A stored [K, M], B [K, N]
        ContractionKernels.Layout aTransposed = ContractionKernels.Layout.of(2, 2, true, NONE, NONE, new int[] {0},
                new int[] {0});
        assertTrue(aTransposed.aInPlace() && aTransposed.transA() && aTransposed.bInPlace() && !aTransposed.transB());
        // A·Bᵀ: A [M, K], B stored [N, K]
        ContractionKernels.Layout bTransposed = ContractionKernels.Layout.of(2, 2, true, NONE, NONE, new int[] {1},
                new int[] {1});
        assertTrue(bTransposed.aInPlace() && !bTransposed.transA() && bTransposed.bInPlace() && bTransposed.transB());
        // the weight gradient of x·W for x [B, m, k]: xᵀ·yBar over (B, m), one transposed GEMM with no copy
        ContractionKernels.Layout weightGradient = ContractionKernels.Layout.of(3, 3, true, NONE, NONE,
                new int[] {0, 1}, new int[] {0, 1});
        assertTrue(weightGradient.aInPlace() && weightGradient.transA() && weightGradient.bInPlace());
        // batched, contracted pairs listed in another order than stored: still in place
        ContractionKernels.Layout batched = ContractionKernels.Layout.of(4, 4, true, new int[] {0}, new int[] {0},
                new int[] {3, 2}, new int[] {2, 1});
        assertTrue(batched.aInPlace() && !batched.transA() && batched.bInPlace() && !batched.transB());
    }

    @Test
    void anInterleavedOperandIsCopiedInTheGemmLayoutWithTheSameValues() {
        int m = 5;
        int k = 6;
        int n = 3;
        // A [2, M, K/2] contracted over axes 0 and 2: its free axis sits between them
        ContractionKernels.Layout layout = ContractionKernels.Layout.of(3, 3, true, NONE, NONE, new int[] {0, 2},
                new int[] {0, 1});
        assertFalse(layout.aInPlace());
        assertArrayEquals(new int[] {1, 0, 2}, layout.aOrder());
        assertTrue(layout.bInPlace());
        Tensor a = Tensor.uniform(Key.of(1), DType.FLOAT64, Shape.of(2, m, k / 2), -1, 1);
        Tensor b = Tensor.uniform(Key.of(2), DType.FLOAT64, Shape.of(2, k / 2, n), -1, 1);
        Tensor c = ContractionKernels.contract(a, b, NONE, NONE, new int[] {0, 2}, new int[] {0, 1}, Shape.of(m, n));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < 2; p++) {
                    for (int q = 0; q < k / 2; q++) {
                        s += a.get(p, i, q) * b.get(p, q, j);
                    }
                }
                assertEquals(s, c.get(i, j), 1e-14, "element " + i + ", " + j);
            }
        }
    }
}
