package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code op(A)·op(B) + b} in one kernel gives, element for element, the bits of the product followed by the
 * add, whether C is one block or computed in row blocks (C larger than {@link BiasedMatmulKernels#BLOCK_BYTES}),
 * for every operand layout, both float dtypes, and a bias {@code [n]} or {@code [1, n]}.
 */
class BiasedMatmulKernelsTest {

    /** Shapes {@code (batches, m, k, n)}: small (one block), and C of 1.5-3.6 MB (several row blocks). */
    private static final int[][] SHAPES = {{1, 7, 5, 3}, {3, 4, 9, 17}, {1, 900, 28, 512}, {28, 64, 28, 512},
        {5, 97, 300, 130}};

    @Test
    void theFusedBiasGivesTheBitsOfTheProductFollowedByTheAdd() {
        int seed = 0;
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (int[] s : SHAPES) {
                for (int layout = 0; layout < 4; layout++) {
                    boolean ta = (layout & 1) != 0;
                    boolean tb = (layout & 2) != 0;
                    int batches = s[0];
                    int m = s[1];
                    int k = s[2];
                    int n = s[3];
                    Shape as = ta ? Shape.of(k, m) : Shape.of(m, k);
                    if (batches > 1) {
                        as = Shape.of(batches, as.dim(0), as.dim(1));
                    }
                    Tensor a = Tensor.uniform(Key.of(++seed), dtype, as, -1, 1);
                    Tensor b = Tensor.uniform(Key.of(++seed), dtype, tb ? Shape.of(n, k) : Shape.of(k, n), -1, 1);
                    Tensor bias = Tensor.uniform(Key.of(++seed), dtype, seed % 2 == 0 ? Shape.of(n) : Shape.of(1, n),
                            -1, 1);
                    Shape out = batches > 1 ? Shape.of(batches, m, n) : Shape.of(m, n);
                    Tensor product = MatmulKernels.matmul(a, ta, b, tb, out);
                    Tensor fused = BiasedMatmulKernels.matmulBias(a, ta, b, tb, bias, out);
                    assertEquals(out, fused.shape());
                    String where = dtype.shortName() + " " + as + (ta ? "ᵀ" : "") + " · " + b.shape()
                            + (tb ? "ᵀ" : "") + " + " + bias.shape();
                    for (int i = 0; i < out.size(); i++) {
                        double expected = dtype == DType.FLOAT32
                                ? (float) product.flat(i) + (float) bias.flat(i % n)
                                : product.flat(i) + bias.flat(i % n);
                        if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(fused.flat(i))) {
                            throw new AssertionError(where + ": element " + i + " is " + fused.flat(i)
                                    + ", the product then the add give " + expected);
                        }
                    }
                }
            }
        }
    }

    /** The large shapes do take the blocked path: C exceeds the block size (else the test above checks less). */
    @Test
    void theLargeShapesAreComputedInSeveralBlocks() {
        long bytes = 28L * 64 * 512 * Float.BYTES;
        assertTrue(bytes > BiasedMatmulKernels.BLOCK_BYTES, bytes + " bytes");
        assertTrue(900L * 512 * Double.BYTES > 3 * BiasedMatmulKernels.BLOCK_BYTES);
    }
}
