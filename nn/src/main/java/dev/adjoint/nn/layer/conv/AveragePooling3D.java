package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.LayerContext;
import java.util.List;

/**
 * Average pooling over depth, height and width, Keras's {@code AveragePooling3D}: {@code [N, D, H, W, C] ->
 * [N, D', H', W', C]} (or {@code [N, C, D, H, W]} channels first), {@code y[o] = sum_{i in W(o)} x[i] / |W(o)|}.
 * Per axis {@code out = floor((in - k) / s) + 1} with valid padding and {@code ceil(in / s)} with same, whose
 * {@code max((out - 1)·s + k - in, 0)} padded cells sit {@code floor(total / 2)} before and the rest after; the
 * mean is over the cells inside the input only, as in Keras ({@code |W(o)|} counts them). Defaults: pool 2,
 * strides = pool, valid, channels last.
 *
 * @param poolSize the window, one entry per spatial axis (or one for all)
 * @param strides the step between windows (null: the pool size)
 * @param padding {@code "valid"} or {@code "same"}
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param name the layer's name, or null
 */
public record AveragePooling3D(List<Integer> poolSize, List<Integer> strides, String padding, String dataFormat,
        String name) implements Layer {

    /** Validates the configuration; one-entry lists are expanded, null strides become the pool size. */
    public AveragePooling3D {
        String layer = LayerArguments.describe("AveragePooling3D", name);
        Pooling p = Pooling.of(layer, 3, false, poolSize, strides, padding, dataFormat);
        poolSize = p.spec().poolSize();
        strides = p.spec().strides();
    }

    /** Keras's {@code AveragePooling3D()}: cubic windows of 2 moved by 2, valid padding, channels last. */
    public static AveragePooling3D of() {
        return of(2);
    }

    /**
     * Keras's {@code AveragePooling3D(pool_size)}: cubic windows of {@code poolSize} on every axis, moved by the
     * pool size (Keras's strides default to it), valid padding, channels last.
     */
    public static AveragePooling3D of(int poolSize) {
        return new AveragePooling3D(List.of(poolSize), null, "valid", "channels_last", null);
    }

    /**
     * Keras's positional {@code AveragePooling3D(pool_size, strides)}: cubic windows of {@code poolSize} on every axis,
     * moved by {@code strides}; {@code of(3, 2)} is 3 x 3 x 3 windows at stride 2, overlapping, as in Keras. For
     * a window of other sizes per axis, use {@link #of(List)}.
     */
    public static AveragePooling3D of(int poolSize, int strides) {
        return new AveragePooling3D(List.of(poolSize), List.of(strides), "valid", "channels_last", null);
    }

    /**
     * Keras's {@code AveragePooling3D(pool_size=(d, h, w))}: windows of {@code poolSize}, one entry per spatial
     * axis (depth, height, width; one entry: all three), moved by the window, valid padding, channels last. Other
     * strides with {@link #strides}.
     */
    public static AveragePooling3D of(List<Integer> poolSize) {
        return new AveragePooling3D(poolSize, null, "valid", "channels_last", null);
    }

    /** With these strides (one entry: every axis). */
    public AveragePooling3D strides(int... s) {
        List<Integer> steps = LayerArguments.list(s, "AveragePooling3D", name, "strides");
        return new AveragePooling3D(poolSize, steps, padding, dataFormat, name);
    }

    /** With {@code "valid"} or {@code "same"} padding. */
    public AveragePooling3D padding(String p) {
        return new AveragePooling3D(poolSize, strides, p, dataFormat, name);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public AveragePooling3D dataFormat(String f) {
        return new AveragePooling3D(poolSize, strides, padding, f, name);
    }

    /** With a name. */
    public AveragePooling3D named(String newName) {
        return new AveragePooling3D(poolSize, strides, padding, dataFormat, newName);
    }

    private Pooling pooling() {
        return Pooling.of(LayerArguments.describe("AveragePooling3D", name), 3, false, poolSize, strides, padding,
                dataFormat);
    }

    @Override
    public String kind() {
        return "average_pooling3d";
    }

    @Override
    public Shape outputShape(Shape input) {
        return pooling().outputShape(input);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("AveragePooling3D", name, context);
        return pooling().apply(x);
    }
}
