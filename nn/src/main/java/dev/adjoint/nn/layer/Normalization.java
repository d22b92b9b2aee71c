package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Fixed per-feature scaling, {@code y = (x - center) / scale}, with constants measured on training data
 * (Keras's {@code Normalization} layer after {@code adapt}): standardization has {@code center = mean} and
 * {@code scale = std}, min-max scaling {@code center = min} and {@code scale = max - min}. The constants are
 * part of the layer's configuration, so a model that starts with this layer is saved and loaded with its
 * preprocessing, and predicts from raw inputs. No parameters; the gradient is {@code xBar = yBar / scale}.
 *
 * <p>Features are the elements of one example in row-major order: for inputs {@code [N, d1, ..., dk]} there are
 * {@code d1 * ... * dk} of them. That is Keras's {@code Normalization(axis=(1, ..., k))}; Keras's default
 * {@code axis=-1} shares the statistics of each last-axis feature over the other axes, which
 * {@code Scaling.standardize(x, -1)} measures (the two agree for inputs {@code [N, d]}). Measure one on training
 * rows with {@code dev.adjoint.nn.data.Scaling}; {@link #transform} and {@link #inverse} apply it to tensors
 * outside a model (to a regression's targets, say), with the same arithmetic in float64.
 *
 * @param center the value subtracted from each feature (finite)
 * @param scale the divisor of each feature (finite, {@code > 0})
 * @param name the layer's name, or null
 */
public record Normalization(double[] center, double[] scale, String name) implements Layer {

    /** Validates and copies the constants. */
    public Normalization {
        LayerArguments.nonNull(center, "Normalization", name, "center");
        LayerArguments.nonNull(scale, "Normalization", name, "scale");
        if (center.length == 0 || center.length != scale.length) {
            throw new IllegalArgumentException(LayerArguments.describe("Normalization", name)
                    + ": center and scale must have one equal, non-zero"
                    + " length, got " + center.length + " and " + scale.length);
        }
        center = center.clone();
        scale = scale.clone();
        for (int j = 0; j < center.length; j++) {
            if (!Double.isFinite(center[j]) || !(scale[j] > 0) || Double.isInfinite(scale[j])) {
                throw new IllegalArgumentException(LayerArguments.describe("Normalization", name)
                        + ": feature " + j + " needs a finite center and a"
                        + " finite scale > 0, got center " + center[j] + " and scale " + scale[j]);
            }
        }
    }

    /** The center of each feature (a copy). */
    @Override
    public double[] center() {
        return center.clone();
    }

    /** The scale of each feature (a copy). */
    @Override
    public double[] scale() {
        return scale.clone();
    }

    /** The number of features. */
    public int features() {
        return center.length;
    }

    /**
     * {@code (x - center) / scale} per feature of {@code x : [rows, ...]}, computed in float64 and returned in
     * {@code x}'s dtype.
     *
     * @throws IllegalArgumentException when {@code x} has another number of features
     */
    public Tensor transform(Tensor x) {
        return scaled(x, false);
    }

    /** {@code y * scale + center} per feature: back to the original units. */
    public Tensor inverse(Tensor y) {
        return scaled(y, true);
    }

    private Tensor scaled(Tensor x, boolean inverse) {
        Objects.requireNonNull(x, "x is null");
        int rows = x.rank() < 1 ? 0 : x.shape().dim(0);
        if (x.rank() < 2 || (rows > 0 ? x.size() / rows : x.shape().drop(0).size()) != center.length) {
            throw new IllegalArgumentException(LayerArguments.describe("Normalization", name)
                    + ": x must be [rows, ...] with " + center.length + " features per row, got " + x.shape());
        }
        double[] data = x.toDoubleArray();
        for (int i = 0; i < data.length; i++) {
            int j = i % center.length;
            double v = inverse ? data[i] * scale[j] + center[j] : (data[i] - center[j]) / scale[j];
            if (Double.isFinite(data[i]) && !Double.isFinite(x.dtype() == DType.FLOAT32 ? (float) v : v)) {
                throw new IllegalArgumentException(LayerArguments.describe("Normalization", name)
                        + ": " + (inverse ? "inverse" : "transform") + " of "
                        + data[i] + " (element " + i + ", feature " + j + ") is " + v + ", which "
                        + x.dtype().shortName() + " cannot hold");
            }
            data[i] = v;
        }
        return Tensor.of(x.dtype(), x.shape(), data);
    }

    /** With a name. */
    public Normalization named(String newName) {
        return new Normalization(center, scale, newName);
    }

    @Override
    public String kind() {
        return "normalization";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() < 2 || featuresOf(input) != center.length) {
            throw new IllegalArgumentException(LayerArguments.describe("Normalization", name)
                    + ": input must be [N, ...] with " + center.length + " features per example, got " + input);
        }
        return input;
    }

    private static int featuresOf(Shape input) {
        int n = 1;
        for (int a = 1; a < input.rank(); a++) {
            if (input.dim(a) == Shape.BATCH) {
                return -1;
            }
            n *= input.dim(a);
        }
        return n;
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        return List.of();
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Shape example = x.shape().drop(0);
        if (x.dtype() == DType.FLOAT32) {
            for (int j = 0; j < center.length; j++) {
                float c = (float) center[j];
                float s = (float) scale[j];
                if (!Float.isFinite(c) || !(s > 0) || !Float.isFinite(s)) {
                    throw new IllegalArgumentException(LayerArguments.describe("Normalization", name)
                            + ": feature " + j + "'s center " + center[j]
                            + " and scale " + scale[j] + " must be finite, the scale > 0, in the model's f32, got "
                            + c + " and " + s);
                }
            }
        }
        Node c = SourceOp.constant(Tensor.of(x.dtype(), example, center));
        Node s = SourceOp.constant(Tensor.of(x.dtype(), example, scale));
        return x.sub(c).div(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization other && Arrays.equals(center, other.center)
                && Arrays.equals(scale, other.scale) && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(center), Arrays.hashCode(scale), name);
    }

    /** {@code Normalization[features=64, name=null]}: the constants are too many to print. */
    @Override
    public String toString() {
        return "Normalization[features=" + center.length + ", name=" + name + "]";
    }
}
