package dev.adjoint.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Hostile and careless arguments to shapes and tensors give a specific exception naming the rule and the
 * value, never an overflow, a crash of the JVM's own (ArrayIndexOutOfBounds, NegativeArraySize,
 * StackOverflow) or silently wrong numbers.
 */
class TensorBadInputTest {

    private static <T extends Throwable> void rejects(Class<T> type, Executable call, String... parts) {
        T e = assertThrows(type, call);
        assertEquals(type, e.getClass(), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected <" + part + "> in <" + e.getMessage() + ">");
        }
    }

    private static int[] ones(int rank) {
        int[] dims = new int[rank];
        Arrays.fill(dims, 1);
        return dims;
    }

    @Test
    void ranksAboveTheMaximumAreRejectedAtEveryShape() {
        assertEquals(Shape.MAX_RANK, Shape.of(ones(Shape.MAX_RANK)).rank());
        rejects(IllegalArgumentException.class, () -> Shape.of(ones(Shape.MAX_RANK + 1)),
                "shape: rank must be at most 64, got rank 65");
        rejects(IllegalArgumentException.class, () -> Shape.of(ones(100_000)), "got rank 100000");
    }

    /** A NaN tolerance compared false everywhere, so every pair counted as close; a negative one as never. */
    @Test
    void allCloseRefusesNaNAndNegativeTolerances() {
        Tensor one = Tensor.vector(1);
        rejects(IllegalArgumentException.class, () -> one.allClose(Tensor.vector(1000), Double.NaN, 0),
                "allClose: tolerances must be >= 0 (not NaN), got rtol NaN and atol 0.0");
        rejects(IllegalArgumentException.class, () -> one.allClose(one, 0, -1), "got rtol 0.0 and atol -1.0");
        assertTrue(one.allClose(one, 0, 0));
    }

    /** Shape.BATCH as a bound was counted from the end, as a negative number, and sliced nothing without a word. */
    @Test
    void theBatchSentinelIsNotASliceBound() {
        dev.adjoint.core.graph.Node x = dev.adjoint.core.graph.SourceOp.input("x", Shape.of(Shape.BATCH, 3));
        rejects(IllegalArgumentException.class, () -> x.slice(1, 0, Shape.BATCH),
                "slice: bounds are positions, got 0:N on axis 1 of", "run to the end with Integer.MAX_VALUE");
        assertEquals(Shape.of(Shape.BATCH, 2), x.slice(1, 1, Integer.MAX_VALUE).shape());
    }

    @Test
    void theDeepestTensorPrints() {
        Tensor deepest = Tensor.full(DType.FLOAT32, Shape.of(ones(Shape.MAX_RANK)), 2.5);
        assertTrue(deepest.toString().endsWith(" " + "[".repeat(64) + "2.5" + "]".repeat(64)), deepest.toString());
    }

    @Test
    void printingShowsTheElementCountWhenEvenTheTruncatedFormIsTooLong() {
        int[] twos = new int[20];
        Arrays.fill(twos, 2);
        Tensor manyAxes = Tensor.zeros(DType.FLOAT32, Shape.of(twos));
        assertEquals("f32" + Shape.of(twos) + " <1048576 elements>", manyAxes.toString());
        String square = Tensor.zeros(Shape.of(3, 3, 3, 3, 3, 3)).toString();
        assertTrue(square.startsWith("f64[3, 3, 3, 3, 3, 3] [[[[[[0.0, 0.0, 0.0]"), "729 numbers still print");
    }

    @Test
    void matrixRejectsAnElementCountOverflowWithoutAllocatingIt() {
        double[] row = new double[46_341]; // 46341^2 > 2^31 - 1; every row is this one array
        double[][] rows = new double[46_341][];
        Arrays.fill(rows, row);
        rejects(IllegalArgumentException.class, () -> Tensor.matrix(rows), "matrix: the element count must be at most"
                + " 2147483639, got 46341 rows of 46341 (2147488281); split it");
    }

    @Test
    void matrixNamesANullRow() {
        rejects(NullPointerException.class, () -> Tensor.matrix(new double[][] {{1, 2}, null}),
                "matrix: row 1 is null");
        rejects(NullPointerException.class, () -> Tensor.matrix(null), "rows is null");
        rejects(IllegalArgumentException.class, () -> Tensor.matrix(new double[][] {{1, 2}, {3}}),
                "matrix: rows must have equal length, got row 0 of length 2 and row 1 of length 1");
    }

