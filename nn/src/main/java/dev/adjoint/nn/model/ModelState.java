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
 * @param step the number of training steps taken, at most {@link #MAX_STEP}
 */
public record ModelState(LinkedHashMap<String, Tensor> params, LinkedHashMap<String, List<Tensor>> optimizer,
        long step) {

    /**
     * The largest step count, 2^53: every count up to it is exact in float64, the type schedules and
     * optimizers see it in, and the next step's count cannot overflow.
     */
    public static final long MAX_STEP = 1L << 53;

    /** Validates the fields. */
    public ModelState {
        Objects.requireNonNull(params, "params is null");
        Objects.requireNonNull(optimizer, "optimizer is null");
        if (step < 0 || step > MAX_STEP) {
            throw new IllegalArgumentException("model state: step must be in [0, 2^53], got " + step);
        }
    }

    /** The value of one parameter. */
    public Tensor param(String name) {
        return params.get(name).getOrElseThrow(() -> new IllegalArgumentException(
                "model state: no parameter named '" + name + "'; known: " + params.keySet().toJavaList()));
    }
}
