package dev.adjoint.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Fans as Keras's compute_fans. */
class FansTest {

    @Test
    void denseKernelFansAreInputsAndOutputs() {
        assertEquals(new Fans(784, 128), Fans.of(Shape.of(784, 128)));
        assertEquals(456.0, Fans.of(Shape.of(784, 128)).average());
    }

    @Test
    void convolutionKernelFansMultiplyByTheReceptiveField() {
        // [kh, kw, in, out] = [3, 5, 4, 8]: receptive field 15.
        assertEquals(new Fans(60, 120), Fans.of(Shape.of(3, 5, 4, 8)));
        assertEquals(new Fans(2 * 3 * 4 * 5, 2 * 3 * 4 * 6), Fans.of(Shape.of(2, 3, 4, 5, 6)));
    }

    @Test
    void vectorsAndScalarsFollowKeras() {
        assertEquals(new Fans(7, 7), Fans.of(Shape.of(7)));
        assertEquals(new Fans(1, 1), Fans.of(Shape.scalar()));
    }

    @Test
    void symbolicShapesAreRejected() {
        assertEquals("Fans: shape must be concrete, got [N, 3]", assertThrows(IllegalArgumentException.class,
                () -> Fans.of(Shape.of(Shape.BATCH, 3))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Fans(-1, 2));
    }
}
