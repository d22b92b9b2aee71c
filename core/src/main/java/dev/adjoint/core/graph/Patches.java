package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sliding blocks of channels-last images, {@code torch.nn.functional.unfold} (im2col) and {@code fold} (col2im,
 * its adjoint), as compositions of padding, strided slices and reshapes; so both are linear and exact (fold sums
 * overlapping blocks), and their gradients come from those ops.
 *
 * <p><b>Layout.</b> PyTorch's {@code unfold} maps {@code [N, C, H, W]} to {@code [N, C kh kw, L]}, the column of
 * block {@code l = ho Wo + wo} holding {@code x[n, c, ho sh - ph + i dh, wo sw - pw + j dw]} at row
 * {@code c kh kw + i kw + j}. Here the image is channels-last {@code [N, H, W, C]} and the blocks are rows:
 * {@code [N, L, C kh kw]} with the same order within a row, so {@code unfold(x).transpose()} of an image permuted
 * from {@code [N, C, H, W]} is PyTorch's result, and {@code fold} takes PyTorch's input transposed the same way.
 * One image {@code [H, W, C]} (PyTorch's unbatched {@code [C, H, W]}) gives {@code [L, C kh kw]}. The output size
 * per axis is {@code ⌊(H + 2 ph - dh (kh - 1) - 1) / sh⌋ + 1} ({@code Stencil.positions}, as the convolutions
 * count) and must be at least 1.
 */
public final class Patches {

    private Patches() {
    }

    /**
     * {@code torch.nn.functional.unfold} on channels-last images: {@code [N, H, W, C] -> [N, Ho Wo, C kh kw]} (see
     * the class comment for the order), zero padding; one image {@code [H, W, C] -> [Ho Wo, C kh kw]}, as PyTorch's
     * unbatched {@code [C, H, W]}.
     *
     * @param kernel {@code {kh, kw}}, each {@code >= 1}
     * @param stride {@code {sh, sw}}, each {@code >= 1}
     * @param padding {@code {ph, pw}}, each {@code >= 0}, zeros on both sides
     * @param dilation {@code {dh, dw}}, each {@code >= 1}
     * @throws IllegalArgumentException when x is not {@code [N, H, W, C]} or {@code [H, W, C]} with concrete H, W
     *     and C, a parameter is out of range, or no block fits
     */
    public static Node unfold(Node x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        Objects.requireNonNull(x, "unfold: operand is null");
        boolean image = x.rank() == 3; // one image [H, W, C]: as a batch of one, the batch axis dropped after
        Geometry g = geometry("unfold", x, x.rank() >= 3 ? x.shape().dim(-3) : -1,
                x.rank() >= 3 ? x.shape().dim(-2) : -1, kernel, stride, padding, dilation);
        if (image) {
            return unfold(x.unsqueeze(0), kernel, stride, padding, dilation).squeeze(0);
        }
        Node padded = x.pad(new int[] {0, g.padding[0], g.padding[1], 0}, new int[] {0, g.padding[0], g.padding[1], 0});
        List<Node> blocks = new ArrayList<>();
        for (int i = 0; i < g.kernel[0]; i++) {
            for (int j = 0; j < g.kernel[1]; j++) {
                blocks.add(block(padded, g, i, j).unsqueeze(-1));
            }
        }
        int c = x.shape().dim(3);
        Node stacked = MovementOp.concat(-1, blocks); // [N, Ho, Wo, C, kh kw]
        return stacked.reshape(Shape.of(x.shape().dim(0), g.out[0] * g.out[1], c * g.kernel[0] * g.kernel[1]));
    }

    /**
     * {@code torch.nn.functional.fold} on channels-last images, the adjoint of {@link #unfold}:
     * {@code [N, Ho Wo, C kh kw] -> [N, H, W, C]} with {@code {H, W} = outputSize}, each block added where unfold
     * read it (overlapping blocks sum; padding is cropped); one image's blocks {@code [Ho Wo, C kh kw] -> [H, W, C]},
     * as PyTorch's unbatched {@code [C kh kw, L]}.
     *
     * @param outputSize {@code {H, W}}, each {@code >= 1}
     * @throws IllegalArgumentException when cols is not {@code [N, L, C kh kw]} or {@code [L, C kh kw]} with L the
     *     number of blocks that fit {@code outputSize}, or a parameter is out of range
     */
    public static Node fold(Node cols, int[] outputSize, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        Objects.requireNonNull(cols, "fold: operand is null");
        Objects.requireNonNull(outputSize, "fold: outputSize is null");
        if (outputSize.length != 2) {
            throw new IllegalArgumentException("fold: outputSize must be {H, W}, got " + java.util.Arrays.toString(
                    outputSize));
        }
        Geometry g = geometry("fold", cols, outputSize[0], outputSize[1], kernel, stride, padding, dilation);
        int blocks = g.kernel[0] * g.kernel[1];
        boolean batched = cols.rank() == 3;
        int rows = batched || cols.rank() == 2 ? cols.shape().dim(-1) : -1;
        if (!batched && cols.rank() != 2 || cols.shape().dim(-2) != g.out[0] * g.out[1] || rows < 0
                || rows % blocks != 0) {
            throw new IllegalArgumentException("fold: operand must be [N, L, C kh kw], or one image's [L, C kh kw],"
                    + " with L = " + g.out[0] * g.out[1] + " blocks (" + g.out[0] + " x " + g.out[1] + ") and rows a"
                    + " multiple of kh kw = " + blocks + ", got " + cols.describe());
        }
        if (!batched) { // one image's blocks: as a batch of one, the batch axis dropped after
            return fold(cols.unsqueeze(0), outputSize, kernel, stride, padding, dilation).squeeze(0);
        }
        int c = rows / blocks;
        int n = cols.shape().dim(0);
        Node v = cols.reshape(Shape.of(n, g.out[0], g.out[1], c, blocks));
        int hp = outputSize[0] + 2 * g.padding[0];
        int wp = outputSize[1] + 2 * g.padding[1];
        Node sum = null;
        for (int i = 0; i < g.kernel[0]; i++) {
            for (int j = 0; j < g.kernel[1]; j++) {
                int t = i * g.kernel[1] + j;
                Node part = spread(spread(v.slice(-1, t, t + 1).squeeze(-1), 1, g.stride[0]), 2, g.stride[1]);
                int top = i * g.dilation[0];
                int left = j * g.dilation[1];
                Node placed = part.pad(new int[] {0, top, left, 0}, new int[] {0, hp - top - part.shape().dim(1),
                    wp - left - part.shape().dim(2), 0});
                sum = sum == null ? placed : sum.add(placed);
            }
        }
        return sum.slice(1, g.padding[0], g.padding[0] + outputSize[0])
                .slice(2, g.padding[1], g.padding[1] + outputSize[1]);
    }

    /** Block {@code (i, j)} of every position: {@code xp[:, i dh + ho sh, j dw + wo sw, :]}, {@code [N, Ho, Wo, C]}. */
    private static Node block(Node padded, Geometry g, int i, int j) {
        int top = i * g.dilation[0];
        int left = j * g.dilation[1];
        Node rows = ArrangeOp.slice(padded, 1, top, top + (g.out[0] - 1) * g.stride[0] + 1, g.stride[0]);
        return ArrangeOp.slice(rows, 2, left, left + (g.out[1] - 1) * g.stride[1] + 1, g.stride[1]);
    }

    /** x with {@code s - 1} zeros between neighbours along {@code axis}: length {@code (n - 1) s + 1}. */
    private static Node spread(Node x, int axis, int s) {
        if (s == 1) {
            return x;
        }
        int[] dims = x.shape().dims();
        int n = dims[axis];
        int[] after = new int[x.rank() + 1];
        after[axis + 1] = s - 1;
        Node widened = x.unsqueeze(axis + 1).pad(new int[x.rank() + 1], after);
        dims[axis] = n * s;
        return widened.reshape(Shape.of(dims)).slice(axis, 0, Math.max((n - 1) * s + 1, 0));
    }

    /** The checked parameters and the number of blocks per axis. */
    private record Geometry(int[] kernel, int[] stride, int[] padding, int[] dilation, int[] out) {
    }

    /** The geometry of an image {@code h x w}, checked under {@code op}'s name. */
    private static Geometry geometry(String op, Node x, int h, int w, int[] kernel, int[] stride, int[] padding,
            int[] dilation) {
        int[] k = pair(op, "kernel", kernel, 1);
        int[] s = pair(op, "stride", stride, 1);
        int[] p = pair(op, "padding", padding, 0);
        int[] d = pair(op, "dilation", dilation, 1);
        if (op.equals("unfold") && !(x.rank() == 4 ? x.shape().drop(0).isConcrete()
                : x.rank() == 3 && x.shape().isConcrete())) {
            throw new IllegalArgumentException("unfold: operand must be channels-last images [N, H, W, C], or one image"
                    + " [H, W, C], with concrete H, W and C, got " + x.describe());
        }
        int[] out = new int[2];
        int[] size = {h, w};
        for (int a = 0; a < 2; a++) {
            long padded = size[a] + 2L * p[a];
            if (padded > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op + ": the padded image must have at most " + Integer.MAX_VALUE
                        + " cells per axis, got " + size[a] + " + 2 x " + p[a] + " = " + padded + " on axis " + a
                        + " of " + h + " x " + w + " with padding " + java.util.Arrays.toString(padding));
            }
            long positions = Stencil.positions(padded, Stencil.extent(k[a], d[a]), s[a]);
            if (size[a] < 1 || positions < 1) {
                throw new IllegalArgumentException(op + ": no block fits: an image of " + h + " x " + w + " padded by "
                        + p[0] + ", " + p[1] + " is smaller than the dilated kernel " + Stencil.extent(k[0], d[0])
                        + " x " + Stencil.extent(k[1], d[1]) + ", got " + x.describe());
            }
            out[a] = Math.toIntExact(positions);
        }
        return new Geometry(k, s, p, d, out);
    }

    /** A pair of values {@code >= least}, named {@code what}. */
    private static int[] pair(String op, String what, int[] values, int least) {
        Objects.requireNonNull(values, op + ": " + what + " is null");
        if (values.length != 2 || values[0] < least || values[1] < least) {
            throw new IllegalArgumentException(op + ": " + what + " must be two values >= " + least + ", got "
                    + java.util.Arrays.toString(values));
        }
        return values.clone();
    }
}
