package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import java.util.List;

/**
 * A layer: a configuration that, given the shape of its input, declares parameters and builds its part of the
 * graph. Layers hold no weights: weights are values owned by the model, and reach the layer as parameter
 * nodes through the {@link LayerContext}. Shapes include the symbolic batch dimension {@code N}.
 *
 * <p>Implement this interface (usually as a record) to write your own layer; the model handles naming,
 * initialization, regularization, training and saving. A layer over sequences may read the mask of its input
 * ({@link LayerContext#mask()}: which time steps are present) and give its output one
 * ({@link LayerContext#maskOutput}).
 */
public interface Layer {

    /** The kind of layer, e.g. {@code dense}; default names are built from it ({@code dense_1}). */
    String kind();

    /** The name given by the user, or null to let the model name the layer. */
    String name();

    /**
     * The output shape for an input shape.
     *
     * @throws IllegalArgumentException naming the layer, the rule and the shape when the input does not fit
     */
    Shape outputShape(Shape input);

    /** The parameters for an input shape, in a fixed order; none unless the layer declares some. */
    default List<ParamSpec> params(Shape input) {
        return List.of();
    }

    /**
     * The parameters for several inputs of these shapes, in a fixed order: for a layer whose weights depend on
     * more than its first input (attention's key and value projections). By default those of the first input.
     */
    default List<ParamSpec> params(List<Shape> inputs) {
        return params(inputs.get(0));
    }

    /** The layer's output for input {@code x}. */
    Node apply(Node x, LayerContext context);

    /**
     * Keras's {@code activity_regularizer}: a penalty on the layer's outputs, or null for none (the default). Each
     * time the model applies the layer, every output {@code y} adds {@code penalty(y) / N} to the objective, N the
     * rows of y (its first axis: Keras 3 divides the activity loss by the batch size; a rank-0 output adds
     * {@code penalty(y)}), so the term is counted in the loss {@code fit} and {@code evaluate} report, as Keras's
     * {@code losses} are. Inside a wrapper, as in Keras 3: {@link Bidirectional} adds the penalty of each of its two
     * copies' outputs (Keras calls them as layers); {@link TimeDistributed} adds none (Keras 3 runs the layer's
     * {@code call} on each step, not {@code Layer.__call__}, which is what adds the activity loss); {@link Frozen}
     * adds its layer's.
     */
    default dev.adjoint.nn.regularizer.Regularizer activityRegularizer() {
        return null;
    }

    /**
     * The output shapes for several inputs: for layers that take more than one input or give more than one
     * output (a recurrent layer given its initial states, or returning its final states). By default one input,
     * one output: {@link #outputShape}.
     *
     * @throws IllegalArgumentException naming the layer, the rule and the shapes when the inputs do not fit
     */
    default List<Shape> outputShapes(List<Shape> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(kind() + ": takes one input, got " + inputs.size());
        }
        return List.of(outputShape(inputs.get(0)));
    }

    /**
     * The layer's outputs for several inputs; its parameters are declared by {@link #params(List)}. By default
     * one input, one output: {@link #apply}.
     */
    default List<Node> applyAll(List<Node> inputs, LayerContext context) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(kind() + ": takes one input, got " + inputs.size());
        }
        return List.of(apply(inputs.get(0), context));
    }
}
