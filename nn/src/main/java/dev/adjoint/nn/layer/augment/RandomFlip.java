package dev.adjoint.nn.layer.augment;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.Masks;
import java.util.Objects;

/**
 * Random mirror images, Keras's {@code RandomFlip}: while training, each image is flipped left-right
 * ({@code "horizontal"}), top-bottom ({@code "vertical"}) or each independently
 * ({@code "horizontal_and_vertical"}, the default), each with probability 1/2, drawn from the step's key, the
 * layer's salt and the image's index in the training data (see {@link LayerContext#rows()}), so an image's flips
 * do not depend on which images share its batch or shard; the identity at inference. A flip is a gather with
 * reversed indices, chosen per image as {@code m·flip(x) + (1 - m)·x} with {@code m} in {0, 1}: exact.
 *
 * <p>As in Keras 3, whose layer does not support masking, the output carries no mask ({@link Masks#drop}).
 *
 * @param mode {@code "horizontal"}, {@code "vertical"} or {@code "horizontal_and_vertical"}
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param name the layer's name, or null
 */
public record RandomFlip(String mode, String dataFormat, String name) implements Layer {

    /** Validates the configuration. */
    public RandomFlip {
        LayerArguments.nonNull(mode, "RandomFlip", name, "mode");
        if (!mode.equals("horizontal") && !mode.equals("vertical") && !mode.equals("horizontal_and_vertical")) {
            throw new IllegalArgumentException(LayerArguments.describe("RandomFlip", name)
                    + ": mode must be \"horizontal\", \"vertical\" or"
                    + " \"horizontal_and_vertical\", got \"" + mode + "\"");
        }
        ImageAxes.of(LayerArguments.describe("RandomFlip", name), dataFormat);
    }

    /** Keras's defaults: both flips, channels last. */
    public static RandomFlip of() {
        return new RandomFlip("horizontal_and_vertical", "channels_last", null);
    }

    /** With another mode. */
    public RandomFlip mode(String m) {
        return new RandomFlip(m, dataFormat, name);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public RandomFlip dataFormat(String f) {
        return new RandomFlip(mode, f, name);
    }

    /** With a name. */
    public RandomFlip named(String newName) {
        return new RandomFlip(mode, dataFormat, newName);
    }

    @Override
    public String kind() {
        return "random_flip";
    }

    @Override
    public Shape outputShape(Shape input) {
        return ImageAxes.of("RandomFlip", dataFormat).check("RandomFlip", input);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("RandomFlip", name, context);
        if (!context.training()) {
            return x;
        }
        ImageAxes axes = ImageAxes.of("RandomFlip", dataFormat);
        Node y = x;
        if (!mode.equals("vertical")) {
            y = flip(y, axes.width(), context, ImageAxes.salt(context.salt(), 0));
        }
        if (!mode.equals("horizontal")) {
            y = flip(y, axes.height(), context, ImageAxes.salt(context.salt(), 1));
        }
        return y;
    }

    private static Node flip(Node x, int axis, LayerContext context, long salt) {
        int size = x.shape().dim(axis);
        double[] reversed = new double[size];
        for (int i = 0; i < size; i++) {
            reversed[i] = size - 1 - i;
        }
        Node flipped = x.gather(SourceOp.constant(Tensor.of(x.dtype(), Shape.of(size), reversed)), axis);
        Node m = RandomOp.bernoulliByRow(context.key(), context.rows(), Shape.of(x.shape().dim(0), 1, 1, 1),
                x.dtype(), 0.5, salt);
        return m.where(flipped, x);
    }
}
