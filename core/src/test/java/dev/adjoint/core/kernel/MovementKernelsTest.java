package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Slice and pad, which copy contiguous runs, against their definition element by element (one offset per
 * element from the strides): random windows of random shapes of rank 1 to 4, empty ones included.
 */
class MovementKernelsTest {

    @Test
    void sliceAndPadEqualTheirElementwiseDefinition() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 300; trial++) {
            int rank = 1 + random.nextInt(4);
            int[] whole = new int[rank];
            int[] window = new int[rank];
            int[] starts = new int[rank];
            for (int a = 0; a < rank; a++) {
                whole[a] = 1 + random.nextInt(5);
                window[a] = random.nextInt(3) == 0 ? whole[a] : random.nextInt(whole[a] + 1);
                starts[a] = random.nextInt(whole[a] - window[a] + 1);
            }
            Tensor x = Tensor.uniform(Key.of(trial), DType.FLOAT64, Shape.of(whole), -1, 1);
            Shape out = Shape.of(window);
            double[] xs = TensorInternals.doubles(x);
            int[] strides = x.shape().strides();
            int base = 0;
            for (int a = 0; a < rank; a++) {
                base += starts[a] * strides[a];
            }
            int[] offsets = Strides.offsets(window, strides);
            double[] expected = new double[offsets.length];
            for (int i = 0; i < offsets.length; i++) {
                expected[i] = xs[base + offsets[i]];
            }
            Tensor sliced = MovementKernels.slice(x, starts, out);
            assertArrayEquals(expected, TensorInternals.doubles(sliced), () -> "slice " + x.shape() + " at "
                    + java.util.Arrays.toString(starts) + " to " + out);
            double[] padded = new double[xs.length];
            for (int i = 0; i < offsets.length; i++) {
                padded[base + offsets[i]] = expected[i];
            }
            assertArrayEquals(padded, TensorInternals.doubles(MovementKernels.pad(sliced, starts, x.shape())),
                    () -> "pad " + out + " at " + java.util.Arrays.toString(starts) + " to " + x.shape());
        }
    }
}
