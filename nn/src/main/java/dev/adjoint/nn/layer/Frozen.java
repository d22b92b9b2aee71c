package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A layer with its weights frozen, as Keras's {@code layer.trainable = False} (Keras 3 semantics): the wrapped
 * layer computes what it computes, but every parameter it declares is non-trainable, so training leaves them
 * bit for bit as they are. For each of its weights {@code θ}, {@code θ_{t+1} = θ_t}: they get no gradient, no
 * optimizer slots, no weight decay, and their regularizers add nothing to the objective (Keras sums the
 * penalties of trainable weights only). Gradients still flow through the layer to the layers before it.
 *
 * <p>A frozen layer is told so by {@link LayerContext#trainable()}: batch normalization then runs in inference
 * mode during training too, normalizing with its moving statistics and leaving them unchanged, as Keras's does.
 * Other layers keep their training behaviour (dropout still drops while training).
 *
 * <p>The wrapper is transparent otherwise: it has the wrapped layer's kind and name, so the layer and its
 * weights keep their names ({@code dense/kernel}) and a model rebuilt with the layer unfrozen loads the same
 * weights ({@code model.weights()} into {@code setWeights}) to fine-tune them.
 *
 * @param layer the layer whose weights are frozen
 */
public record Frozen(Layer layer) implements Layer {

    /** Validates the configuration. */
    public Frozen {
        LayerArguments.nonNull(layer, "Frozen", null, "layer");
    }

    /** {@code layer} with its weights frozen. */
    public static Frozen of(Layer layer) {
        return new Frozen(layer);
    }

    /** The wrapped layer's kind: freezing does not change the layer's default name. */
    @Override
    public String kind() {
        return layer.kind();
    }

    /** The wrapped layer's name, or null to let the model name it after its kind. */
    @Override
    public String name() {
        return layer.name();
    }

    @Override
    public Shape outputShape(Shape input) {
        return layer.outputShape(input);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return layer.outputShapes(inputs);
    }

    /**
     * The wrapped layer's activity regularizer: freezing leaves the weights as they are, not the penalty on the
     * outputs (Keras adds a frozen layer's activity loss too).
     */
    @Override
    public dev.adjoint.nn.regularizer.Regularizer activityRegularizer() {
        return layer.activityRegularizer();
    }

    /** The wrapped layer's parameters, each non-trainable and without a penalty. */
    @Override
    public List<ParamSpec> params(Shape input) {
        return frozen(layer.params(input));
    }

    /** The wrapped layer's parameters for several inputs, each non-trainable and without a penalty. */
    @Override
    public List<ParamSpec> params(List<Shape> inputs) {
        return frozen(layer.params(inputs));
    }

    private static List<ParamSpec> frozen(List<ParamSpec> specs) {
        List<ParamSpec> out = new ArrayList<>(specs.size());
        for (ParamSpec p : specs) {
            out.add(new ParamSpec(p.name(), p.shape(), p.initializer(), false, Optional.empty(), p.dtype()));
        }
        return out;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        return layer.apply(x, new FrozenContext(context));
    }

    @Override
    public List<Node> applyAll(List<Node> inputs, LayerContext context) {
        return layer.applyAll(inputs, new FrozenContext(context));
    }

    /** The wrapper's context, telling the wrapped layer that its weights are not trained. */
    private static final class FrozenContext extends ForwardingContext {
        FrozenContext(LayerContext outer) {
            super(outer);
        }

        @Override
        public boolean trainable() {
            return false;
        }
    }
}
