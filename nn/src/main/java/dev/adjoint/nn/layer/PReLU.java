package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Zeros;
import java.util.List;
import java.util.Objects;

/**
 * Parametric ReLU (He et al. 2015): {@code y = x} for {@code x > 0} and {@code alpha * x} otherwise, with a
 * trainable slope {@code alpha} per feature (the last axis), {@code y = where(x > 0, x, alpha * x)}.
 * Gradients: {@code xBar = yBar * (x > 0 ? 1 : alpha)} (alpha at 0, as PyTorch's {@code prelu}; Keras's
 * {@code relu(x) - alpha * relu(-x)} gives 0 there), {@code alphaBar = sum over the batch of yBar * min(x, 0)}.
 * Keras initializes {@code alpha} to zeros (a plain ReLU at first).
 *
 * @param alphaInitializer draws {@code alpha}
 * @param name the layer's name, or null
 */
public record PReLU(Initializer alphaInitializer, String name) implements Layer {

    /** Validates the configuration. */
    public PReLU {
        Objects.requireNonNull(alphaInitializer, "alphaInitializer is null");
    }

    /** A PReLU with alpha initialized to zeros. */
    public static PReLU of() {
        return new PReLU(new Zeros(), null);
    }

    @Override
    public String kind() {
        return "p_re_lu";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() < 2 || input.dim(-1) == Shape.BATCH) {
            throw new IllegalArgumentException("PReLU: input must be [N, features], got " + input);
        }
        return input;
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        outputShape(input);
        return List.of(ParamSpec.trainable("alpha", Shape.of(input.dim(-1)), alphaInitializer));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        // where, not relu(x) - alpha relu(-x): at x = 0 both relus have slope 0, the documented xBar is alpha
        Node alpha = context.param("alpha");
        return x.greater(SourceOp.scalar(0.0, x.dtype())).where(x, alpha.mul(x));
    }
}
