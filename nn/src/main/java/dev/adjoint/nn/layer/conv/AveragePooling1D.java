package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.LayerContext;
import java.util.List;

/**
 * Average pooling along one axis, Keras's {@code AveragePooling1D}: the mean of each window of
 * {@code [N, steps, C]}, over the cells inside the input only. Defaults: pool 2, strides = pool, valid,
 * channels last.
 *
 * @param poolSize the window, one entry per spatial axis (or one for all)
 * @param strides the step between windows (null: the pool size)
 * @param padding {@code "valid"} or {@code "same"}
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param name the layer's name, or null
 */
public record AveragePooling1D(List<Integer> poolSize, List<Integer> strides, String padding, String dataFormat,
        String name)
        implements Layer {

    /** Validates the configuration; one-entry lists are expanded, null strides become the pool size. */
    public AveragePooling1D {
        String layer = LayerArguments.describe("AveragePooling1D", name);
        Pooling p = Pooling.of(layer, 1, false, poolSize, strides, padding, dataFormat);
        poolSize = p.spec().poolSize();
        strides = p.spec().strides();
    }

    /** Keras's {@code AveragePooling1D()}: windows of 2 moved by 2, valid padding, channels last. */
    public static AveragePooling1D of() {
        return of(2);
    }

    /**
     * Keras's {@code AveragePooling1D(pool_size)}: windows of {@code poolSize} on the steps, moved by the pool size
     * (Keras's strides default to it), valid padding, channels last.
     */
    public static AveragePooling1D of(int poolSize) {
        return new AveragePooling1D(List.of(poolSize), null, "valid", "channels_last", null);
    }

    /**
     * Keras's positional {@code AveragePooling1D(pool_size, strides)}: windows of {@code poolSize} on the steps, moved
     * by {@code strides}; {@code of(3, 2)} is windows of 3 steps at stride 2, overlapping, as in Keras.
     */
    public static AveragePooling1D of(int poolSize, int strides) {
        return new AveragePooling1D(List.of(poolSize), List.of(strides), "valid", "channels_last", null);
    }

    /** With these strides (one entry: every axis). */
    public AveragePooling1D strides(int... s) {
        List<Integer> steps = LayerArguments.list(s, "AveragePooling1D", name, "strides");
        return new AveragePooling1D(poolSize, steps, padding, dataFormat, name);
    }

    /** With {@code "valid"} or {@code "same"} padding. */
    public AveragePooling1D padding(String p) {
        return new AveragePooling1D(poolSize, strides, p, dataFormat, name);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public AveragePooling1D dataFormat(String f) {
        return new AveragePooling1D(poolSize, strides, padding, f, name);
    }

    /** With a name. */
    public AveragePooling1D named(String newName) {
        return new AveragePooling1D(poolSize, strides, padding, dataFormat, newName);
    }

    private Pooling pooling() {
        return Pooling.of(LayerArguments.describe("AveragePooling1D", name), 1, false, poolSize, strides, padding,
                dataFormat);
    }

    @Override
    public String kind() {
        return "average_pooling1d";
    }

    @Override
    public Shape outputShape(Shape input) {
        return pooling().outputShape(input);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("AveragePooling1D", name, context);
        return pooling().apply(x);
    }
}
