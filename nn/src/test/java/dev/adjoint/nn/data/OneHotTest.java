package dev.adjoint.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

class OneHotTest {

    @Test
    void labelCBecomesTheUnitRowEc() {
        Tensor rows = OneHot.encode(Tensor.vector(2, 0, 1).cast(DType.FLOAT32), 3);
        assertEquals(Shape.of(3, 3), rows.shape());
        assertEquals(DType.FLOAT32, rows.dtype());
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, rows.toDoubleArray());
        assertEquals(Shape.of(2, 4), OneHot.encode(Tensor.of(Shape.of(2, 1), 3, 0), 4).shape());
    }

    @Test
    void labelsOutsideTheClassesAreNamedByRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneHot.encode(Tensor.vector(0, 1.5), 3));
        assertEquals("OneHot: labels must be integers in [0, 3), got 1.5 at row 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OneHot.encode(Tensor.vector(3), 3));
        assertEquals("OneHot: labels must be integers in [0, 3), got 3.0 at row 0", e.getMessage());
    }

    @Test
    void aResultBeyondATensorsLimitIsRefusedNotOverflowed() {
        // n * classes overflowed an int: an ArrayIndexOutOfBoundsException or a NegativeArraySizeException.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneHot.encode(Tensor.zeros(DType.INT32, Shape.of(65_537)), 65_536));
        assertEquals("OneHot: 65537 labels x 65536 classes = 4295032832 elements, expected at most 2147483647 (a"
                + " tensor's limit); encode fewer labels at a time, or use sparse labels"
                + " (SparseCategoricalCrossEntropy)",
                e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> OneHot.encode(Tensor.zeros(DType.INT32, Shape.of(3)), 1_000_000_000)).getMessage()
                .startsWith("OneHot: 3 labels x 1000000000 classes = 3000000000 elements"));
    }
}
