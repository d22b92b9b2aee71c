package dev.adjoint.nn.model;

import dev.adjoint.core.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * One row of a model summary.
 *
 * @param name the layer's name in the model
 * @param kind the layer's kind
 * @param outputShapes the shapes of its outputs, at least one: a recurrent layer with {@code returnState} has its
 *     output and then its final states, as Keras's summary lists them
 * @param parameters the number of scalar parameters it declares (trainable and not)
 * @param trainable Keras's {@code layer.trainable}: false for a layer wrapped in
 *     {@link dev.adjoint.nn.layer.Frozen}, true otherwise (also for a layer with non-trainable weights of its own,
 *     such as batch normalization's moving statistics, as in Keras)
 */
public record LayerInfo(String name, String kind, List<Shape> outputShapes, long parameters, boolean trainable) {

    /** Validates the row and copies the shapes. */
    public LayerInfo {
        outputShapes = List.copyOf(Objects.requireNonNull(outputShapes, "outputShapes is null"));
        if (outputShapes.isEmpty()) {
            throw new IllegalArgumentException("LayerInfo: outputShapes must hold at least one shape, got none");
        }
    }

    /** A row of a layer of one output. */
    public LayerInfo(String name, String kind, Shape outputShape, long parameters, boolean trainable) {
        this(name, kind, List.of(outputShape), parameters, trainable);
    }

    /** A row of a layer of one output that is not frozen. */
    public LayerInfo(String name, String kind, Shape outputShape, long parameters) {
        this(name, kind, List.of(outputShape), parameters, true);
    }

    /** Its (first) output's shape: the only one unless the layer also returns states. */
    public Shape outputShape() {
        return outputShapes.get(0);
    }

    /**
     * The summary's "Output shape" cell: the shape, or with several outputs the list of their shapes,
     * {@code [[N, 6], [N, 3], [N, 3]]}, as Keras's summary shows a list of shapes.
     */
    public String outputShapeText() {
        if (outputShapes.size() == 1) {
            return outputShapes.get(0).toString();
        }
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < outputShapes.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(outputShapes.get(i));
        }
        return text.append(']').toString();
    }
}
