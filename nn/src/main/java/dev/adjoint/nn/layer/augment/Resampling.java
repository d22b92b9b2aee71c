package dev.adjoint.nn.layer.augment;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Objects;

/**
 * Per-example linear resampling of an image along one spatial axis, in graph ops: output cell i of example n
 * reads the source coordinate {@code src[n, i]} (a fractional cell index), so {@code y[n, i] = sum_s A[n, i, s]
 * x[n, s]} with {@code A} the interpolation weights, applied as a batched matrix product. Axis-aligned shifts and
 * scalings (translation, zoom) are separable, one such product per axis.
 *
 * <p>Outside the image the fill mode decides what is read (Keras's names): {@code "reflect"} mirrors about the
 * edge ({@code d c b a | a b c d | d c b a}, for shifts up to the image's size), {@code "nearest"} repeats the
 * edge cell, {@code "constant"} reads {@code fillValue} (the weights of such a row sum to less than one, and the
 * layer adds {@code fillValue} times the rest). Interpolation {@code "bilinear"}:
 * {@code A[i, s] = max(0, 1 - |src_i - s|)}; {@code "nearest"}: the cell {@code s} with
 * {@code s - 1/2 <= src_i < s + 1/2} (half rounds up).
 */
final class Resampling {

    private Resampling() {
    }

    /** Checks a fill mode: {@code reflect}, {@code nearest} or {@code constant}. */
    static String fillMode(String layer, String mode) {
        Objects.requireNonNull(mode, layer + ": fillMode is null");
        if (!mode.equals("reflect") && !mode.equals("nearest") && !mode.equals("constant")) {
            throw new IllegalArgumentException(layer + ": fillMode must be \"reflect\", \"nearest\" or \"constant\","
                    + " got \"" + mode + "\"");
        }
        return mode;
    }

    /** Checks an interpolation: {@code bilinear} or {@code nearest}. */
    static String interpolation(String layer, String interpolation) {
        Objects.requireNonNull(interpolation, layer + ": interpolation is null");
        if (!interpolation.equals("bilinear") && !interpolation.equals("nearest")) {
            throw new IllegalArgumentException(layer + ": interpolation must be \"bilinear\" or \"nearest\", got \""
                    + interpolation + "\"");
        }
        return interpolation;
    }

    /** Checks a factor range {@code [lower, upper]} within {@code [least, most]}. */
    static void range(String layer, String what, double lower, double upper, double least, double most) {
        if (!(lower <= upper) || !(lower >= least) || !(upper <= most)) {
            throw new IllegalArgumentException(layer + ": " + what + " must satisfy " + least + " <= lower <= upper <= "
                    + most + ", got [" + lower + ", " + upper + "]");
        }
    }

    /**
     * {@code [N, 1, 1]} uniform in {@code [lower, upper)} for the batch of {@code x}, example n's value drawn from
     * the step's key, {@code salt} and the example's index {@code rows[n]} in the training data: the same for an
     * example whatever batch or shard it is in.
     */
    static Node draw(Node key, Node rows, Node x, double lower, double upper, long salt) {
        Node u = RandomOp.uniformByRow(key, rows, Shape.of(x.shape().dim(0), 1, 1), x.dtype(), salt);
        return u.mul(upper - lower).add(lower);
    }

    /** The cell indices {@code 0 .. size-1} as a constant of shape {@code dims} (one axis of size {@code size}). */
    static Node iota(int size, DType dtype, int... dims) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = i;
        }
        return SourceOp.constant(Tensor.of(dtype, Shape.of(dims), v));
    }

    /**
     * The weights {@code A : [N, size, size]} for source coordinates {@code src : [N, size, 1]} (row i of example n
     * reads {@code src[n, i]}).
     */
    static Node weights(Node src, int size, String fillMode, String interpolation) {
        Node s = switch (fillMode) {
            case "reflect" -> {
                // mirror about -1/2 and size - 1/2 (one reflection each side covers |shifts| <= size); the half
                // cell beyond an edge then reads the edge cell on both sides, as clamping does
                Node left = src.add(0.5).abs().sub(0.5);
                yield clamp(left.neg().add(size - 0.5).abs().neg().add(size - 0.5), size);
            }
            case "nearest" -> clamp(src, size);
            default -> src;
        };
        Node d = s.sub(iota(size, src.dtype(), 1, 1, size));
        if (interpolation.equals("bilinear")) {
            return d.abs().neg().add(1.0).relu();
        }
        Node below = d.less(SourceOp.scalar(0.5, d.dtype())).cast(d.dtype());
        Node above = d.less(SourceOp.scalar(-0.5, d.dtype())).cast(d.dtype());
        return below.sub(above);
    }

    private static Node clamp(Node src, int size) {
        return src.maximum(SourceOp.scalar(0, src.dtype())).minimum(SourceOp.scalar(size - 1, src.dtype()));
    }

    /**
     * {@code y = A · x} along spatial axis {@code axis} of {@code x}, {@code A : [N, S, S]} with S that axis's size:
     * the axis is moved next to the batch, the others flattened, multiplied, and put back.
     */
    static Node along(Node x, int axis, Node a) {
        int r = x.rank();
        int[] perm = new int[r];
        perm[0] = 0;
        perm[1] = axis;
        for (int b = 1, i = 2; b < r; b++) {
            if (b != axis) {
                perm[i++] = b;
            }
        }
        Node moved = x.permute(perm);
        int size = x.shape().dim(axis);
        int rest = restSize(x, axis);
        Node product = a.matmul(moved.reshape(Shape.of(x.shape().dim(0), size, rest))).reshape(moved.shape());
        int[] inverse = new int[r];
        for (int b = 0; b < r; b++) {
            inverse[perm[b]] = b;
        }
        return product.permute(inverse);
    }

    /**
     * {@code x} resampled along the height by {@code ah} and along the width by {@code aw} ({@code [N, S, S]}
     * each); with the {@code "constant"} fill, plus {@code fillValue} times the part of each cell outside the
     * image ({@code 1 - coverage}).
     */
    static Node resample(Node x, ImageAxes axes, Node ah, Node aw, String fillMode, double fillValue) {
        Node y = along(along(x, axes.height(), ah), axes.width(), aw);
        if (!fillMode.equals("constant") || fillValue == 0) {
            return y;
        }
        int n = x.shape().dim(0);
        int h = x.shape().dim(axes.height());
        int w = x.shape().dim(axes.width());
        Node coverage = ah.sum(true, 2).mul(aw.sum(true, 2).reshape(Shape.of(n, 1, w)));
        int[] dims = {n, 1, 1, 1};
        dims[axes.height()] = h;
        dims[axes.width()] = w;
        return y.add(coverage.neg().add(1.0).mul(fillValue).reshape(Shape.of(dims)));
    }

    private static int restSize(Node x, int axis) {
        int rest = 1;
        for (int b = 1; b < x.rank(); b++) {
            if (b != axis) {
                rest *= x.shape().dim(b);
            }
        }
        return rest;
    }
}
