package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static dev.adjoint.core.graph.Pinned.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * unfold and fold on channels-last images give PyTorch's {@code torch.nn.functional.unfold} and {@code fold}
 * (printed by PyTorch 1.13 on {@code arange(40.).reshape(1, 2, 4, 5)} permuted to channels-last, results
 * transposed to {@code [N, L, C kh kw]}), with padding, strides and dilation; fold is unfold's adjoint; bad
 * arguments are refused naming the op. Random gradients, first and second order: the op table.
 */
class PatchesTest {

    /** {@code torch.arange(40.).reshape(1, 2, 4, 5).permute(0, 2, 3, 1)}. */
    private static final Tensor IMAGE = image();

    private static Tensor image() {
        double[] data = new double[40];
        for (int h = 0; h < 4; h++) {
            for (int w = 0; w < 5; w++) {
                for (int c = 0; c < 2; c++) {
                    data[(h * 5 + w) * 2 + c] = (c * 4 + h) * 5 + w;
                }
            }
        }
        return Tensor.of(Shape.of(1, 4, 5, 2), data);
    }

    @Test
    void unfoldIsTorchsReadChannelsLast() {
        Tensor u = value(in -> in.get(0).unfold(new int[] {2, 3}, new int[] {2, 1}, new int[] {1, 0},
                new int[] {1, 1}), IMAGE);
        assertEquals(Shape.of(1, 9, 12), u.shape());
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 2, 0, 0, 0, 20, 21, 22, 0, 0, 0, 1, 2, 3, 0, 0, 0, 21, 22, 23, 0,
            0, 0, 2, 3, 4, 0, 0, 0, 22, 23, 24, 5, 6, 7, 10, 11, 12, 25, 26, 27, 30, 31, 32, 6, 7, 8, 11, 12, 13, 26,
            27, 28, 31, 32, 33, 7, 8, 9, 12, 13, 14, 27, 28, 29, 32, 33, 34, 15, 16, 17, 0, 0, 0, 35, 36, 37, 0, 0, 0,
            16, 17, 18, 0, 0, 0, 36, 37, 38, 0, 0, 0, 17, 18, 19, 0, 0, 0, 37, 38, 39, 0, 0, 0},
                u.toDoubleArray(), 0.0);
        Tensor dilated = value(in -> in.get(0).unfold(new int[] {2, 2}, new int[] {1, 2}, new int[] {0, 1},
                new int[] {2, 1}), IMAGE);
        assertEquals(Shape.of(1, 6, 8), dilated.shape());
        assertArrayEquals(new double[] {0, 0, 0, 10, 0, 20, 0, 30, 1, 2, 11, 12, 21, 22, 31, 32, 3, 4, 13, 14, 23, 24,
            33, 34, 0, 5, 0, 15, 0, 25, 0, 35, 6, 7, 16, 17, 26, 27, 36, 37, 8, 9, 18, 19, 28, 29, 38, 39},
                dilated.toDoubleArray(), 0.0);
    }

    @Test
    void foldIsTorchsReadChannelsLast() {
        double[] cols = new double[108]; // torch: arange(108.).reshape(1, 12, 9) * 0.5 - 3, transposed
        for (int l = 0; l < 9; l++) {
            for (int r = 0; r < 12; r++) {
                cols[l * 12 + r] = (r * 9 + l) * 0.5 - 3;
            }
        }
        Tensor f = value(in -> in.get(0).fold(new int[] {4, 5}, new int[] {2, 3}, new int[] {2, 1},
                new int[] {1, 0}, new int[] {1, 1}), Tensor.of(Shape.of(1, 9, 12), cols));
        assertEquals(Shape.of(1, 4, 5, 2), f.shape());
        assertArrayEquals(new double[] {10.5, 37.5, 26.0, 80.0, 46.5, 127.5, 36.0, 90.0, 20.5, 47.5, -1.5, 25.5, 2.0,
            56.0, 10.5, 91.5, 12.0, 66.0, 8.5, 35.5, 12.0, 39.0, 29.0, 83.0, 51.0, 132.0, 39.0, 93.0, 22.0, 49.0, 0.0,
            27.0, 5.0, 59.0, 15.0, 96.0, 15.0, 69.0, 10.0, 37.0}, f.toDoubleArray(), 0.0);
        double[] dilatedCols = new double[48]; // torch: arange(48.).reshape(1, 8, 6) + 1, transposed
        for (int l = 0; l < 6; l++) {
            for (int r = 0; r < 8; r++) {
                dilatedCols[l * 8 + r] = r * 6 + l + 1;
            }
        }
        Tensor g = value(in -> in.get(0).fold(new int[] {4, 5}, new int[] {2, 2}, new int[] {1, 2},
                new int[] {0, 1}, new int[] {2, 1}), Tensor.of(Shape.of(1, 6, 8), dilatedCols));
        assertArrayEquals(new double[] {7, 31, 2, 26, 8, 32, 3, 27, 9, 33, 10, 34, 5, 29, 11, 35, 6, 30, 12, 36, 19, 43,
            14, 38, 20, 44, 15, 39, 21, 45, 22, 46, 17, 41, 23, 47, 18, 42, 24, 48}, g.toDoubleArray(), 0.0);
    }

    /**
     * One image, as PyTorch's unbatched form: {@code torch.nn.functional.unfold(x, (2, 2), stride=(1, 2),
     * padding=(1, 0))} of {@code x = arange(1., 25.).reshape(2, 3, 4)} ({@code [C, H, W]}; here permuted to
     * {@code [H, W, C]}) is {@code [8, 8]} ({@code [C kh kw, L]}, here transposed), equal to the batched result's
     * only image; with {@code yBar = linspace(-1, 1, 64).reshape(8, 8)}, {@code (y * yBar).sum().backward()} gives
     * x's gradient below; {@code fold(y, (3, 4), (2, 2), stride=(1, 2), padding=(1, 0))} is {@code 2 x} for a cell
     * read by two blocks, and every cell is: {@code 2 x}.
     */
    @Test
    void oneImageIsTorchsUnbatchedForm() {
        double[] data = new double[24];
        for (int h = 0; h < 3; h++) {
            for (int w = 0; w < 4; w++) {
                for (int c = 0; c < 2; c++) {
                    data[(h * 4 + w) * 2 + c] = c * 12 + h * 4 + w + 1;
                }
            }
        }
        Tensor x = Tensor.of(Shape.of(3, 4, 2), data);
        int[] k = {2, 2};
        int[] s = {1, 2};
        int[] p = {1, 0};
        int[] d = {1, 1};
        double[][] torchRows = {{0, 0, 1, 3, 5, 7, 9, 11}, {0, 0, 2, 4, 6, 8, 10, 12}, {1, 3, 5, 7, 9, 11, 0, 0},
            {2, 4, 6, 8, 10, 12, 0, 0}, {0, 0, 13, 15, 17, 19, 21, 23}, {0, 0, 14, 16, 18, 20, 22, 24},
            {13, 15, 17, 19, 21, 23, 0, 0}, {14, 16, 18, 20, 22, 24, 0, 0}};
        double[] expected = new double[64];
        double[] yBar = new double[64];
        for (int r = 0; r < 8; r++) {
            for (int l = 0; l < 8; l++) {
                expected[l * 8 + r] = torchRows[r][l]; // [L, C kh kw]: PyTorch's [C kh kw, L] transposed
                yBar[l * 8 + r] = -1 + 2.0 * (r * 8 + l) / 63;
            }
        }
        Tensor u = value(in -> in.get(0).unfold(k, s, p, d), x);
        assertEquals(Shape.of(8, 8), u.shape());
        assertArrayEquals(expected, u.toDoubleArray(), 0.0);
        double[] torchGradient = {-1.4285714285714286, -0.9206349206349207, -1.3650793650793651, -0.8571428571428572,
            -1.3015873015873016, -0.7936507936507937, -1.2380952380952381, -0.7301587301587302, -1.1746031746031746,
            -0.6666666666666667, -1.1111111111111112, -0.6031746031746033, 0.6031746031746033, 1.1111111111111112,
            0.6666666666666667, 1.1746031746031746, 0.7301587301587302, 1.2380952380952381, 0.7936507936507937,
            1.3015873015873016, 0.8571428571428572, 1.3650793650793651, 0.9206349206349207, 1.4285714285714286};
        double[] gradient = Pinned.gradients(in -> in.get(0).unfold(k, s, p, d), Tensor.of(Shape.of(8, 8), yBar), x)
                .get(0);
        for (int h = 0; h < 3; h++) {
            for (int w = 0; w < 4; w++) {
                for (int c = 0; c < 2; c++) { // PyTorch's [C, H, W] read channels-last
                    assertEquals(torchGradient[(c * 3 + h) * 4 + w], gradient[(h * 4 + w) * 2 + c], 1e-15);
                }
            }
        }
        Tensor f = value(in -> in.get(0).fold(new int[] {3, 4}, k, s, p, d), u);
        assertEquals(Shape.of(3, 4, 2), f.shape());
        for (int i = 0; i < 24; i++) {
            assertEquals(2 * data[i], f.toDoubleArray()[i], 0.0);
        }
        Tensor batched = value(in -> in.get(0).unfold(k, s, p, d), Tensor.of(Shape.of(1, 3, 4, 2), data));
        assertArrayEquals(batched.toDoubleArray(), u.toDoubleArray(), 0.0);
    }

    @Test
    void foldIsTheAdjointOfUnfold() {
        int[] k = {3, 2};
        int[] s = {2, 3};
        int[] p = {1, 2};
        int[] d = {1, 2};
        Tensor x = Tensor.uniform(Key.of(7), DType.FLOAT64,
                Shape.of(2, 5, 7, 3), -1, 1);
        Tensor u = value(in -> in.get(0).unfold(k, s, p, d), x);
        Tensor c = Tensor.uniform(Key.of(8), DType.FLOAT64,
                u.shape(), -1, 1);
        Tensor f = value(in -> in.get(0).fold(new int[] {5, 7}, k, s, p, d), c);
        double left = 0;
        double right = 0;
        for (int i = 0; i < u.size(); i++) {
            left += u.toDoubleArray()[i] * c.toDoubleArray()[i];
        }
        for (int i = 0; i < x.size(); i++) {
            right += x.toDoubleArray()[i] * f.toDoubleArray()[i];
        }
        assertEquals(left, right, 1e-12); // <unfold(x), c> = <x, fold(c)>
    }

    @Test
    void badArgumentsAreRefusedNamingTheOp() {
        Node x = SourceOp.input("x", Shape.of(1, 4, 5, 2));
        int[] one = {1, 1};
        int[] zero = {0, 0};
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(4, 5)).unfold(one, one, zero,
                one), "unfold: operand must be channels-last images [N, H, W, C], or one image [H, W, C], with"
                        + " concrete H, W and C, got v : f64[4, 5]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("n", Shape.of(Shape.BATCH, 5, 2)).unfold(one,
                one, zero, one), "unfold: operand must be channels-last images", "got n : f64[N, 5, 2]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(4, 5, 2)).unfold(new int[] {5, 1},
                one, zero, one), "unfold: no block fits: an image of 4 x 5", "got v : f64[4, 5, 2]");
        rejects(IllegalArgumentException.class, () -> x.unfold(new int[] {5, 1}, one, zero, one),
                "unfold: no block fits: an image of 4 x 5 padded by 0, 0 is smaller than the dilated kernel 5 x 1");
        rejects(IllegalArgumentException.class, () -> x.unfold(new int[] {0, 1}, one, zero, one),
                "unfold: kernel must be two values >= 1, got [0, 1]");
        rejects(IllegalArgumentException.class, () -> x.unfold(one, one, new int[] {-1, 0}, one),
                "unfold: padding must be two values >= 0, got [-1, 0]");
        rejects(IllegalArgumentException.class, () -> x.unfold(one, new int[] {1}, zero, one),
                "unfold: stride must be two values >= 1, got [1]");
        Node cols = SourceOp.input("c", Shape.of(1, 9, 12));
        rejects(IllegalArgumentException.class, () -> cols.fold(new int[] {4, 5}, new int[] {2, 2}, one, zero, one),
                "fold: operand must be [N, L, C kh kw], or one image's [L, C kh kw], with L = 12 blocks (3 x 4) and"
                        + " rows a multiple of kh kw = 4, got c : f64[1, 9, 12]");
        rejects(IllegalArgumentException.class, () -> cols.fold(new int[] {4, 5}, new int[] {2, 3}, one, zero,
                new int[] {1, 2}), "fold: operand must be [N, L, C kh kw], or one image's [L, C kh kw], with L = 3"
                        + " blocks (3 x 1)");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("r", Shape.of(9)).fold(new int[] {4, 5},
                new int[] {2, 3}, new int[] {2, 1}, new int[] {1, 0}, one), "fold: operand must be", "got r : f64[9]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("u", Shape.of(8, 12)).fold(new int[] {4, 5},
                new int[] {2, 3}, new int[] {2, 1}, new int[] {1, 0}, one), "with L = 9 blocks (3 x 3)",
                "got u : f64[8, 12]");
        rejects(IllegalArgumentException.class, () -> cols.fold(new int[] {4}, one, one, zero, one),
                "fold: outputSize must be {H, W}, got [4]");
        int[] huge = {Integer.MAX_VALUE / 2 + 10, 0}; // 2 + 2·1073741833 cells overflow an int
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(2, 2, 1)).unfold(one, one, huge,
                one), "unfold: the padded image must have at most 2147483647 cells per axis, got 2 + 2 x 1073741833"
                        + " = 2147483668 on axis 0 of 2 x 2 with padding [1073741833, 0]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("b", Shape.of(1, 4, 1)).fold(one, one, one, huge,
                one), "fold: the padded image must have at most 2147483647 cells per axis, got 1 + 2 x 1073741833");
    }
}