    @Test
    void uniformNeedsFiniteBoundsAndAFiniteWidth() {
        Key key = Key.of(1);
        Shape s = Shape.of(4);
        rejects(IllegalArgumentException.class, () -> Tensor.uniform(key, DType.FLOAT64, s, -Double.MAX_VALUE,
                Double.MAX_VALUE), "uniform: the width high - low must be a finite double, got low"
                + " -1.7976931348623157E308 and high 1.7976931348623157E308");
        rejects(IllegalArgumentException.class, () -> Tensor.uniform(key, DType.FLOAT64, s,
                Double.NEGATIVE_INFINITY, 0), "uniform: low and high must be finite in f64, got low -Infinity");
        rejects(IllegalArgumentException.class, () -> Tensor.uniform(key, DType.FLOAT64, s, 0, Double.NaN),
                "got low 0.0 and high NaN");
        rejects(IllegalArgumentException.class, () -> Tensor.uniform(key, DType.FLOAT32, s, -1e39, 0),
                "uniform: low and high must be finite in f32, got low -1.0E39");
        rejects(IllegalArgumentException.class, () -> Tensor.uniform(key, DType.FLOAT64, s, 1, 1),
                "uniform: low must be < high, got low 1.0 and high 1.0");
        Tensor wide = Tensor.uniform(key, DType.FLOAT64, Shape.of(1000), -Double.MAX_VALUE / 2,
                Double.MAX_VALUE / 2);
        long below = Arrays.stream(wide.toDoubleArray()).filter(v -> v < 0).count();
        assertTrue(below > 400 && below < 600, "half the samples below the middle, got " + below + " of 1000");
    }

    @Test
    void normalNeedsAFiniteMeanAndSamplesThatFitTheDtype() {
        Key key = Key.of(1);
        Shape s = Shape.of(4);
        rejects(IllegalArgumentException.class, () -> Tensor.normal(key, DType.FLOAT64, s, Double.NaN, 1),
                "normal: mean must be finite in f64, got NaN");
        rejects(IllegalArgumentException.class, () -> Tensor.normal(key, DType.FLOAT32, s, 1e39, 1),
                "normal: mean must be finite in f32, got 1.0E39");
        rejects(IllegalArgumentException.class, () -> Tensor.normal(key, DType.FLOAT64, s, 0,
                Double.POSITIVE_INFINITY), "normal: stddev must be finite and >= 0, got Infinity");
        rejects(IllegalArgumentException.class, () -> Tensor.normal(key, DType.FLOAT32, Shape.of(100), 3e38, 1e38),
                "normal: samples must be finite in f32", "from mean 3.0E38 and stddev 1.0E38");
    }

    @Test
    void float32FactoriesRejectFiniteValuesThatRoundToInfinity() {
        Shape s = Shape.of(3);
        rejects(IllegalArgumentException.class, () -> Tensor.of(DType.FLOAT32, s, 1, 2, -1e300),
                "tensor: a finite f32 element must lie within f32's range [-3.4028234663852886E38,"
                        + " 3.4028234663852886E38], got -1.0E300 at index 2, which rounds to -Infinity");
        rejects(IllegalArgumentException.class, () -> Tensor.full(DType.FLOAT32, s, 1e39),
                "full: a finite f32 element must lie within f32's range", "got 1.0E39, which rounds to Infinity");
        rejects(IllegalArgumentException.class, () -> Tensor.scalar(DType.FLOAT32, Double.MAX_VALUE),
                "scalar: a finite f32 element", "got 1.7976931348623157E308");
        // NaN and the infinities given as such are f32 values; float64 holds every double.
        Tensor special = Tensor.of(DType.FLOAT32, s, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertTrue(Double.isNaN(special.flat(0)));
        assertEquals(Double.POSITIVE_INFINITY, special.flat(1));
        assertEquals(Double.NEGATIVE_INFINITY, special.flat(2));
        assertEquals(1e300, Tensor.scalar(DType.FLOAT64, 1e300).item());
    }

    @Test
    void float32FactoriesRoundToNearestSoOnlyTheMidpointAndAboveOverflow() {
        double max = Float.MAX_VALUE;
        double midpoint = 0x1.ffffffp127; // (Float.MAX_VALUE + 2^128) / 2: the tie goes to the even infinity
        double below = Math.nextDown(midpoint);
        assertEquals(max, Tensor.of(DType.FLOAT32, Shape.of(2), below, -below).flat(0));
        assertEquals(-max, Tensor.full(DType.FLOAT32, Shape.of(1), -below).item());
        assertEquals(max, Tensor.scalar(DType.FLOAT32, Math.nextUp(max)).item());
        rejects(IllegalArgumentException.class, () -> Tensor.of(DType.FLOAT32, Shape.of(1), midpoint),
                "got 3.4028235677973366E38 at index 0, which rounds to Infinity");
        rejects(IllegalArgumentException.class, () -> Tensor.full(DType.FLOAT32, Shape.of(1), -midpoint),
                "which rounds to -Infinity");
        assertTrue(DType.FLOAT32.overflows(midpoint) && !DType.FLOAT32.overflows(below)
                && !DType.FLOAT32.overflows(Double.POSITIVE_INFINITY) && !DType.FLOAT64.overflows(Double.MAX_VALUE));
    }
}
