package dev.adjoint.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Domain;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Casts between all five dtypes against the semantics stated on {@code Tensor.cast}, element by element, from a
 * plain Java reference: floats round to nearest, float to integer truncates toward zero and refuses NaN,
 * infinities and values out of range, int64 to int32 wraps, to bool tests {@code != 0}, bool is 1 or 0. The
 * graph's cast op computes what {@code Tensor.cast} computes.
 */
class CastTest {

    private static final DType[] ALL = DType.values();

    /** Values of a dtype: floats with NaN, infinities, halves and values beyond int32; integers at their edges. */
    static Gen<Tensor> values(DType dtype) {
        return choices -> {
            Shape s = Gens.shapes(0, 2, 4).next(choices);
            if (dtype.isInteger()) {
                return Gens.integerTensors(s, dtype).next(choices);
            }
            if (dtype.isBool()) {
                return Gens.booleanTensors(s).next(choices);
            }
            double[] data = Gens.tensors(s, Domain.REAL, DType.FLOAT64).next(choices).toDoubleArray();
            double[] special = {Double.NaN, Double.POSITIVE_INFINITY, -2.5, 2.5, -0.0, 3e9, -2147483648.9,
                    2147483647.9, 0x1p63, -0x1p63, 1e300};
            for (int i = 0; i < data.length; i++) {
                int c = choices.drawInt(4);
                data[i] = c == 0 ? special[choices.drawInt(special.length)] : c == 1 ? data[i] * 1e3 : data[i];
                data[i] = dtype.round(data[i]); // 1e300 is the infinity in f32 (Tensor.of rejects the finite one)
            }
            return Tensor.of(dtype, s, data);
        };
    }

    @Test
    void castsMatchTheStatedSemanticsForEveryPairOfDtypes() {
        for (DType from : ALL) {
            for (DType to : ALL) {
                Property.forAll(values(from)).named("cast " + from.shortName() + " -> " + to.shortName()).tries(40)
                        .check(x -> checkCast(x, to));
            }
        }
    }

    private static void checkCast(Tensor x, DType to) {
        int invalid = -1;
        for (int i = 0; i < x.size() && invalid < 0; i++) {
            if (x.dtype().isFloating() && to.isInteger() && !fits(x.flat(i), to)) {
                invalid = i;
            }
        }
        if (invalid >= 0) {
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> x.cast(to));
            assertTrue(e.getMessage().startsWith("cast(" + to.shortName() + "): element " + invalid + " of "),
                    e.getMessage());
            return;
        }
        Tensor y = x.cast(to);
        assertEquals(to, y.dtype());
        assertEquals(x.shape(), y.shape());
        for (int i = 0; i < x.size(); i++) {
            switch (to) {
                case FLOAT64 -> assertEquals(Double.doubleToLongBits(referenceDouble(x, i)),
                        Double.doubleToLongBits(y.flat(i)), "element " + i + " of " + x);
                case FLOAT32 -> assertEquals(Float.floatToIntBits(referenceFloat(x, i)),
                        Float.floatToIntBits((float) y.flat(i)), "element " + i + " of " + x);
                case INT64 -> assertEquals(referenceLong(x, i), y.flatLong(i), "element " + i + " of " + x);
                case INT32 -> assertEquals((long) (int) referenceLong(x, i), y.flatLong(i),
                        "element " + i + " of " + x);
                case BOOL -> assertEquals(x.dtype().isFloating() ? x.flat(i) != 0 : x.flatLong(i) != 0,
                        y.flatLong(i) == 1, "element " + i + " of " + x);
            }
        }
        Node in = SourceOp.input("x", x.shape(), x.dtype());
        Tensor op = Function.unoptimized(List.of(in), List.of(in.cast(to))).call(x).get(0);
        assertTrue(op.sameValues(y), "the cast op computes Tensor.cast: " + op + " vs " + y);
    }

    /** Truncation toward zero lands in the integer type. */
    private static boolean fits(double v, DType to) {
        return to == DType.INT32 ? v > -2147483649.0 && v < 2147483648.0 : v >= -0x1p63 && v < 0x1p63;
    }

    private static double referenceDouble(Tensor x, int i) {
        return switch (x.dtype()) {
            case FLOAT64, FLOAT32 -> x.flat(i);
            default -> (double) x.flatLong(i);
        };
    }

    private static float referenceFloat(Tensor x, int i) {
        return switch (x.dtype()) {
            case FLOAT64, FLOAT32 -> (float) x.flat(i);
            default -> (float) x.flatLong(i);
        };
    }

    /** Truncation for floats (in range), the value for integers and bools. */
    private static long referenceLong(Tensor x, int i) {
        return x.dtype().isFloating() ? (long) x.flat(i) : x.flatLong(i);
    }

    /** An int64 goes to float32 in one rounding: through float64 it would round twice and land elsewhere. */
    @Test
    void int64ToFloat32RoundsOnce() {
        long v = (1L << 61) + (1L << 37) + 1; // just above the midpoint between two floats
        float once = (float) v;
        float twice = (float) (double) v;
        assertTrue(once != twice, "the example must tell the two roundings apart");
        assertEquals(once, (float) Tensor.ofLongs(Shape.of(1), v).cast(DType.FLOAT32).flat(0));
        assertEquals((double) (1L << 61) + (1L << 38), (double) once);
    }

    @Test
    void floatToIntegerNamesTheElementItCannotConvert() {
        ArithmeticException nan = assertThrows(ArithmeticException.class,
                () -> Tensor.vector(1, Double.NaN).cast(DType.INT64));
        assertEquals("cast(i64): element 1 of f64[2] is NaN, which has no i64 value (NaN, infinite, or outside the"
                + " range after truncation toward zero); clip the values into range first, or replace non-finite ones"
                + " with where(x.isFinite(), x, 0)", nan.getMessage());
        assertThrows(ArithmeticException.class, () -> Tensor.vector(2147483648.0).cast(DType.INT32));
        assertEquals(-2147483648L, Tensor.vector(-2147483648.9).cast(DType.INT32).flatLong(0), "truncates");
        assertEquals(-2L, Tensor.vector(-2.9).cast(DType.INT32).flatLong(0), "toward zero, not down");
        assertEquals(0L, Tensor.vector(-0.5).cast(DType.INT64).flatLong(0));
    }
}
