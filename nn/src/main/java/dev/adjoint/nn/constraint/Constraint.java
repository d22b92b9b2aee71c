package dev.adjoint.nn.constraint;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;

/**
 * A projection applied to a trainable parameter after every optimizer update (Keras's {@code keras.constraints}):
 * the training step computes {@code w' = P(update(w, g))}, so the parameter that the next step sees, and that the
 * model keeps, always lies in the constraint's set. Like the update, the projection is built from graph operations
 * and runs in the same compiled step.
 *
 * <p>A constraint is not a penalty: it adds nothing to the objective and nothing to the gradient. Parameters that
 * do not train (a frozen layer's, batch normalization's moving averages) are never projected.
 */
public interface Constraint {

    /**
     * {@code P(w)}: a node of {@code w}'s shape and dtype.
     *
     * @throws NullPointerException if {@code w} is null
     * @throws IllegalArgumentException if the constraint does not fit {@code w}'s shape (see {@link #check})
     */
    Node project(Node w);

    /** The Keras identifier, e.g. {@code "max_norm"}. */
    String name();

    /**
     * Checks that the constraint fits a parameter of shape {@code shape}, when a model is built.
     *
     * @param weight how messages call the parameter, e.g. {@code weight 'kernel' of layer 'dense'}
     * @throws IllegalArgumentException naming the constraint, {@code weight}, the rule and the value
     */
    default void check(Shape shape, String weight) {
    }
}
