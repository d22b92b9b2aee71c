package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bilinear upsampling at cells whose source coordinate falls on a source cell (the clamped borders, and every
 * cell of an axis upsampled by 1): the value is that cell's, exactly, whatever its neighbour holds. Written out as
 * {@code below * 1 + above * 0}, an infinite neighbour made it NaN and a -0 became +0.
 */
class UpsampleBilinearBordersTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    /** x = [1, 2, ..., c] along one spatial axis, channels last: [1, c, 1]. */
    private static double[] upsample(double[] x, int f) {
        Node in = SourceOp.input("x", Shape.of(1, x.length, 1));
        Node y = in.upsampleBilinear(new int[] {f}, DataFormat.CHANNELS_LAST);
        return Function.of(List.of(in), List.of(y)).call(Tensor.of(Shape.of(1, x.length, 1), x)).get(0)
                .toDoubleArray();
    }

    @Test
    void anAxisUpsampledByOneIsTheIdentityEvenAtInfinities() {
        double[] x = {1, INF, -0.0, -INF, 3};
        assertArrayEquals(x, upsample(x, 1));
    }

    @Test
    void bordersKeepTheirCellWhenTheNeighbourIsInfinite() {
        // f = 2: coordinates -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1)
        assertArrayEquals(new double[] {1, INF, INF, INF}, upsample(new double[] {1, INF}, 2));
        assertArrayEquals(new double[] {-INF, -INF, -INF, 2}, upsample(new double[] {-INF, 2}, 2));
        assertArrayEquals(new double[] {-0.0, 0.5, 1.5, 2}, upsample(new double[] {-0.0, 2}, 2));
    }

    @Test
    void theGradientAtABorderGoesToItsCellAlone() {
        Node in = SourceOp.input("x", Shape.of(1, 2, 1));
        Node y = in.upsampleBilinear(new int[] {2}, DataFormat.CHANNELS_LAST);
        Node g = Autodiff.grad(y.mul(SourceOp.constant(Tensor.of(Shape.of(1, 4, 1), 1, 10, 100, 1000))).sum(), in);
        double[] grad = Function.of(List.of(in), List.of(g)).call(Tensor.of(Shape.of(1, 2, 1), 1, INF)).get(0)
                .toDoubleArray();
        // cell 0: 1 * 1 + 10 * 0.75 + 100 * 0.25; cell 1: 10 * 0.25 + 100 * 0.75 + 1000 * 1
        assertArrayEquals(new double[] {1 + 7.5 + 25, 2.5 + 75 + 1000}, grad);
    }
}
