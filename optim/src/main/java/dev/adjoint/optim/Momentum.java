package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import java.util.List;
import java.util.Map;

/**
 * Gradient descent with momentum, Keras's {@code keras.optimizers.SGD(momentum=μ, nesterov=...)}
 * ({@code keras/src/optimizers/sgd.py}). The velocity holds the step already scaled by the learning rate.
 * Heavy-ball momentum (Polyak, 1964) steps by the new velocity:
 * <pre>
 *   v' = v · μ − g · η(t)
 *   w' = w + v'
 * </pre>
 * With {@code nesterov}, the parameter takes the look-ahead step {@code μ v' − η g} instead, the
 * reformulation of Nesterov's method (1983) by Sutskever et al. (2013, eq. 3–4) and Bengio et al. (2013) that
 * needs the gradient only at the current parameters:
 * <pre>
 *   v' = v · μ − g · η(t)
 *   w' = w + (v' · μ − g · η(t))
 * </pre>
 * State: {@code ["velocity"]}, initially zero. Defaults: {@code η = 0.01} (Keras's SGD default),
 * {@code μ = 0.9} (Keras's SGD has {@code momentum = 0}; 0.9 is the value this record documents as its
 * default, the usual choice since Sutskever et al., 2013), no Nesterov look-ahead.
 *
 * @param learningRate the schedule {@code η(t)}
 * @param momentum {@code μ ∈ [0, 1)}
 * @param nesterov whether to take Nesterov's look-ahead step
 */
public record Momentum(Schedule learningRate, double momentum, boolean nesterov) implements Optimizer {

    private static final String NAME = "Momentum";

    /** Validates the hyperparameters. */
    public Momentum {
        Checks.schedule(NAME, learningRate);
        Checks.unitInterval(NAME, "momentum", momentum);
    }

    /** The defaults: {@code η = 0.01}, {@code μ = 0.9}, heavy ball. */
    public static Momentum defaults() {
        return new Momentum(Schedule.constant(0.01), 0.9, false);
    }

    @Override
    public Momentum withLearningRate(Schedule schedule) {
        return new Momentum(schedule, momentum, nesterov);
    }

    @Override
    public Momentum withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(Checks.learningRate(NAME, lr)));
    }

    /** The same optimizer with momentum {@code μ}. */
    public Momentum withMomentum(double momentum) {
        return new Momentum(learningRate, momentum, nesterov);
    }

    /** The same optimizer with or without Nesterov's look-ahead. */
    public Momentum withNesterov(boolean nesterov) {
        return new Momentum(learningRate, momentum, nesterov);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> slots() {
        return List.of("velocity");
    }

    @Override
    public ParamUpdate rule(Node w, Node g, Map<String, Node> s, Node t, Node lr) {
        Node scaledGrad = g.mul(lr);
        Node velocity = s.get("velocity").mul(momentum).sub(scaledGrad);
        Node step = nesterov ? velocity.mul(momentum).sub(scaledGrad) : velocity;
        return new ParamUpdate(w.add(step), Map.of("velocity", velocity));
    }
}
