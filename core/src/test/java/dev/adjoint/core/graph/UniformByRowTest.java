package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code uniformByRow}'s row r is {@code Tensor.uniform(key.fold(rows[r]), dtype, [perRow], 0, 1)}, bit for bit,
 * float32 and float64, whatever the number of threads that write the rows; the draws are those of the key's
 * {@code Key.Stream}, as the op drew them one by one before it filled rows in bulk, also when a compiled function
 * hands it recycled arrays; {@code uniform} is {@code Tensor.uniform} on {@code [0, 1)}.
 */
class UniformByRowTest {

    @Test
    void eachRowIsTheUniformSampleOfItsFoldedKey() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Shape shape = Shape.of(37, 5, 3);
            Tensor rows = Tensor.of(DType.FLOAT64, Shape.of(37), java.util.stream.IntStream.range(0, 37)
                    .mapToDouble(r -> (r * 11) % 53).toArray());
            Tensor keyTensor = Tensor.scalar(DType.FLOAT64, 42);
            RandomOp.UniformByRow op = new RandomOp.UniformByRow(shape, dtype, 3);
            Tensor y = op.forward(List.of(keyTensor, rows), shape);
            Key key = RandomOp.key(keyTensor, 3);
            for (int r = 0; r < 37; r++) {
                Tensor expected = Tensor.uniform(key.fold((long) rows.flat(r)), dtype, Shape.of(15), 0, 1);
                for (int j = 0; j < 15; j++) {
                    assertEquals(Double.doubleToRawLongBits(expected.flat(j)),
                            Double.doubleToRawLongBits(y.flat(r * 15 + j)), dtype + " row " + r + " element " + j);
                }
            }
        }
    }

    /**
     * The op's output as it was defined before the bulk fill: row {@code r} from {@code key.fold(rows[r])}'s
     * {@code Key.Stream}, float32 as {@code (float) nextDouble()} moved below 1.
     */
    private static double[] streamReference(Key key, Tensor rows, Shape shape, DType dtype) {
        int n = shape.dim(0);
        int perRow = n == 0 ? 0 : shape.size() / n;
        double[] y = new double[shape.size()];
        for (int r = 0; r < n; r++) {
            Key.Stream stream = key.fold((long) rows.flat(r)).stream();
            for (int j = r * perRow; j < (r + 1) * perRow; j++) {
                double u = stream.nextDouble();
                float f = (float) u;
                y[j] = dtype == DType.FLOAT64 ? u : f < 1f ? f : Math.nextDown(1f);
            }
        }
        return y;
    }

    private static void assertSameBits(double[] expected, Tensor y, String where) {
        assertEquals(expected.length, y.size(), where);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(y.flat(i))) {
                assertEquals(expected[i], y.flat(i), where + " at " + i);
            }
        }
    }

    @Test
    void outputIsTheKeyStreamsDrawsAsTheOpFirstDrewThem() {
        // shapes with rows longer and shorter than the kernels' parallel pieces, one row, and no rows
        Shape[] shapes = {Shape.of(128, 14, 14, 32), Shape.of(128, 256), Shape.of(3, 70_001), Shape.of(1, 9),
                Shape.of(0, 4), Shape.of(5, 0)};
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Shape shape : shapes) {
                int n = shape.dim(0);
                Tensor rows = Tensor.of(DType.FLOAT64, Shape.of(n),
                        java.util.stream.IntStream.range(0, n).mapToDouble(r -> 60_000 - 7 * r).toArray());
                Tensor keyTensor = Tensor.scalar(DType.FLOAT64, 9_007_199_254_740_991.0); // 2^53 - 1
                RandomOp.UniformByRow op = new RandomOp.UniformByRow(shape, dtype, -5);
                Tensor y = op.forward(List.of(keyTensor, rows), shape);
                assertEquals(dtype, y.dtype());
                assertSameBits(streamReference(RandomOp.key(keyTensor, -5), rows, shape, dtype), y,
                        dtype + " " + shape);
            }
        }
    }

    @Test
    void compiledCallsWithRecycledBuffersGiveTheSameSamples() {
        // the output array comes from the buffer pool: a step's samples must not depend on what the recycled
        // array held before, so every call of a compiled function is checked against the stream reference
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Shape shape = Shape.of(16, 7, 7, 24);
            Node key = SourceOp.input("key", Shape.of(), DType.FLOAT64);
            Node rows = SourceOp.input("rows", Shape.of(16), DType.FLOAT64);
            Node u = RandomOp.uniformByRow(key, rows, shape, dtype, 11);
            Node v = RandomOp.uniformByRow(key, rows, shape, dtype, 12);
            dev.adjoint.core.eval.Function f = dev.adjoint.core.eval.Function.of(List.of(key, rows),
                    List.of(u.mul(2.0), v.add(1.0)));
            for (int call = 0; call < 4; call++) {
                Tensor keyTensor = Tensor.scalar(DType.FLOAT64, 1000 + call);
                int first = 100 * call;
                Tensor rowTensor = Tensor.of(DType.FLOAT64, Shape.of(16),
                        java.util.stream.IntStream.range(0, 16).mapToDouble(r -> first + r).toArray());
                List<Tensor> ys = f.call(keyTensor, rowTensor);
                double[] expectedU = streamReference(RandomOp.key(keyTensor, 11), rowTensor, shape, dtype);
                double[] expectedV = streamReference(RandomOp.key(keyTensor, 12), rowTensor, shape, dtype);
                for (int i = 0; i < expectedU.length; i++) {
                    expectedU[i] = dtype == DType.FLOAT32 ? (float) (2 * expectedU[i]) : 2 * expectedU[i];
                    expectedV[i] = dtype == DType.FLOAT32 ? (float) (expectedV[i] + 1) : expectedV[i] + 1;
                }
                assertSameBits(expectedU, ys.get(0), dtype + " 2u, call " + call);
                assertSameBits(expectedV, ys.get(1), dtype + " v + 1, call " + call);
            }
        }
    }

    @Test
    void uniformIsTensorUniform() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Shape shape : new Shape[] {Shape.of(0), Shape.of(128, 1, 1, 32), Shape.of(3, 50_000)}) {
                Tensor keyTensor = Tensor.scalar(DType.INT64, 77);
                Tensor y = new RandomOp.Uniform(shape, dtype, 4).forward(List.of(keyTensor), shape);
                Tensor expected = Tensor.uniform(RandomOp.key(keyTensor, 4), dtype, shape, 0, 1);
                assertSameBits(expected.toDoubleArray(), y, dtype + " " + shape);
            }
        }
    }

    @Test
    void integerSamplesAreRejectedWhenTheOpIsBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RandomOp.UniformByRow(Shape.of(2, 3), DType.INT32, 0));
        assertEquals("uniform_by_row: samples are float32 or float64, got i32", e.getMessage());
    }

    /**
     * A key's value as a key tensor: seeds in [0, 2^32) are their own value (distinct small seeds never share one),
     * other seeds their top 53 bits, as derived keys always had.
     */
    @Test
    void smallSeedsAreTheirOwnKeyValueAndDerivedKeysKeepTheirTopBits() {
        java.util.Set<Double> values = new java.util.HashSet<>();
        for (long seed = 0; seed < 5000; seed++) {
            values.add(RandomOp.keyValue(Key.of(seed)));
        }
        assertEquals(5000, values.size());
        Key derived = Key.of(3).fold(1_000_000);
        assertEquals((double) (derived.seed() >>> 11), RandomOp.keyValue(derived));
        assertEquals((double) (Long.MAX_VALUE >>> 11),
                RandomOp.keyValue(Key.of(Long.MAX_VALUE)));
    }

    /**
     * Seeds in [-2^32, 2^43) have key values of their own: by their top 53 bits alone, seeds from 2^32 on that
     * differ in their low 11 bits (2^40 and 2^40 + 1), negative seeds (-1 and -2) and the seeds 2^21 and 2^32
     * shared a key value, and so drew one stream.
     */
    @Test
    void distinctSeedsInTheWrittenRangeDrawDistinctStreams() {
        java.util.Map<Double, Long> owner = new java.util.HashMap<>();
        long[] starts = {0, 1L << 21, (1L << 32) - 2048, 1L << 32, 1L << 40, (1L << 43) - 4096, -(1L << 32), -4096};
        for (long start : starts) {
            for (long seed = start; seed < start + 4096; seed++) {
                double value = RandomOp.keyValue(Key.of(seed));
                Long previous = owner.put(value, seed);
                assertTrue(previous == null || previous == seed, "seeds " + previous + " and " + seed
                        + " share the key value " + value);
                assertTrue(value >= 0 && value < RandomOp.KEY_LIMIT);
            }
        }
        Shape shape = Shape.of(8);
        Tensor a = Tensor.uniform(RandomOp.key(Tensor.key(Key.of(1L << 40)), 0),
                DType.FLOAT64, shape, 0, 1);
        Tensor b = Tensor.uniform(RandomOp.key(Tensor.key(Key.of((1L << 40) + 1)), 0),
                DType.FLOAT64, shape, 0, 1);
        assertFalse(a.sameValues(b), "seeds 2^40 and 2^40 + 1 drew one stream");
    }

    /** Seeds in [0, 2^32) and derived keys keep the key value they had: training draws what it drew. */
    @Test
    void smallSeedsAndDerivedKeysKeepTheirKeyValue() {
        for (long seed : new long[] {0, 1, 42, 123_456_789, (1L << 32) - 1}) {
            assertEquals((double) seed,
                    RandomOp.keyValue(Key.of(seed)));
        }
        Key root = Key.of(7);
        for (int step = 0; step < 10_000; step++) {
            Key derived = root.fold(step);
            assertEquals((double) (derived.seed() >>> 11),
                    RandomOp.keyValue(derived), "fold(" + step + ")");
        }
    }
}
