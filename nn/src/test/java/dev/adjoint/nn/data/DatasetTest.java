package dev.adjoint.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A dataset hands its class labels over as INT64 exactly, and refuses targets that are not integers. */
class DatasetTest {

    private static final Tensor X = Tensor.zeros(Shape.of(4, 2));

    @Test
    void floatLabelsBecomeTheSameInt64Labels() {
        Dataset floats = new Dataset(X, Tensor.of(DType.FLOAT32, Shape.of(4), new double[] {2, 0, 1, 9}));
        Dataset ints = floats.integerLabels();
        assertEquals(DType.INT64, ints.y().dtype());
        assertArrayEquals(new long[] {2, 0, 1, 9}, ints.y().toLongArray());
        assertEquals(DType.FLOAT32, ints.cast(DType.FLOAT32).y().dtype(), "cast turns them back into floats");
        assertArrayEquals(new long[] {1, 0}, new Dataset(Tensor.zeros(Shape.of(2, 1)),
                Tensor.ofLongs(Shape.of(2), 1, 0).cast(DType.BOOL)).integerLabels().y().toLongArray());
    }

    @Test
    void aTargetThatIsNoIntegerIsRefusedByElement() {
        for (double bad : new double[] {1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            Dataset d = new Dataset(X, Tensor.of(DType.FLOAT64, Shape.of(4), new double[] {0, 1, bad, 2}));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, d::integerLabels);
            assertEquals("dataset: integer labels need integer targets, got " + bad + " at element 2",
                    e.getMessage());
        }
    }
}
