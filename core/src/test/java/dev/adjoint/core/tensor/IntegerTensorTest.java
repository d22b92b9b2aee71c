package dev.adjoint.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** INT32, INT64 and BOOL tensors: their storage, exact accessors, factories, printing and comparisons. */
class IntegerTensorTest {

    @Test
    void factoriesCopyTheCallersArraysAndGiveTheirDtype() {
        long[] longs = {1, 2, Long.MAX_VALUE};
        Tensor l = Tensor.ofLongs(Shape.of(3), longs);
        longs[0] = 99;
        assertEquals(DType.INT64, l.dtype());
        assertEquals(1L, l.flatLong(0));
        int[] ints = {-4, 5};
        Tensor i = Tensor.ofInts(Shape.of(2), ints);
        ints[0] = 0;
        assertEquals(DType.INT32, i.dtype());
        assertEquals(-4L, i.flatLong(0));
        boolean[] bools = {true, false};
        Tensor b = Tensor.ofBooleans(Shape.of(2), bools);
        bools[0] = false;
        assertEquals(DType.BOOL, b.dtype());
        assertEquals(1L, b.flatLong(0));
        assertEquals(1.0, b.flat(0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofLongs(Shape.of(2), 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofInts(Shape.of(Shape.BATCH), 1));
    }

    /** A double holds integers exactly only up to 2^53: the long accessors read int64 exactly beyond. */
    @Test
    void int64BeyondTwoToThe53IsExactThroughTheLongAccessors() {
        long big = (1L << 53) + 1;
        Tensor t = Tensor.ofLongs(Shape.of(2, 1), big, Long.MIN_VALUE);
        assertEquals(big, t.flatLong(0));
        assertEquals(big, Tensor.ofLongs(Shape.scalar(), big).itemLong());
        assertArrayEquals(new long[] {big, Long.MIN_VALUE}, t.toLongArray());
        assertEquals((double) (1L << 53), t.flat(0), "as a double it rounds to nearest, as documented");
        assertEquals(Long.MIN_VALUE, t.takeRows(1).itemLong());
        assertEquals(big, t.reshape(Shape.of(2)).rowRange(0, 1).itemLong());
    }

    @Test
    void longAccessorsRefuseFloatTensors() {
        Tensor f = Tensor.vector(1.5);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.flatLong(0));
        assertTrue(e.getMessage().startsWith("flatLong: tensor must have an integer or bool dtype, got f64"),
                e.getMessage());
        assertThrows(IllegalStateException.class, f::itemLong);
        assertThrows(IllegalStateException.class, f::toLongArray);
        assertThrows(IllegalStateException.class, f::toIntArray);
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.ofInts(Shape.of(1), 3).flatLong(1));
    }

    @Test
    void doubleFactoriesHoldIntegerDtypesExactlyOrRefuse() {
        assertArrayEquals(new long[] {3, -7}, Tensor.of(DType.INT64, Shape.of(2), 3, -7).toLongArray());
        assertArrayEquals(new int[] {2147483647, -2147483648},
                Tensor.of(DType.INT32, Shape.of(2), 2147483647.0, -2147483648.0).toIntArray());
        IllegalArgumentException frac = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(DType.INT32, Shape.of(2), 1, 2.5));
        assertEquals("tensor: an i32 element must be an integer in the range of i32, got 2.5 at index 1",
                frac.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(DType.INT32, Shape.of(1), 2147483648.0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(DType.INT64, Shape.of(1), Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(DType.INT64, Shape.of(1), 0x1p63));
        IllegalArgumentException bool = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(DType.BOOL, Shape.of(1), 2));
        assertEquals("tensor: a bool element must be 0 or 1, got 2.0 at index 0", bool.getMessage());
        assertTrue(Tensor.full(DType.BOOL, Shape.of(2), 1).sameValues(Tensor.ofBooleans(Shape.of(2), true, true)));
        assertTrue(Tensor.zeros(DType.INT32, Shape.of(2)).sameValues(Tensor.ofInts(Shape.of(2), 0, 0)));
        assertTrue(Tensor.ones(DType.INT64, Shape.of(1)).sameValues(Tensor.ofLongs(Shape.of(1), 1)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.full(DType.INT64, Shape.of(1), 0.5));
        IllegalArgumentException random = assertThrows(IllegalArgumentException.class,
                () -> Tensor.uniform(Key.of(1), DType.INT32, Shape.of(2), 0, 1));
        assertTrue(random.getMessage().startsWith("uniform: dtype must be floating-point (f32 or f64), got i32"),
                random.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.normal(Key.of(1), DType.BOOL, Shape.of(2), 0, 1));
    }

    @Test
    void printsIntegersAndBooleansAsTheyAre() {
        assertEquals("i64[2] [9007199254740993, -1]", Tensor.ofLongs(Shape.of(2), (1L << 53) + 1, -1).toString());
        assertEquals("i32[] 7", Tensor.ofInts(Shape.scalar(), 7).toString());
        assertEquals("bool[2, 2] [[true, false], [false, true]]",
                Tensor.ofBooleans(Shape.of(2, 2), true, false, false, true).toString());
        assertEquals("i64[8] [0, 1, 2, ..., 5, 6, 7]", Tensor.ofLongs(Shape.of(8), 0, 1, 2, 3, 4, 5, 6, 7).toString());
    }

    @Test
    void sameValuesAndAllCloseCompareIntegersExactly() {
        long big = (1L << 60) + 1;
        Tensor a = Tensor.ofLongs(Shape.of(1), big);
        Tensor b = Tensor.ofLongs(Shape.of(1), big - 1);
        assertTrue(a.sameValues(Tensor.ofLongs(Shape.of(1), big)));
        assertFalse(a.sameValues(b), "differs in the last bit, which a double would not see");
        assertFalse(a.sameValues(Tensor.ofInts(Shape.of(1), 1)), "dtypes differ");
        assertFalse(Tensor.ofInts(Shape.of(1), 1).sameValues(Tensor.ofLongs(Shape.of(1), 1)));
        assertTrue(a.allClose(a, 0, 0));
        assertTrue(Tensor.ofInts(Shape.of(2), 3, 4).allClose(Tensor.vector(3, 4), 0, 0), "dtypes may differ");
        assertFalse(Tensor.ofInts(Shape.of(1), 3).allClose(Tensor.ofInts(Shape.of(1), 4), 0, 0.5));
        assertTrue(Tensor.ofInts(Shape.of(1), 3).allClose(Tensor.ofInts(Shape.of(1), 4), 0, 1));
        assertTrue(Tensor.ofBooleans(Shape.of(1), true).allClose(Tensor.vector(1), 0, 0));
    }

    @Test
    void arrayAccessorsConvertWithTheSemanticsOfCast() {
        Tensor b = Tensor.ofBooleans(Shape.of(3), true, false, true);
        assertArrayEquals(new double[] {1, 0, 1}, b.toDoubleArray());
        assertArrayEquals(new long[] {1, 0, 1}, b.toLongArray());
        assertArrayEquals(new boolean[] {true, false, true}, Tensor.vector(2, 0, Double.NaN).toBooleanArray());
        assertArrayEquals(new int[] {-1}, Tensor.ofLongs(Shape.of(1), 0xFFFF_FFFFL).toIntArray(), "wraps");
        assertArrayEquals(new float[] {(float) Long.MAX_VALUE}, Tensor.ofLongs(Shape.of(1), Long.MAX_VALUE)
                .toFloatArray());
    }
}
