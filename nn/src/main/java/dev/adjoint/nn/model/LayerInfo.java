package dev.adjoint.nn.model;

import dev.adjoint.core.tensor.Shape;

/**
 * One row of a model summary.
 *
 * @param name the layer's name in the model
 * @param kind the layer's kind
 * @param outputShape its output shape
 * @param parameters the number of scalar parameters it declares (trainable and not)
 * @param trainable Keras's {@code layer.trainable}: false for a layer wrapped in
 *     {@link dev.adjoint.nn.layer.Frozen}, true otherwise (also for a layer with non-trainable weights of its own,
 *     such as batch normalization's moving statistics, as in Keras)
 */
public record LayerInfo(String name, String kind, Shape outputShape, long parameters, boolean trainable) {

    /** A row of a layer that is not frozen. */
    public LayerInfo(String name, String kind, Shape outputShape, long parameters) {
        this(name, kind, outputShape, parameters, true);
    }
}
