package dev.adjoint.nn.model;

import dev.adjoint.core.graph.Node;
import java.util.List;

/**
 * How a model with several inputs computes its several outputs: the {@link Architecture} of a
 * {@link Functional} model built from named inputs. It is called every time the model builds a graph, so it
 * must apply the same layers in the same order each time.
 *
 * <pre>{@code
 * MultiArchitecture twoHeads = (in, layers) -> {
 *     Node h = layers.apply(Dense.of(16, new Relu()), MovementOp.concat(1, in.get(0), in.get(1)));
 *     return List.of(layers.apply(Dense.of(3), h), layers.apply(Dense.of(1), h));
 * };
 * }</pre>
 */
@FunctionalInterface
public interface MultiArchitecture {

    /** The outputs, in the model's output order, for the inputs in the model's input order. */
    List<Node> build(List<Node> inputs, Layers layers);
}
