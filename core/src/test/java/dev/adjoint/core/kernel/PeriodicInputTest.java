package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A program's periodic input reads {@code v[e mod v.size]} at every element e, across many blocks of
 * {@link ElementwiseProgram#BLOCK} (periods that divide the block and that do not) and on every thread's range,
 * float32 and float64: {@code (x - m) · s} fused equals it computed element by element.
 */
class PeriodicInputTest {

    @Test
    void periodicInputsRepeatTheirValuesOverEveryBlock() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int c : new int[] {2, 3, 32, 96, 2049}) {
                int rows = 3 * ElementwiseProgram.BLOCK / c + 7;
                Tensor x = Tensor.uniform(Key.of(c), dtype, Shape.of(rows, c), -1, 1);
                Tensor m = Tensor.uniform(Key.of(c + 1), dtype, Shape.of(c), -1, 1);
                Tensor s = Tensor.uniform(Key.of(c + 2), dtype, Shape.of(1, c), -1, 1);
                ElementwiseProgram.Builder b = new ElementwiseProgram.Builder();
                int xr = b.input(false);
                int mr = b.periodicInput();
                int sr = b.periodicInput();
                b.instruction(Pointwise.Exact.MUL, b.instruction(Pointwise.Exact.SUB, xr, mr), sr);
                Tensor y = b.build().run(List.of(x, m, s), dtype, x.shape());
                for (int e = 0; e < rows * c; e++) {
                    double expected = dtype.round(dtype.round(x.flat(e) - m.flat(e % c)) * s.flat(e % c));
                    assertEquals(expected, y.flat(e), 0.0, dtype + " c = " + c + " element " + e);
                }
            }
        }
    }
}
