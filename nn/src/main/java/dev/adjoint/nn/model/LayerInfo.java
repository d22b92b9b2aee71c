package dev.adjoint.nn.model;

import dev.adjoint.core.tensor.Shape;

/**
 * One row of a model summary.
 *
 * @param name the layer's name in the model
 * @param kind the layer's kind
 * @param outputShape its output shape
 * @param parameters the number of scalar parameters it declares (trainable and not)
 */
public record LayerInfo(String name, String kind, Shape outputShape, long parameters) {
}
