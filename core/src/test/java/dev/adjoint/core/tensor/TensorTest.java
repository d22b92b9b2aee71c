package dev.adjoint.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tensors are immutable values: factories copy, accessors copy, comparisons and printing as documented. */
class TensorTest {

    @Test
    void factoriesCopyTheCallersArrays() {
        double[] data = {1, 2, 3, 4};
        Tensor t = Tensor.of(Shape.of(2, 2), data);
        data[0] = 99;
        assertEquals(1.0, t.flat(0), "mutating the array after Tensor.of does not change the tensor");

        float[] floats = {1, 2};
        Tensor f = Tensor.of(Shape.of(2), floats);
        floats[1] = 99;
        assertEquals(2.0, f.flat(1));

        double[] v = {5, 6};
        Tensor vector = Tensor.vector(v);
        v[0] = 0;
        assertEquals(5.0, vector.flat(0));

        double[][] rows = {{1, 2}, {3, 4}};
        Tensor matrix = Tensor.matrix(rows);
        rows[1][0] = 0;
        assertEquals(3.0, matrix.get(1, 0));
    }

    @Test
    void accessorsReturnCopies() {
        Tensor t = Tensor.vector(1, 2, 3);
        t.toDoubleArray()[0] = 99;
        t.toFloatArray()[1] = 99;
        assertTrue(t.sameValues(Tensor.vector(1, 2, 3)));
        Tensor f = t.cast(DType.FLOAT32);
        f.toDoubleArray()[0] = 99;
        f.toFloatArray()[0] = 99;
        assertEquals(1.0, f.flat(0));
        int[] dims = t.shape().dims();
        dims[0] = 7;
        assertEquals(Shape.of(3), t.shape());
    }

