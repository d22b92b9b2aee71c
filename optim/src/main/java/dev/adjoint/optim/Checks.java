package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checks shared by the optimizers and schedules: hyperparameter domains (run when a configuration is
 * built, so a bad value never reaches a graph) and the arguments of an update. Every message follows the
 * project's template, naming the owner, the parameter and the value:
 * {@code "Adam: beta1 must be in [0, 1), got 1.5"}.
 */
final class Checks {

    private Checks() {
    }

    /** {@code lr > 0} and finite (rejects NaN, zero, negatives and infinity). */
    static double learningRate(String owner, double lr) {
        return positive(owner, "learningRate", lr);
    }

    /** {@code value > 0} and finite. */
    static double positive(String owner, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be positive and finite, got " + value);
        }
        return value;
    }

    /** {@code value >= 0} and finite. */
    static double nonNegative(String owner, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be non-negative and finite, got "
                    + value);
        }
        return value;
    }

    /** {@code 0 <= value < 1}. */
    static double unitInterval(String owner, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** {@code 0 <= value <= 1}. */
    static double closedUnitInterval(String owner, String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, 1], got " + value);
        }
        return value;
    }

    /** {@code value >= 1}. */
    static int positiveCount(String owner, String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(owner + ": " + name + " must be at least 1, got " + value);
        }
        return value;
    }

    /** A non-null schedule. */
    static Schedule schedule(String owner, Schedule learningRate) {
        return Objects.requireNonNull(learningRate, owner + ": learningRate is null");
    }

    /**
     * The gradient, checked to have the parameter's shape and cast to its dtype (as Keras casts the gradient
     * to the variable's dtype).
     */
    static Node grad(String owner, Node param, Node grad) {
        Objects.requireNonNull(param, owner + ": param is null");
        Objects.requireNonNull(grad, owner + ": grad is null");
        if (!grad.shape().equals(param.shape())) {
            throw new IllegalArgumentException(owner + ": grad must have the parameter's shape " + param.shape()
                    + ", got " + grad.type());
        }
        return grad.cast(param.dtype());
    }

    /** The state nodes, checked to be exactly the slots, each of the parameter's type, in slot order. */
    static Map<String, Node> state(String owner, List<String> slots, Node param, Map<String, Node> state) {
        Objects.requireNonNull(state, owner + ": state is null");
        if (!state.keySet().equals(new java.util.HashSet<>(slots))) {
            throw new IllegalArgumentException(owner + ": state must hold exactly the slots " + slots + ", got "
                    + state.keySet());
        }
        Map<String, Node> checked = new LinkedHashMap<>();
        for (String name : slots) {
            Node slot = Objects.requireNonNull(state.get(name), owner + ": state slot '" + name + "' is null");
            if (!slot.shape().equals(param.shape()) || slot.dtype() != param.dtype()) {
                throw new IllegalArgumentException(owner + ": state slot '" + name + "' must have the"
                        + " parameter's type " + param.type() + ", got " + slot.type());
            }
            checked.put(name, slot);
        }
        return checked;
    }

    /** The rule's result with its state in slot order, checked to hold exactly the slots. */
    static ParamUpdate inSlotOrder(String owner, List<String> slots, ParamUpdate update) {
        if (!update.state().keySet().equals(new java.util.HashSet<>(slots))) {
            throw new IllegalStateException(owner + ": the update rule must return the slots " + slots + ", got "
                    + update.state().keySet());
        }
        Map<String, Node> ordered = new LinkedHashMap<>();
        for (String slot : slots) {
            ordered.put(slot, update.state().get(slot));
        }
        return new ParamUpdate(update.param(), ordered);
    }

    /** The step, checked to be rank 0 and cast to the parameter's dtype. */
    static Node step(String owner, Node param, Node step) {
        Objects.requireNonNull(step, owner + ": step is null");
        if (step.rank() != 0) {
            throw new IllegalArgumentException(owner + ": step must be a rank-0 node, got " + step.type());
        }
        return step.cast(param.dtype());
    }

    /** The learning rate at step {@code t}, checked to be rank 0 and cast to {@code dtype}. */
    static Node rate(String owner, Schedule schedule, Node t, DType dtype) {
        Node lr = Objects.requireNonNull(schedule.at(t), owner + ": the learning-rate schedule returned null");
        if (lr.rank() != 0) {
            throw new IllegalArgumentException(owner + ": the learning-rate schedule must return a rank-0 node, got "
                    + lr.type());
        }
        return lr.cast(dtype);
    }
}
