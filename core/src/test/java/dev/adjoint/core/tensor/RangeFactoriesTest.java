package dev.adjoint.core.tensor;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@code arange} and {@code linspace} give NumPy's lengths and values bit for bit; the expected values were
 * printed by NumPy 1.x ({@code np.arange}, {@code np.linspace}, {@code .astype(np.float32)}).
 */
class RangeFactoriesTest {

    @Test
    void integerArangeExcludesStopAndCountsExactly() {
        assertArrayEquals(new long[] {0, 3, 6, 9}, Tensor.arange(0L, 10L, 3L).toLongArray());
        assertArrayEquals(new long[] {10, 7, 4, 1}, Tensor.arange(10L, 0L, -3L).toLongArray());
        assertArrayEquals(new long[] {}, Tensor.arange(0L, 10L, -1L).toLongArray(), "NumPy's empty range");
        assertArrayEquals(new long[] {}, Tensor.arange(0L, Long.MIN_VALUE, 1L).toLongArray());
        // the wrong way by less than a step: NumPy's np.arange(0, -1, 2) and np.arange(5, 4, 3) are empty
        assertArrayEquals(new long[] {}, Tensor.arange(0L, -1L, 2L).toLongArray());
        assertArrayEquals(new long[] {}, Tensor.arange(5L, 4L, 3L).toLongArray());
        assertArrayEquals(new long[] {}, Tensor.arange(4L, 5L, -3L).toLongArray());
        assertEquals(0, Tensor.arange(DType.INT64, 0, -1, 2).size());
        assertArrayEquals(new long[] {5}, Tensor.arange(5L, 6L, 3L).toLongArray());
        assertArrayEquals(new long[] {Long.MAX_VALUE - 5, Long.MAX_VALUE - 3, Long.MAX_VALUE - 1},
                Tensor.arange(Long.MAX_VALUE - 5, Long.MAX_VALUE, 2L).toLongArray(), "no overflow near the ends");
        assertEquals(DType.INT64, Tensor.arange(0L, 1L, 1L).dtype());
        Tensor ints = Tensor.arange(DType.INT32, -3, 7, 2);
        assertEquals(DType.INT32, ints.dtype());
        assertArrayEquals(new double[] {-3, -1, 1, 3, 5}, ints.toDoubleArray());
        rejects(IllegalArgumentException.class, () -> Tensor.arange(0L, 10L, 0L), "arange: step must not be 0");
        rejects(IllegalArgumentException.class, () -> Tensor.arange(DType.INT64, 0, 1, 0.5),
                "arange: an integer dtype needs integer start, stop and step", "step 0.5");
        rejects(IllegalArgumentException.class, () -> Tensor.arange(0L, Long.MAX_VALUE, 1L), "arange: at most");
    }

    @Test
    void floatingArangeHasNumPysLengthAndValues() {
        assertArrayEquals(new double[] {0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001,
                0.7000000000000001, 0.8, 0.9}, Tensor.arange(DType.FLOAT64, 0, 1, 0.1).toDoubleArray());
        double[] f64 = Tensor.arange(DType.FLOAT64, -3.7, 10.2, 0.37).toDoubleArray();
        assertEquals(38, f64.length);
        assertArrayEquals(new double[] {-3.33, 2.5900000000000016, 9.990000000000006},
                new double[] {f64[1], f64[17], f64[37]});
        double[] f32 = Tensor.arange(DType.FLOAT32, -3.7, 10.2, 0.37).toDoubleArray();
        assertArrayEquals(new double[] {-3.3299999237060547, 2.5900018215179443, 9.990004539489746},
                new double[] {f32[1], f32[17], f32[37]}, "filled in float32 arithmetic, as NumPy does");
        assertEquals(0, Tensor.arange(DType.FLOAT64, 2, 2, 1).size());
        assertEquals(0, Tensor.arange(DType.FLOAT64, 0, 1, -0.1).size());
        rejects(IllegalArgumentException.class, () -> Tensor.arange(DType.FLOAT64, 0, Double.NaN, 1),
                "arange: start, stop and step must be finite", "stop NaN");
    }

    @Test
    void linspaceIncludesBothEndsAsNumPyDoes() {
        assertArrayEquals(new double[] {-3.3, -1.4333333333333333, 0.4333333333333331, 2.3, 4.166666666666666,
                6.033333333333332, 7.9}, Tensor.linspace(-3.3, 7.9, 7, DType.FLOAT64).toDoubleArray());
        assertArrayEquals(new double[] {-3.299999952316284, -1.4333332777023315, 0.4333333373069763,
                2.299999952316284, 4.166666507720947, 6.0333333015441895, 7.900000095367432},
                Tensor.linspace(-3.3, 7.9, 7, DType.FLOAT32).toDoubleArray(), "float64 values rounded once");
        assertArrayEquals(new double[] {3}, Tensor.linspace(3, 3, 1, DType.FLOAT64).toDoubleArray());
        assertArrayEquals(new double[] {3}, Tensor.linspace(3, 9, 1, DType.FLOAT64).toDoubleArray(), "one step: start");
        assertEquals(0, Tensor.linspace(0, 1, 0, DType.FLOAT64).size());
        assertArrayEquals(new double[] {0, 5e-321, 1e-320}, Tensor.linspace(0, 1e-320, 3, DType.FLOAT64)
                .toDoubleArray(), "subnormal spacing");
        rejects(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, -1, DType.FLOAT64),
                "linspace: steps must be >= 0", "steps -1");
        rejects(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, 3, DType.INT64),
                "linspace: dtype must be floating-point");
    }
}
