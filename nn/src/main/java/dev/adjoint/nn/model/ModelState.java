package dev.adjoint.nn.model;

import dev.adjoint.core.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import java.util.Objects;

/**
 * Everything that changes while a model trains, as one immutable value: the parameters (trainable and
 * not) by name, the optimizer's state tensors by {@code parameter/slot} path, and the number of updates made.
 * A training step maps one {@code ModelState} to the next; the model swaps the reference.
 *
 * @param params parameter values by name ({@code layer/param}), in declaration order
 * @param optimizer the optimizer's state of the trainable parameters, by {@code layer/param/slot}
 *     ({@code dense/kernel/m}), as {@link dev.adjoint.optim.Optimizer#init(java.util.Map)} names it
 * @param step the number of training steps taken, at most {@link #MAX_STEP}
 */
public record ModelState(LinkedHashMap<String, Tensor> params, LinkedHashMap<String, Tensor> optimizer,
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

    /** The optimizer state of one trainable parameter's slot, e.g. {@code slot("dense/kernel", "m")}. */
    public Tensor slot(String param, String slot) {
        String name = dev.adjoint.optim.Optimizer.stateName(param, slot);
        return optimizer.get(name).getOrElseThrow(() -> new IllegalArgumentException(
                "model state: no optimizer state named '" + name + "'; known: " + optimizer.keySet().toJavaList()));
    }

    /** The value of one parameter. */
    public Tensor param(String name) {
        return params.get(name).getOrElseThrow(() -> new IllegalArgumentException(
                "model state: no parameter named '" + name + "'; known: " + params.keySet().toJavaList()));
    }
}
