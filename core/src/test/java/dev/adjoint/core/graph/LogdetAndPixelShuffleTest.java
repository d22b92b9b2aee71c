package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static dev.adjoint.core.graph.Pinned.gradients;
import static dev.adjoint.core.graph.Pinned.value;
import static dev.adjoint.core.graph.Pinned.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * logdet gives PyTorch's values and gradients ({@code torch.logdet}, PyTorch 1.13: NaN for a negative
 * determinant with a zero gradient, -inf for a singular matrix), and pixelShuffle and pixelUnshuffle on
 * channels-last images give PyTorch's channels-first {@code pixel_shuffle} and {@code pixel_unshuffle} read
 * through {@code permute(0, 2, 3, 1)}; bad arguments are refused naming the op. Random gradients: the op table.
 */
class LogdetAndPixelShuffleTest {

    @Test
    void logDeterminantsAreTorchs() {
        Tensor a = Tensor.of(Shape.of(4, 2, 2), 1, 2, 3, 4, 2, 0, 0, 3, 1, 2, 2, 4, 2, 1, 1, 3);
        assertArrayEquals(new double[] {Double.NaN, 1.791759469228055, Double.NEGATIVE_INFINITY, 1.6094379124341005},
                values(in -> in.get(0).logdet(), a), 1e-15);
        Tensor invertible = Tensor.of(Shape.of(3, 2, 2), 1, 2, 3, 4, 2, 0, 0, 3, 2, 1, 1, 3);
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 0, 0, 0.6666666666666666, -0.6, 0.2, 0.2, -0.4},
                gradients(in -> in.get(0).logdet(), Tensor.vector(1, 2, -1), invertible).get(0), 1e-15);
    }

    /** {@code torch.arange(96.).reshape(2, 8, 2, 3)} channels-last: {@code [2, 2, 3, 8]}. */
    private static Tensor channelsLast() {
        double[] data = new double[96];
        for (int n = 0; n < 2; n++) {
            for (int h = 0; h < 2; h++) {
                for (int w = 0; w < 3; w++) {
                    for (int c = 0; c < 8; c++) {
                        data[((n * 2 + h) * 3 + w) * 8 + c] = ((n * 8 + c) * 2 + h) * 3 + w;
                    }
                }
            }
        }
        return Tensor.of(Shape.of(2, 2, 3, 8), data);
    }

    @Test
    void pixelShufflesAreTorchsReadChannelsLast() {
        Tensor y = value(in -> in.get(0).pixelShuffle(2), channelsLast());
        assertEquals(Shape.of(2, 4, 6, 2), y.shape());
        assertArrayEquals(new double[] {0, 24, 6, 30, 1, 25, 7, 31, 2, 26, 8, 32, 12, 36, 18, 42, 13, 37, 19, 43, 14,
            38, 20, 44, 3, 27, 9, 33, 4, 28, 10, 34, 5, 29, 11, 35, 15, 39, 21, 45, 16, 40, 22, 46, 17, 41, 23, 47, 48,
            72, 54, 78, 49, 73, 55, 79, 50, 74, 56, 80, 60, 84, 66, 90, 61, 85, 67, 91, 62, 86, 68, 92, 51, 75, 57, 81,
            52, 76, 58, 82, 53, 77, 59, 83, 63, 87, 69, 93, 64, 88, 70, 94, 65, 89, 71, 95}, y.toDoubleArray(), 0.0);
        assertArrayEquals(channelsLast().toDoubleArray(), values(in -> in.get(0).pixelShuffle(2).pixelUnshuffle(2),
                channelsLast()), 0.0);
        // torch.arange(48.).reshape(1, 2, 4, 6) channels-last, unshuffled by 2
        double[] image = new double[48];
        for (int h = 0; h < 4; h++) {
            for (int w = 0; w < 6; w++) {
                for (int c = 0; c < 2; c++) {
                    image[(h * 6 + w) * 2 + c] = (c * 4 + h) * 6 + w;
                }
            }
        }
        Tensor u = value(in -> in.get(0).pixelUnshuffle(2), Tensor.of(Shape.of(1, 4, 6, 2), image));
        assertEquals(Shape.of(1, 2, 3, 8), u.shape());
        assertArrayEquals(new double[] {0, 1, 6, 7, 24, 25, 30, 31, 2, 3, 8, 9, 26, 27, 32, 33, 4, 5, 10, 11, 28, 29,
            34, 35, 12, 13, 18, 19, 36, 37, 42, 43, 14, 15, 20, 21, 38, 39, 44, 45, 16, 17, 22, 23, 40, 41, 46, 47},
                u.toDoubleArray(), 0.0);
        Tensor integers = value(in -> in.get(0).pixelShuffle(1), Tensor.ofLongs(Shape.of(1, 1, 2), 4, 5));
        assertEquals(DType.INT64, integers.dtype());
    }

    @Test
    void badArgumentsAreRefusedNamingTheOp() {
        rejects(IllegalArgumentException.class, () -> SourceOp.input("m", Shape.of(2, 3)).logdet(),
                "logdet: operand must be square matrices [..., n, n], got m : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("i", Shape.of(2, 2), DType.INT64).logdet(),
                "logdet: operand must be floating-point");
        Node x = SourceOp.input("x", Shape.of(2, 3, 8));
        rejects(IllegalArgumentException.class, () -> x.pixelShuffle(3),
                "pixelShuffle: the channels must be a multiple of r² = 9, got x : f64[2, 3, 8]");
        rejects(IllegalArgumentException.class, () -> x.pixelShuffle(0),
                "pixelShuffle: the factor r must be >= 1, got 0");
        rejects(IllegalArgumentException.class, () -> x.pixelUnshuffle(2),
                "pixelUnshuffle: the height and width must be multiples of r = 2, got x : f64[2, 3, 8]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(4, 4)).pixelUnshuffle(2),
                "pixelUnshuffle: operand must be channels-last images [..., H, W, C], got v : f64[4, 4]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("n", Shape.of(2, Shape.BATCH, 4)).pixelShuffle(2),
                "pixelShuffle: H, W and C must be concrete");
    }
}
