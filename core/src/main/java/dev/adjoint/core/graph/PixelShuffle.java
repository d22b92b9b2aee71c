package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import java.util.Objects;

/**
 * Moving values between the channels and a block of pixels, on channels-last images {@code [..., H, W, C]}:
 * {@code torch.nn.functional.pixel_shuffle} and {@code pixel_unshuffle} (sub-pixel convolution's upsampling).
 * Each is a reshape, a permutation and a reshape, so both are linear and exact, and each is the other's inverse.
 *
 * <p><b>Channel order.</b> PyTorch defines them on channels-first images: {@code pixel_shuffle} maps
 * {@code [N, C r², H, W]} to {@code [N, C, H r, W r]} with {@code y[n, c, h r + i, w r + j] = x[n, c r² + i r + j,
 * h, w]}. Here the same map is read channels-last, {@code y[..., h r + i, w r + j, c] = x[..., h, w, c r² + i r +
 * j]}, so a model ported from PyTorch, with its activations permuted from {@code [N, C, H, W]} to
 * {@code [N, H, W, C]} and its weights unchanged, gives the same numbers. TensorFlow's {@code depth_to_space}
 * orders the channels the other way, {@code (i r + j) C + c}: a model from TensorFlow needs its channels
 * permuted.
 */
public final class PixelShuffle {

    private PixelShuffle() {
    }

    /**
     * {@code [..., H, W, C r²] -> [..., H r, W r, C]}: {@code y[..., h r + i, w r + j, c] = x[..., h, w,
     * c r² + i r + j]}, PyTorch's {@code pixel_shuffle} channels-last (see the class comment).
     *
     * @param r the upscale factor, {@code >= 1}
     * @throws IllegalArgumentException when r is below 1, x has rank below 3, H, W or C is N, or the channels
     *     are not a multiple of r²
     */
    public static Node pixelShuffle(Node x, int r) {
        Objects.requireNonNull(x, "pixelShuffle: operand is null");
        int[] hwc = image(x, r, "pixelShuffle");
        if (hwc[2] % ((long) r * r) != 0) {
            throw new IllegalArgumentException("pixelShuffle: the channels must be a multiple of r² = " + (long) r * r
                    + ", got " + x.describe());
        }
        int c = (int) (hwc[2] / ((long) r * r));
        int k = x.rank() - 3;
        Node blocks = x.reshape(with(x.shape(), k, hwc[0], hwc[1], c, r, r));
        Node moved = blocks.permute(order(k, 0, 3, 1, 4, 2));
        return moved.reshape(with(x.shape(), k, Math.multiplyExact(hwc[0], r), Math.multiplyExact(hwc[1], r), c));
    }

    /**
     * {@code [..., H r, W r, C] -> [..., H, W, C r²]}, the inverse of {@link #pixelShuffle}: {@code y[..., h, w,
     * c r² + i r + j] = x[..., h r + i, w r + j, c]}, PyTorch's {@code pixel_unshuffle} channels-last.
     *
     * @param r the downscale factor, {@code >= 1}
     * @throws IllegalArgumentException when r is below 1, x has rank below 3, H, W or C is N, or H or W is not a
     *     multiple of r
     */
    public static Node pixelUnshuffle(Node x, int r) {
        Objects.requireNonNull(x, "pixelUnshuffle: operand is null");
        int[] hwc = image(x, r, "pixelUnshuffle");
        if (hwc[0] % r != 0 || hwc[1] % r != 0) {
            throw new IllegalArgumentException("pixelUnshuffle: the height and width must be multiples of r = " + r
                    + ", got " + x.describe());
        }
        int h = hwc[0] / r;
        int w = hwc[1] / r;
        int k = x.rank() - 3;
        Node blocks = x.reshape(with(x.shape(), k, h, r, w, r, hwc[2]));
        Node moved = blocks.permute(order(k, 0, 2, 4, 1, 3));
        return moved.reshape(with(x.shape(), k, h, w, Math.multiplyExact(hwc[2], Math.multiplyExact(r, r))));
    }

    /** {@code [H, W, C]} of x, checked under {@code op}'s name with r. */
    private static int[] image(Node x, int r, String op) {
        if (r < 1) {
            throw new IllegalArgumentException(op + ": the factor r must be >= 1, got " + r);
        }
        if (x.rank() < 3) {
            throw new IllegalArgumentException(op + ": operand must be channels-last images [..., H, W, C], got "
                    + x.describe());
        }
        int[] hwc = {x.shape().dim(-3), x.shape().dim(-2), x.shape().dim(-1)};
        for (int d : hwc) {
            if (d == Shape.BATCH) {
                throw new IllegalArgumentException(op + ": H, W and C must be concrete, got " + x.describe());
            }
        }
        return hwc;
    }

    /** The first {@code k} axes of {@code s}, then {@code tail}. */
    private static Shape with(Shape s, int k, int... tail) {
        int[] dims = new int[k + tail.length];
        System.arraycopy(s.dims(), 0, dims, 0, k);
        System.arraycopy(tail, 0, dims, k, tail.length);
        return Shape.of(dims);
    }

    /** The identity on the first {@code k} axes, then the five axes after them in the order {@code tail}. */
    private static int[] order(int k, int... tail) {
        int[] perm = new int[k + tail.length];
        for (int a = 0; a < k; a++) {
            perm[a] = a;
        }
        for (int t = 0; t < tail.length; t++) {
            perm[k + t] = k + tail[t];
        }
        return perm;
    }
}
