package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bulk uniform fill, on the Vector API and in plain Java, writes exactly the draws of {@code Key.Stream}: in
 * float64 {@code nextDouble()}, in float32 {@code (float) nextDouble()} moved below 1, for many keys, offsets and
 * lengths (0, 1, the vector length and its neighbours, long runs), and leaves the rest of the array alone. Its
 * row-keyed tensor form gives each row its stream's first draws however the rows are cut into pieces.
 */
class RandomKernelsTest {

    /** The fills to check: the one in use, plain Java, and the vector one when it loaded. */
    private static List<UniformFill> fills() {
        List<UniformFill> fills = new ArrayList<>(List.of(RandomKernels.fill(), UniformFill.SCALAR));
        if (Kernels.vectorized()) {
            assertNotNull(RandomKernels.vectorFill(), "the vector fill did not load beside the vector kernels");
        }
        if (RandomKernels.vectorFill() != null) {
            fills.add(RandomKernels.vectorFill());
        }
        return fills;
    }

    /** Lengths around every lane count a fill may use, and longer runs. */
    private static int[] lengths() {
        List<Integer> lengths = new ArrayList<>(List.of(0, 1, 2, 3, 100, 1000, 6272, 65_537));
        for (int lanes : new int[] {2, 4, 8, 16}) {
            for (int k : new int[] {1, 2, 3, 7}) {
                lengths.addAll(List.of(k * lanes - 1, k * lanes, k * lanes + 1));
            }
        }
        return lengths.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
    }

    /** The stream's draws as the ops defined them before the fill existed. */
    private static double[] streamDoubles(Key key, int count) {
        Key.Stream stream = key.stream();
        double[] u = new double[count];
        for (int j = 0; j < count; j++) {
            u[j] = stream.nextDouble();
        }
        return u;
    }

    private static float[] streamFloats(Key key, int count) {
        Key.Stream stream = key.stream();
        float[] u = new float[count];
        for (int j = 0; j < count; j++) {
            float f = (float) stream.nextDouble();
            u[j] = f < 1f ? f : Math.nextDown(1f);
        }
        return u;
    }

    @Test
    void fillsGiveTheStreamsDrawsBitForBit() {
        SplittableRandom random = new SplittableRandom(17);
        int[] lengths = lengths();
        for (int trial = 0; trial < 40; trial++) {
            Key key = Key.of(trial < 4 ? new long[] {0, 1, -1, Long.MIN_VALUE}[trial] : random.nextLong());
            for (int count : lengths) {
                if (count > 6272 && trial % 8 != 0) {
                    continue;
                }
                int from = random.nextInt(5);
                double[] expectedD = streamDoubles(key, count);
                float[] expectedF = streamFloats(key, count);
                for (UniformFill fill : fills()) {
                    double[] d = new double[from + count + 3];
                    float[] f = new float[from + count + 3];
                    Arrays.fill(d, -7);
                    Arrays.fill(f, -7f);
                    fill.uniform(key.streamState(), d, from, count);
                    fill.uniform(key.streamState(), f, from, count);
                    String where = fill.lanes() + " lanes, key " + key.seed() + ", from " + from + ", count " + count;
                    for (int i = 0; i < d.length; i++) {
                        boolean inside = i >= from && i < from + count;
                        assertEquals(Double.doubleToRawLongBits(inside ? expectedD[i - from] : -7),
                                Double.doubleToRawLongBits(d[i]), "float64 at " + i + ", " + where);
                        assertEquals(Float.floatToRawIntBits(inside ? expectedF[i - from] : -7f),
                                Float.floatToRawIntBits(f[i]), "float32 at " + i + ", " + where);
                    }
                }
            }
        }
    }

