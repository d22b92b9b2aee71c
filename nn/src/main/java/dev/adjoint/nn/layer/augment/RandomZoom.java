package dev.adjoint.nn.layer.augment;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.Masks;
import java.util.List;

/**
 * Random zooms, Keras's {@code RandomZoom}: while training, each image is scaled about its centre
 * {@code c = (S - 1) / 2} by {@code 1 + z} per axis, z drawn uniformly from the factor's range per image from the
 * step's key, the layer's salt and the image's index in the training data (see {@link LayerContext#rows()}), so
 * an image's zoom does not depend on which images share its batch or shard (a factor {@code f} is
 * {@code [-f, f]}; positive zooms out): output cell i reads the input at {@code c + (i - c)·(1 + z)},
 * interpolated, with the fill mode outside ({@code "reflect"} by default). Without a width factor the width takes
 * the height's zoom, keeping the aspect ratio. The identity at inference. Factors within (-1, 1] (Keras allows
 * zooming out further; one reflection at each edge covers this range).
 *
 * <p>As in Keras 3, whose layer does not support masking, the output carries no mask ({@link Masks#drop}).
 *
 * @param heightFactor the vertical zoom: {@code [f]} or {@code [lower, upper]}
 * @param widthFactor the horizontal zoom, or null for the height's
 * @param fillMode {@code "reflect"}, {@code "nearest"} or {@code "constant"}
 * @param interpolation {@code "bilinear"} or {@code "nearest"}
 * @param fillValue what {@code "constant"} reads outside the image
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param name the layer's name, or null
 */
public record RandomZoom(List<Double> heightFactor, List<Double> widthFactor, String fillMode, String interpolation,
        double fillValue, String dataFormat, String name) implements Layer {

    /** Validates the configuration. */
    public RandomZoom {
        String layer = LayerArguments.describe("RandomZoom", name);
        zoomRange("heightFactor", heightFactor);
        if (widthFactor != null) {
            zoomRange("widthFactor", widthFactor);
        }
        Resampling.fillMode(layer, fillMode);
        Resampling.interpolation(layer, interpolation);
        if (!Double.isFinite(fillValue)) {
            throw new IllegalArgumentException(layer + ": fillValue must be finite, got " + fillValue);
        }
        ImageAxes.of(layer, dataFormat);
        heightFactor = List.copyOf(heightFactor);
        widthFactor = widthFactor == null ? null : List.copyOf(widthFactor);
    }

    /** Checks a zoom factor's range: {@code -1 < lower <= upper <= 1}. */
    private static void zoomRange(String what, List<Double> factor) {
        double[] b = ImageAxes.bounds("RandomZoom", what, factor);
        Resampling.range("RandomZoom", what, b[0], b[1], -1, 1);
        if (b[0] == -1) {
            throw new IllegalArgumentException("RandomZoom: " + what + " must be > -1 (a zoom to nothing), got "
                    + factor);
        }
    }

    /** Zooms by up to {@code heightFactor} either way on both axes together, Keras's defaults otherwise. */
    public static RandomZoom of(double heightFactor) {
        return new RandomZoom(List.of(heightFactor), null, "reflect", "bilinear", 0, "channels_last", null);
    }

    /** With its own zoom for the width: {@code [f]} or {@code [lower, upper]}. */
    public RandomZoom widthFactor(List<Double> factor) {
        return new RandomZoom(heightFactor, factor, fillMode, interpolation, fillValue, dataFormat, name);
    }

    /** With another fill mode, and the value {@code "constant"} reads. */
    public RandomZoom fill(String mode, double value) {
        return new RandomZoom(heightFactor, widthFactor, mode, interpolation, value, dataFormat, name);
    }

    /** With {@code "bilinear"} or {@code "nearest"} interpolation. */
    public RandomZoom interpolation(String i) {
        return new RandomZoom(heightFactor, widthFactor, fillMode, i, fillValue, dataFormat, name);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public RandomZoom dataFormat(String f) {
        return new RandomZoom(heightFactor, widthFactor, fillMode, interpolation, fillValue, f, name);
    }

    /** With a name. */
    public RandomZoom named(String newName) {
        return new RandomZoom(heightFactor, widthFactor, fillMode, interpolation, fillValue, dataFormat, newName);
    }

    @Override
    public String kind() {
        return "random_zoom";
    }

    @Override
    public Shape outputShape(Shape input) {
        return ImageAxes.of("RandomZoom", dataFormat).check("RandomZoom", input);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("RandomZoom", name, context);
        if (!context.training()) {
            return x;
        }
        ImageAxes axes = ImageAxes.of("RandomZoom", dataFormat);
        double[] h = ImageAxes.bounds("RandomZoom", "heightFactor", heightFactor);
        Node zh = Resampling.draw(context.key(), context.rows(), x, h[0], h[1], ImageAxes.salt(context.salt(), 0));
        Node zw = zh;
        if (widthFactor != null) {
            double[] w = ImageAxes.bounds("RandomZoom", "widthFactor", widthFactor);
            zw = Resampling.draw(context.key(), context.rows(), x, w[0], w[1], ImageAxes.salt(context.salt(), 1));
        }
        Node[] a = new Node[2];
        int[] axis = {axes.height(), axes.width()};
        Node[] zoom = {zh, zw};
        for (int k = 0; k < 2; k++) {
            int size = x.shape().dim(axis[k]);
            double c = (size - 1) / 2.0;
            Node src = Resampling.iota(size, x.dtype(), 1, size, 1).sub(c).mul(zoom[k].add(1.0)).add(c);
            a[k] = Resampling.weights(src, size, fillMode, interpolation);
        }
        return Resampling.resample(x, axes, a[0], a[1], fillMode, fillValue);
    }
}
