package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Slice, pad and permute, which copy contiguous runs, against their definition element by element (one offset per
 * element from the strides): random windows of random shapes of rank 1 to 4, empty ones included; every
 * permutation of ranks 1 to 4, in float64, int64 and bool storage.
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
                    + Arrays.toString(starts) + " to " + out);
            double[] padded = new double[xs.length];
            for (int i = 0; i < offsets.length; i++) {
                padded[base + offsets[i]] = expected[i];
            }
            assertArrayEquals(padded, TensorInternals.doubles(MovementKernels.pad(sliced, starts, x.shape())),
                    () -> "pad " + out + " at " + Arrays.toString(starts) + " to " + x.shape());
        }
    }

    @Test
    void permuteEqualsItsElementwiseDefinitionForEveryPermutationAndStorage() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 60; trial++) {
            int rank = 1 + trial % 4;
            int[] dims = new int[rank];
            for (int a = 0; a < rank; a++) {
                dims[a] = trial % 10 == 9 && a == random.nextInt(rank) ? 0 : 1 + random.nextInt(4);
            }
            Shape shape = Shape.of(dims);
            long[] values = new long[shape.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(1000);
            }
            boolean[] bits = new boolean[values.length];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = values[i] % 2 == 1;
            }
            Tensor[] xs = {Tensor.ofLongs(shape, values), Tensor.ofBooleans(shape, bits),
                Tensor.uniform(Key.of(trial), DType.FLOAT64, shape, -1, 1)};
            for (int[] perm : permutations(rank)) {
                int[] outDims = new int[rank];
                int[] readStrides = new int[rank];
                for (int a = 0; a < rank; a++) {
                    outDims[a] = dims[perm[a]];
                    readStrides[a] = shape.strides()[perm[a]];
                }
                int[] offsets = Strides.offsets(outDims, readStrides);
                for (Tensor x : xs) {
                    Tensor y = MovementKernels.permute(x, perm, Shape.of(outDims));
                    Object in = TensorInternals.storage(x);
                    Object got = TensorInternals.storage(y);
                    for (int i = 0; i < offsets.length; i++) {
                        Object want = Array.get(in, offsets[i]);
                        int at = i;
                        assertEquals(want, Array.get(got, i), () -> "permute " + Arrays.toString(perm) + " of "
                                + x.dtype().shortName() + shape + " at " + at);
                    }
                    assertEquals(offsets.length, TensorInternals.length(y));
                }
            }
        }
    }

    /** Every permutation of {@code 0 .. rank-1}. */
    private static List<int[]> permutations(int rank) {
        List<int[]> all = new ArrayList<>();
        KernelReferenceTest.permutations(new int[rank], new boolean[rank], 0, all);
        return all;
    }
}
