package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks shared by the optimizers and schedules: hyperparameter domains (run when a configuration is
 * built, so a bad value never reaches a graph) and the arguments of an update. Every message follows the
 * project's template, naming the owner, the parameter and the value:
 * {@code "Adam: beta1 must be in [0, 1), got 1.5"}.
 */
final class Checks {

    private Checks() {
    }

    /**
     * {@code lr >= 0} and finite (rejects NaN, negatives and infinity). Zero is a rate, as in Keras and PyTorch: the
     * parameters stay where they are (a way to run the rest of a training step, or to freeze everything).
     */
    static double learningRate(String owner, double lr) {
        return nonNegative(owner, "learningRate", lr);
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
     * The parameter, checked to be non-null and floating-point: an update moves it by fractions of a gradient,
     * which an integer tensor cannot hold.
     */
    static Node param(String owner, Node param) {
        Objects.requireNonNull(param, owner + ": param is null");
        if (!param.dtype().isFloating()) {
            throw new IllegalArgumentException(owner + ": param must be floating-point (f32 or f64), got "
                    + param.type());
        }
        return param;
    }

    /**
     * {@code e} for one parameter of a named collection: the same kind of exception, its message followed by
     * {@code (parameter 'p')}.
     */
    static RuntimeException forParameter(RuntimeException e, String param) {
        String message = e.getMessage() + " (parameter '" + param + "')";
        return e instanceof NullPointerException ? new NullPointerException(message)
                : new IllegalArgumentException(message, e);
    }

    /**
     * The gradient, checked to have the parameter's shape and cast to its dtype (as Keras casts the gradient
     * to the variable's dtype).
     */
    static Node grad(String owner, Node param, Node grad) {
        param(owner, param);
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

    /**
     * The state of named parameters, checked to hold exactly the keys {@code p/s} for every parameter {@code p}
     * and slot {@code s}: otherwise the message lists the missing keys and the unexpected ones, each group
     * with the parameter it belongs to ({@code "Adam: state must hold exactly the slots [m, v] of each
     * parameter, missing [w/v] (parameter 'w'), unexpected [w/V] (parameter 'w')"}).
     */
    static void stateKeys(String owner, List<String> slots, Collection<String> params, Map<String, ?> state) {
        Objects.requireNonNull(state, owner + ": state is null");
        Set<String> expected = new LinkedHashSet<>();
        for (String p : params) {
            for (String slot : slots) {
                expected.add(Optimizer.stateName(p, slot));
            }
        }
        if (state.keySet().equals(expected)) {
            return;
        }
        Map<String, List<String>> missing = new LinkedHashMap<>();
        Map<String, Set<String>> unexpected = new LinkedHashMap<>();
        for (String p : params) {
            missing.put(p, new ArrayList<>());
            unexpected.put(p, new TreeSet<>());
            for (String slot : slots) {
                String key = Optimizer.stateName(p, slot);
                if (!state.containsKey(key)) {
                    missing.get(p).add(key);
                }
            }
        }
        Set<String> unowned = new TreeSet<>();
        for (String key : state.keySet()) {
            if (!expected.contains(key)) {
                String p = owner(key, params);
                (p == null ? unowned : unexpected.get(p)).add(key);
            }
        }
        List<String> parts = new ArrayList<>();
        String missingPart = groups(missing);
        if (!missingPart.isEmpty()) {
            parts.add("missing " + missingPart);
        }
        String unexpectedPart = groups(unexpected);
        if (!unowned.isEmpty()) {
            unexpectedPart += (unexpectedPart.isEmpty() ? "" : ", ") + unowned + " (no such parameter)";
        }
        if (!unexpectedPart.isEmpty()) {
            parts.add("unexpected " + unexpectedPart);
        }
        throw new IllegalArgumentException(owner + ": state must hold exactly the slots " + slots
                + " of each parameter, " + String.join(", ", parts));
    }

    /** The parameter whose slots {@code key} would name: the longest {@code p} with {@code key = p/...}. */
    private static String owner(String key, Collection<String> params) {
        String best = null;
        for (String p : params) {
            if (key.startsWith(p + "/") && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        return best;
    }

    /** {@code "[a/m] (parameter 'a'), [b/m, b/v] (parameter 'b')"} for the non-empty groups. */
    private static String groups(Map<String, ? extends Collection<String>> byParam) {
        List<String> out = new ArrayList<>();
        byParam.forEach((p, keys) -> {
            if (!keys.isEmpty()) {
                out.add(new ArrayList<>(keys) + " (parameter '" + p + "')");
            }
        });
        return String.join(", ", out);
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
