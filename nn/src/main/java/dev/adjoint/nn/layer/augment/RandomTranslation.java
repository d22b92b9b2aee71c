package dev.adjoint.nn.layer.augment;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.Masks;
import java.util.List;

/**
 * Random shifts, Keras's {@code RandomTranslation}: while training, each image is moved by {@code dy = u·H} rows
 * and {@code dx = v·W} columns, u and v drawn uniformly from the factors' ranges per image from the step's key,
 * the layer's salt and the image's index in the training data (see {@link LayerContext#rows()}), so an image's
 * shift does not depend on which images share its batch or shard (a factor {@code f} is the range
 * {@code [-f, f]}; positive moves down and right): output cell {@code (i, j)} reads the input at
 * {@code (i - dy, j - dx)}, interpolated, with the fill mode outside (see {@code Resampling}: {@code "reflect"} by
 * default). The identity at inference. Factors within [-1, 1].
 *
 * <p>As in Keras 3, whose layer does not support masking, the output carries no mask ({@link Masks#drop}).
 *
 * @param heightFactor the vertical shift as a fraction of the height: {@code [f]} or {@code [lower, upper]}
 * @param widthFactor the horizontal shift as a fraction of the width
 * @param fillMode {@code "reflect"}, {@code "nearest"} or {@code "constant"}
 * @param interpolation {@code "bilinear"} or {@code "nearest"}
 * @param fillValue what {@code "constant"} reads outside the image
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param name the layer's name, or null
 */
public record RandomTranslation(List<Double> heightFactor, List<Double> widthFactor, String fillMode,
        String interpolation, double fillValue, String dataFormat, String name) implements Layer {

    /** Validates the configuration. */
    public RandomTranslation {
        String layer = LayerArguments.describe("RandomTranslation", name);
        double[] h = ImageAxes.bounds(layer, "heightFactor", heightFactor);
        double[] w = ImageAxes.bounds(layer, "widthFactor", widthFactor);
        Resampling.range(layer, "heightFactor", h[0], h[1], -1, 1);
        Resampling.range(layer, "widthFactor", w[0], w[1], -1, 1);
        Resampling.fillMode(layer, fillMode);
        Resampling.interpolation(layer, interpolation);
        if (!Double.isFinite(fillValue)) {
            throw new IllegalArgumentException(LayerArguments.describe("RandomTranslation", name)
                    + ": fillValue must be finite, got " + fillValue);
        }
        ImageAxes.of(layer, dataFormat);
        heightFactor = List.copyOf(heightFactor);
        widthFactor = List.copyOf(widthFactor);
    }

    /** Shifts up to {@code heightFactor·H} and {@code widthFactor·W} either way, Keras's defaults otherwise. */
    public static RandomTranslation of(double heightFactor, double widthFactor) {
        return new RandomTranslation(List.of(heightFactor), List.of(widthFactor), "reflect", "bilinear", 0,
                "channels_last", null);
    }

    /** With another fill mode, and the value {@code "constant"} reads. */
    public RandomTranslation fill(String mode, double value) {
        return new RandomTranslation(heightFactor, widthFactor, mode, interpolation, value, dataFormat, name);
    }

    /** With {@code "bilinear"} or {@code "nearest"} interpolation. */
    public RandomTranslation interpolation(String i) {
        return new RandomTranslation(heightFactor, widthFactor, fillMode, i, fillValue, dataFormat, name);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public RandomTranslation dataFormat(String f) {
        return new RandomTranslation(heightFactor, widthFactor, fillMode, interpolation, fillValue, f, name);
    }

    /** With a name. */
    public RandomTranslation named(String newName) {
        return new RandomTranslation(heightFactor, widthFactor, fillMode, interpolation, fillValue, dataFormat,
                newName);
    }

    @Override
    public String kind() {
        return "random_translation";
    }

    @Override
    public Shape outputShape(Shape input) {
        return ImageAxes.of("RandomTranslation", dataFormat).check("RandomTranslation", input);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("RandomTranslation", name, context);
        if (!context.training()) {
            return x;
        }
        ImageAxes axes = ImageAxes.of("RandomTranslation", dataFormat);
        double[] h = ImageAxes.bounds("RandomTranslation", "heightFactor", heightFactor);
        double[] w = ImageAxes.bounds("RandomTranslation", "widthFactor", widthFactor);
        Node[] a = new Node[2];
        int[] axis = {axes.height(), axes.width()};
        double[][] range = {h, w};
        for (int k = 0; k < 2; k++) {
            int size = x.shape().dim(axis[k]);
            Node shift = Resampling.draw(context.key(), context.rows(), x, range[k][0] * size, range[k][1] * size,
                    ImageAxes.salt(context.salt(), k));
            Node src = Resampling.iota(size, x.dtype(), 1, size, 1).sub(shift);
            a[k] = Resampling.weights(src, size, fillMode, interpolation);
        }
        return Resampling.resample(x, axes, a[0], a[1], fillMode, fillValue);
    }
}