    @Test
    void factoriesValidateTheirArguments() {
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(Shape.of(2, 2), 1, 2, 3));
        assertTrue(length.getMessage().contains("[2, 2]") && length.getMessage().contains("3"), length.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(Shape.of(3), new float[2]));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(Shape.of(Shape.BATCH, 2)),
                "a tensor needs a concrete shape");
        assertThrows(IllegalArgumentException.class, () -> Tensor.matrix(new double[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(-1));
        assertThrows(IllegalArgumentException.class,
                () -> Tensor.uniform(Key.of(1), DType.FLOAT64, Shape.of(2), 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Tensor.normal(Key.of(1), DType.FLOAT64, Shape.of(2), 0, -1));
        assertThrows(NullPointerException.class, () -> Tensor.of(Shape.of(1), (double[]) null));
    }

    @Test
    void accessorsValidateIndices() {
        Tensor t = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(6.0, t.get(1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, -1));
        assertThrows(IllegalArgumentException.class, () -> t.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.flat(6));
        assertThrows(IllegalStateException.class, t::item);
        assertEquals(7.0, Tensor.scalar(7).item());
        assertThrows(IllegalArgumentException.class, () -> t.reshape(Shape.of(4)));
        assertEquals(5.0, t.reshape(Shape.of(3, 2)).get(2, 0));
    }

    @Test
    void float32StorageRoundsOnceToNearest() {
        Tensor t = Tensor.of(DType.FLOAT32, Shape.of(2), 0.1, 1e-50);
        assertEquals(DType.FLOAT32, t.dtype());
        assertEquals((double) 0.1f, t.flat(0));
        assertEquals(0.0, t.flat(1));
        Tensor back = t.cast(DType.FLOAT64);
        assertEquals(DType.FLOAT64, back.dtype());
        assertEquals((double) 0.1f, back.flat(0));
        assertSame(t, t.cast(DType.FLOAT32), "a cast to the same dtype is the tensor itself");
    }

    @Test
    void allCloseFollowsNumpysRule() {
        Tensor reference = Tensor.vector(1, 100, 0);
        assertTrue(Tensor.vector(1 + 1e-9, 100.001, 1e-9).allClose(reference, 1e-5, 1e-8));
        assertFalse(Tensor.vector(1, 100.01, 0).allClose(reference, 1e-5, 1e-8));
        assertFalse(Tensor.vector(1, 100, 1e-7).allClose(reference, 1e-5, 1e-8), "atol governs near zero");
        assertFalse(Tensor.vector(1, 100).allClose(Tensor.vector(1, 100, 0), 1, 1), "shapes must match");
        assertFalse(Tensor.of(Shape.of(1, 2), 1, 2).allClose(Tensor.vector(1, 2), 1, 1), "shapes, not sizes");
        assertTrue(Tensor.vector(Double.NaN, Double.POSITIVE_INFINITY).allClose(
                Tensor.vector(Double.NaN, Double.POSITIVE_INFINITY), 0, 0), "NaN matches NaN, inf matches inf");
        assertFalse(Tensor.vector(Double.NaN).allClose(Tensor.vector(1), 1, 1));
        assertFalse(Tensor.vector(Double.POSITIVE_INFINITY).allClose(Tensor.vector(Double.NEGATIVE_INFINITY), 1, 1));
        assertFalse(Tensor.vector(1e308).allClose(Tensor.vector(Double.POSITIVE_INFINITY), 1, 1));
        assertTrue(Tensor.vector(1).allClose(Tensor.vector(1).cast(DType.FLOAT32), 0, 0), "dtypes may differ");
    }

    @Test
    void sameValuesComparesDtypeShapeAndBits() {
        assertTrue(Tensor.vector(1, 2).sameValues(Tensor.vector(1, 2)));
        assertFalse(Tensor.vector(0.0).sameValues(Tensor.vector(-0.0)), "bits, not ==");
        assertTrue(Tensor.vector(Double.NaN).sameValues(Tensor.vector(Double.NaN)));
        assertFalse(Tensor.vector(1, 2).sameValues(Tensor.vector(1, 2).cast(DType.FLOAT32)));
        assertFalse(Tensor.vector(1, 2).sameValues(Tensor.of(Shape.of(2, 1), 1, 2)));
    }

    @Test
    void toStringTruncatesLongAxes() {
        assertEquals("f64[] 2.5", Tensor.scalar(2.5).toString());
        assertEquals("f64[2, 3] [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]",
                Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}}).toString());
        assertEquals("f64[6] [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]", Tensor.arange(DType.FLOAT64, 0, 6, 1).toString(),
                "six entries print whole");
        assertEquals("f64[7] [0.0, 1.0, 2.0, ..., 4.0, 5.0, 6.0]", Tensor.arange(DType.FLOAT64, 0, 7, 1).toString());
        assertEquals("f64[1000] [0.0, 1.0, 2.0, ..., 997.0, 998.0, 999.0]",
                Tensor.arange(DType.FLOAT64, 0, 1000, 1).toString());
        assertEquals("i64[7] [0, 1, 2, ..., 4, 5, 6]", Tensor.arange(7).toString());
        String big = Tensor.zeros(Shape.of(100, 100)).toString();
        assertEquals(6 * 6, big.split("0\\.0", -1).length - 1, "six rows of six entries");
        assertEquals("f32[2] [0.1, 0.2]", Tensor.vector(0.1, 0.2).cast(DType.FLOAT32).toString());
        assertEquals("f64[0] []", Tensor.zeros(Shape.of(0)).toString());
        assertEquals("f64[2, 0] [[], []]", Tensor.zeros(Shape.of(2, 0)).toString());
    }

    @Test
    void randomFactoriesAreDeterminedByTheKey() {
        Shape s = Shape.of(3, 4);
        assertTrue(Tensor.uniform(Key.of(9), DType.FLOAT64, s, -2, 5).sameValues(
                Tensor.uniform(Key.of(9), DType.FLOAT64, s, -2, 5)), "same key, bit-identical tensors");
        assertTrue(Tensor.normal(Key.of(9), DType.FLOAT32, s, 1, 2).sameValues(
                Tensor.normal(Key.of(9), DType.FLOAT32, s, 1, 2)));
        assertFalse(Tensor.uniform(Key.of(9), DType.FLOAT64, s, -2, 5).sameValues(
                Tensor.uniform(Key.of(10), DType.FLOAT64, s, -2, 5)));
        Tensor u = Tensor.uniform(Key.of(3), DType.FLOAT64, Shape.of(10_000), -2, 5);
        double sum = 0;
        for (double v : u.toDoubleArray()) {
            assertTrue(v >= -2 && v < 5, "" + v);
            sum += v;
        }
        assertEquals(1.5, sum / u.size(), 0.1, "mean of uniform(-2, 5)");
        Tensor n = Tensor.normal(Key.of(4), DType.FLOAT64, Shape.of(10_000), 1, 2);
        double mean = 0;
        double square = 0;
        for (double v : n.toDoubleArray()) {
            mean += v / n.size();
            square += v * v / n.size();
        }
        assertEquals(1, mean, 0.1);
        assertEquals(4, square - mean * mean, 0.3);
    }

    /**
     * Regression: a draw rounded to the dtype could land on {@code high} (a double just under 1 rounds to
     * 1.0f). Ranges one or two units in the last place wide make that the common case.
     */
    @Test
    void uniformStaysBelowHighAfterRounding() {
        Tensor f = Tensor.uniform(Key.of(1), DType.FLOAT32, Shape.of(1000), 1e8, 1e8 + 8);
        Tensor d = Tensor.uniform(Key.of(1), DType.FLOAT64, Shape.of(1000), 1e16, 1e16 + 2);
        for (Tensor t : new Tensor[] {f, d}) {
            double low = t == f ? 1e8 : 1e16;
            double high = t == f ? 1e8 + 8 : 1e16 + 2;
            for (double v : t.toDoubleArray()) {
                assertTrue(v >= low && v < high, v + " outside [" + low + ", " + high + ") in " + t.dtype());
            }
        }
        Tensor unit = Tensor.uniform(Key.of(2), DType.FLOAT32, Shape.of(100_000), 0, 1);
        for (double v : unit.toDoubleArray()) {
            assertTrue(v >= 0 && v < 1, "" + v);
        }
    }

    @Test
    void constantFactories() {
        // int64 as NumPy's np.arange(4) and torch.arange(4) (it was float64)
        assertTrue(Tensor.arange(4).sameValues(Tensor.of(DType.INT64, Shape.of(4), 0, 1, 2, 3)));
        assertTrue(Tensor.arange(0).sameValues(Tensor.of(DType.INT64, Shape.of(0))));
        assertTrue(Tensor.full(DType.FLOAT32, Shape.of(2), 0.5).sameValues(Tensor.vector(0.5, 0.5)
                .cast(DType.FLOAT32)));
        assertTrue(Tensor.ones(Shape.of(2)).sameValues(Tensor.vector(1, 1)));
        assertEquals(0, Tensor.zeros(Shape.of(3, 0)).size());
        assertEquals(Shape.of(0, 0), Tensor.matrix(new double[0][]).shape());
    }
}
