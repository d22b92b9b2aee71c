package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.activation.Activation;

/**
 * Applies an activation on its own, as Keras's {@code Activation} layer: {@code y = activation(x)}. No
 * parameters.
 *
 * @param activation the function applied
 * @param name the layer's name, or null
 */
public record ActivationLayer(Activation activation, String name) implements Layer {

    /** Validates the configuration. */
    public ActivationLayer {
        LayerArguments.nonNull(activation, "ActivationLayer", name, "activation", "use new Linear() for none");
    }

    /** The layer applying {@code activation}. */
    public static ActivationLayer of(Activation activation) {
        return new ActivationLayer(activation, null);
    }

    /** With a name. */
    public ActivationLayer named(String newName) {
        return new ActivationLayer(activation, newName);
    }

    @Override
    public String kind() {
        return "activation";
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        return activation.apply(x);
    }
}
