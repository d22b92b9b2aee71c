package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.TensorInternals;
import java.util.List;

/** Kernels that move elements without arithmetic: permute, broadcast, slice, pad, concat. */
public final class MovementKernels {

    private MovementKernels() {
    }

    /** {@code y[i_perm[0], ..., i_perm[r-1]] = x[i_0, ..., i_{r-1}]}, i.e. axis a of y is axis perm[a] of x. */
    public static Tensor permute(Tensor x, int[] perm, Shape out) {
        int[] inStrides = x.shape().strides();
        int[] readStrides = new int[perm.length];
        for (int a = 0; a < perm.length; a++) {
            readStrides[a] = inStrides[perm[a]];
        }
        return gatherOffsets(x, Strides.offsets(out.dims(), readStrides), out);
    }

    /** Repeats {@code x} along its size-1 axes (and new leading axes) to {@code out}. */
    public static Tensor broadcastTo(Tensor x, Shape out) {
        int lead = out.rank() - x.rank();
        int[] inStrides = x.shape().strides();
        int[] readStrides = new int[out.rank()];
        for (int a = 0; a < x.rank(); a++) {
            readStrides[lead + a] = x.shape().dim(a) == 1 ? 0 : inStrides[a];
        }
        return gatherOffsets(x, Strides.offsets(out.dims(), readStrides), out);
    }

    /** {@code y[i] = x[starts + i]} for the window of shape {@code out}. */
    public static Tensor slice(Tensor x, int[] starts, Shape out) {
        int[] strides = x.shape().strides();
        int base = 0;
        for (int a = 0; a < starts.length; a++) {
            base += starts[a] * strides[a];
        }
        int[] offsets = Strides.offsets(out.dims(), strides);
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] += base;
        }
        return gatherOffsets(x, offsets, out);
    }

    /** Zeros of shape {@code out} with {@code x} written at {@code before} along each axis. */
    public static Tensor pad(Tensor x, int[] before, Shape out) {
        int[] outStrides = out.strides();
        int base = 0;
        for (int a = 0; a < before.length; a++) {
            base += before[a] * outStrides[a];
        }
        int[] offsets = Strides.offsets(x.shape().dims(), outStrides);
        double[] xs = TensorInternals.doubles(x);
        double[] ys = new double[out.size()];
        for (int i = 0; i < xs.length; i++) {
            ys[base + offsets[i]] = xs[i];
        }
        return TensorInternals.adopt(x.dtype(), out, ys);
    }

    /** The parts laid one after another along {@code axis}. */
    public static Tensor concat(List<Tensor> parts, int axis, Shape out) {
        double[] ys = new double[out.size()];
        int outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= out.dim(a);
        }
        int outRow = ys.length / Math.max(1, outer);
        int written = 0;
        for (Tensor part : parts) {
            double[] ps = TensorInternals.doubles(part);
            int row = ps.length / Math.max(1, outer);
            for (int o = 0; o < outer; o++) {
                System.arraycopy(ps, o * row, ys, o * outRow + written, row);
            }
            written += row;
        }
        return TensorInternals.adopt(parts.get(0).dtype(), out, ys);
    }

    private static Tensor gatherOffsets(Tensor x, int[] offsets, Shape out) {
        double[] xs = TensorInternals.doubles(x);
        double[] ys = new double[offsets.length];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = xs[offsets[i]];
        }
        return TensorInternals.adopt(x.dtype(), out, ys);
    }
}