    @Test
    void floatDrawsJustBelowOneStayBelowOne() {
        // the counter-based form lets the test pick a state whose first draw x has the 53 top bits it wants: all
        // ones, the float midpoint 2^53 - 2^28 (rounds to even, 1) and the value just below it (rounds down)
        long gamma = 0x9E3779B97F4A7C15L;
        long[] tops = {(1L << 53) - 1, (1L << 53) - (1L << 28), (1L << 53) - (1L << 28) - 1};
        for (long top : tops) {
            long state = unmix64((top << 11) | 0x5A5L) - gamma;
            for (UniformFill fill : fills()) {
                float[] f = new float[20];
                double[] d = new double[20];
                fill.uniform(state, f, 0, 20);
                fill.uniform(state, d, 0, 20);
                assertEquals(top * 0x1.0p-53, d[0], fill.lanes() + " lanes, top bits " + Long.toHexString(top));
                assertEquals(Math.nextDown(1f), f[0], fill.lanes() + " lanes, top bits " + Long.toHexString(top));
            }
        }
    }

    @Test
    void rowsCutIntoAnyPiecesGetTheirStreamsFirstDraws() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 30; trial++) {
            int rows = 1 + random.nextInt(9);
            int perRow = 1 + random.nextInt(trial < 10 ? 20 : 300);
            long[] states = random.longs(rows).toArray();
            float[] expectedF = new float[rows * perRow];
            double[] expectedD = new double[rows * perRow];
            for (int r = 0; r < rows; r++) {
                UniformFill.SCALAR.uniform(states[r], expectedF, r * perRow, perRow);
                UniformFill.SCALAR.uniform(states[r], expectedD, r * perRow, perRow);
            }
            float[] f = new float[rows * perRow];
            double[] d = new double[rows * perRow];
            for (int from = 0; from < f.length; ) {
                int to = Math.min(f.length, from + 1 + random.nextInt(2 * perRow + 3));
                RandomKernels.uniformRows(states, perRow, f, from, to);
                RandomKernels.uniformRows(states, perRow, d, from, to);
                from = to;
            }
            assertEquals(Arrays.toString(expectedF), Arrays.toString(f), rows + " x " + perRow);
            assertEquals(Arrays.toString(expectedD), Arrays.toString(d), rows + " x " + perRow);
        }
    }

    @Test
    void tensorFormsMatchTensorUniform() {
        Key key = Key.of(12345);
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Shape shape : new Shape[] {Shape.of(0), Shape.of(3, 0), Shape.of(1), Shape.of(7, 11),
                    Shape.of(300, 3, 3, 17)}) {
                Tensor expected = Tensor.uniform(key, dtype, shape, 0, 1);
                assertNotNull(expected);
                Tensor y = RandomKernels.uniform(dtype, shape, key.streamState());
                assertEquals(dtype, y.dtype());
                assertEquals(shape, y.shape());
                for (int i = 0; i < shape.size(); i++) {
                    assertEquals(Double.doubleToRawLongBits(expected.flat(i)), Double.doubleToRawLongBits(y.flat(i)),
                            dtype + " " + shape + " at " + i);
                }
            }
        }
    }

    @Test
    void rowsMustDivideTheSample() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomKernels.uniformRows(DType.FLOAT32, Shape.of(3, 5), new long[2]));
        assertEquals("uniformRows: 2 rows do not divide [3, 5]", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> RandomKernels.uniform(0, new float[3], 2, 2));
    }

    /** The inverse of SplitMix64's output function. */
    private static long unmix64(long z) {
        z = z ^ (z >>> 31) ^ (z >>> 62);
        z *= inverse(0x94D049BB133111EBL);
        z = z ^ (z >>> 27) ^ (z >>> 54);
        z *= inverse(0xBF58476D1CE4E5B9L);
        return z ^ (z >>> 30) ^ (z >>> 60);
    }

    /** The inverse of an odd {@code m} modulo 2^64, by Newton's iteration (each step doubles the correct bits). */
    private static long inverse(long m) {
        long x = m; // correct to 3 bits: m·m = 1 mod 8 for odd m
        for (int i = 0; i < 5; i++) {
            x *= 2 - m * x;
        }
        assertEquals(1L, m * x);
        return x;
    }
}
