package dev.adjoint.nn.model;

import dev.adjoint.core.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * Everything that changes while a model trains, as one immutable value: the parameters (trainable and
 * not) by name, the optimizer's state tensors per trainable parameter, and the number of updates made.
 * A training step maps one {@code ModelState} to the next; the model swaps the reference.
 *
 * @param params parameter values by name ({@code layer/param}), in declaration order
 * @param optimizer optimizer state tensors per trainable parameter, in the optimizer's slot order
 * @param step the number of training steps taken
 */
public record ModelState(LinkedHashMap<String, Tensor> params, LinkedHashMap<String, List<Tensor>> optimizer,
        long step) {

    /** Validates the fields. */
    public ModelState {
        Objects.requireNonNull(params, "params is null");
        Objects.requireNonNull(optimizer, "optimizer is null");
        if (step < 0) {
            throw new IllegalArgumentException("model state: step must be >= 0, got " + step);
        }
    }

    /** The value of one parameter. */
    public Tensor param(String name) {
        return params.get(name).getOrElseThrow(() -> new IllegalArgumentException(
                "model state: no parameter named '" + name + "'; known: " + params.keySet().toJavaList()));
    }
}
