package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.LayerContext;
import java.util.List;

/**
 * Max pooling over height and width, Keras's {@code MaxPooling2D}: the maximum of each window; its
 * gradient goes to the window's first maximum in row-major order. Defaults: pool 2, strides = pool, valid,
 * channels last. With {@code "same"} padding, padded cells never win.
 *
 * @param poolSize the window, one entry per spatial axis (or one for all)
 * @param strides the step between windows (null: the pool size)
 * @param padding {@code "valid"} or {@code "same"}
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param name the layer's name, or null
 */
public record MaxPooling2D(List<Integer> poolSize, List<Integer> strides, String padding, String dataFormat,
        String name)
        implements Layer {

    /** Validates the configuration; one-entry lists are expanded, null strides become the pool size. */
    public MaxPooling2D {
        String layer = LayerArguments.describe("MaxPooling2D", name);
        Pooling p = Pooling.of(layer, 2, true, poolSize, strides, padding, dataFormat);
        poolSize = p.spec().poolSize();
        strides = p.spec().strides();
    }

    /** Keras's {@code MaxPooling2D()}: square windows of 2 moved by 2, valid padding, channels last. */
    public static MaxPooling2D of() {
        return of(2);
    }

    /**
     * Keras's {@code MaxPooling2D(pool_size)}: square windows of {@code poolSize} on both axes, moved by the pool size
     * (Keras's strides default to it), valid padding, channels last.
     */
    public static MaxPooling2D of(int poolSize) {
        return new MaxPooling2D(List.of(poolSize), null, "valid", "channels_last", null);
    }

    /**
     * Keras's positional {@code MaxPooling2D(pool_size, strides)}: square windows of {@code poolSize} on both axes,
     * moved by {@code strides}; {@code of(3, 2)} is 3 x 3 windows at stride 2, overlapping, as in Keras. For a window
     * of another height and width, use {@link #of(List)}.
     */
    public static MaxPooling2D of(int poolSize, int strides) {
        return new MaxPooling2D(List.of(poolSize), List.of(strides), "valid", "channels_last", null);
    }

    /**
     * Keras's {@code MaxPooling2D(pool_size=(h, w))}: windows of {@code poolSize}, one entry per spatial axis (height
     * then width; one entry: both), moved by the window, valid padding, channels last: {@code of(List.of(3, 2))} is a 3
     * x 2 window moved by 3 rows and 2 columns. Other strides with {@link #strides}.
     */
    public static MaxPooling2D of(List<Integer> poolSize) {
        return new MaxPooling2D(poolSize, null, "valid", "channels_last", null);
    }

    /** With these strides (one entry: every axis). */
    public MaxPooling2D strides(int... s) {
        List<Integer> steps = LayerArguments.list(s, "MaxPooling2D", name, "strides");
        return new MaxPooling2D(poolSize, steps, padding, dataFormat, name);
    }

    /** With {@code "valid"} or {@code "same"} padding. */
    public MaxPooling2D padding(String p) {
        return new MaxPooling2D(poolSize, strides, p, dataFormat, name);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public MaxPooling2D dataFormat(String f) {
        return new MaxPooling2D(poolSize, strides, padding, f, name);
    }

    /** With a name. */
    public MaxPooling2D named(String newName) {
        return new MaxPooling2D(poolSize, strides, padding, dataFormat, newName);
    }

    private Pooling pooling() {
        return Pooling.of(LayerArguments.describe("MaxPooling2D", name), 2, true, poolSize, strides, padding,
                dataFormat);
    }

    @Override
    public String kind() {
        return "max_pooling2d";
    }

    @Override
    public Shape outputShape(Shape input) {
        return pooling().outputShape(input);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("MaxPooling2D", name, context);
        return pooling().apply(x);
    }
}
