package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code uniformByRow}'s row r is {@code Tensor.uniform(key.fold(rows[r]), dtype, [perRow], 0, 1)}, bit for bit,
 * float32 and float64, whatever the number of threads that write the rows.
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

    @Test
    void integerSamplesAreRejectedWhenTheOpIsBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RandomOp.UniformByRow(Shape.of(2, 3), DType.INT32, 0));
        assertEquals("uniform_by_row: samples are float32 or float64, got i32", e.getMessage());
    }
}
