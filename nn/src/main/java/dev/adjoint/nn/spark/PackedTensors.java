package dev.adjoint.nn.spark;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of tensors of one dtype as plain arrays, the form in which parameters travel to executors and
 * gradients back: their shapes and one flat array of all their values, float32 as {@code float[]} (4 bytes a
 * value) and float64 as {@code double[]}. Packing and unpacking copy the values exactly.
 */
final class PackedTensors implements Serializable {

    private static final long serialVersionUID = 1L;

    private final boolean float32;
    private final int[][] shapes;
    private final float[] f32;
    private final double[] f64;

    private PackedTensors(boolean float32, int[][] shapes, float[] f32, double[] f64) {
        this.float32 = float32;
        this.shapes = shapes;
        this.f32 = f32;
        this.f64 = f64;
    }

    /** The tensors, which must share one dtype. */
    static PackedTensors pack(List<Tensor> tensors, DType dtype) {
        int[][] shapes = new int[tensors.size()][];
        int total = 0;
        for (int i = 0; i < shapes.length; i++) {
            Tensor t = tensors.get(i);
            if (t.dtype() != dtype) {
                throw new IllegalArgumentException("spark: tensors travel in the model's dtype " + dtype.shortName()
                        + ", got " + t.dtype().shortName() + t.shape() + " at " + i);
            }
            shapes[i] = t.shape().dims();
            total += t.size();
        }
        boolean float32 = dtype == DType.FLOAT32;
        float[] f32 = float32 ? new float[total] : null;
        double[] f64 = float32 ? null : new double[total];
        int at = 0;
        for (Tensor t : tensors) {
            if (float32) {
                System.arraycopy(t.toFloatArray(), 0, f32, at, t.size());
            } else {
                System.arraycopy(t.toDoubleArray(), 0, f64, at, t.size());
            }
            at += t.size();
        }
        return new PackedTensors(float32, shapes, f32, f64);
    }

    /** The tensors, in the order packed. */
    List<Tensor> unpack() {
        List<Tensor> tensors = new ArrayList<>(shapes.length);
        int at = 0;
        for (int[] dims : shapes) {
            Shape shape = Shape.of(dims);
            int size = shape.size();
            if (float32) {
                float[] values = new float[size];
                System.arraycopy(f32, at, values, 0, size);
                tensors.add(Tensor.of(shape, values));
            } else {
                double[] values = new double[size];
                System.arraycopy(f64, at, values, 0, size);
                tensors.add(Tensor.of(shape, values));
            }
            at += size;
        }
        return tensors;
    }

    /** Writes the tensors in a plain binary form: the dtype, the shapes, the values. */
    void write(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeBoolean(float32);
        out.writeInt(shapes.length);
        for (int[] dims : shapes) {
            out.writeInt(dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
        }
        int n = float32 ? f32.length : f64.length;
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            if (float32) {
                out.writeFloat(f32[i]);
            } else {
                out.writeDouble(f64[i]);
            }
        }
    }

    /** Reads what {@link #write} wrote. */
    static PackedTensors read(java.io.DataInputStream in) throws java.io.IOException {
        boolean float32 = in.readBoolean();
        int[][] shapes = new int[in.readInt()][];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = new int[in.readInt()];
            for (int a = 0; a < shapes[i].length; a++) {
                shapes[i][a] = in.readInt();
            }
        }
        int n = in.readInt();
        float[] f32 = float32 ? new float[n] : null;
        double[] f64 = float32 ? null : new double[n];
        for (int i = 0; i < n; i++) {
            if (float32) {
                f32[i] = in.readFloat();
            } else {
                f64[i] = in.readDouble();
            }
        }
        return new PackedTensors(float32, shapes, f32, f64);
    }

    /** The number of bytes of values. */
    long bytes() {
        return float32 ? 4L * f32.length : 8L * f64.length;
    }
}
