package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * Gradient descent with (heavy-ball) momentum, Keras's {@code keras.optimizers.SGD(momentum=μ)}
 * ({@code keras/src/optimizers/sgd.py}; Polyak, 1964). The velocity holds the step already scaled by the
 * learning rate:
 * <pre>
 *   v' = v · μ − g · η(t)
 *   w' = w + v'
 * </pre>
 * State: {@code ["velocity"]}, initially zero. Defaults: {@code η = 0.01} (Keras's SGD default) and
 * {@code μ = 0.9} (Keras's SGD has {@code momentum = 0}; 0.9 is the value this record documents as its
 * default, the usual choice since Sutskever et al., 2013).
 *
 * @param learningRate the schedule {@code η(t)}
 * @param momentum {@code μ ∈ [0, 1)}
 */
public record Momentum(Schedule learningRate, double momentum) implements Optimizer {

    private static final String NAME = "Momentum";

    /** Validates the hyperparameters. */
    public Momentum {
        Checks.schedule(NAME, learningRate);
        Checks.unitInterval(NAME, "momentum", momentum);
    }

    /** The defaults: {@code η = 0.01}, {@code μ = 0.9}. */
    public static Momentum defaults() {
        return new Momentum(Schedule.constant(0.01), 0.9);
    }

    @Override
    public Momentum withLearningRate(Schedule schedule) {
        return new Momentum(schedule, momentum);
    }

    @Override
    public Momentum withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(Checks.learningRate(NAME, lr)));
    }

    /** The same optimizer with momentum {@code μ}. */
    public Momentum withMomentum(double momentum) {
        return new Momentum(learningRate, momentum);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Tensor> initialState(Tensor param) {
        return List.of(Tensor.zeros(param.dtype(), param.shape()));
    }

    @Override
    public List<String> stateNames() {
        return List.of("velocity");
    }

    @Override
    public ParamUpdate update(Node param, Node grad, List<Node> state, Node step) {
        Node g = Checks.grad(NAME, param, grad);
        Node v = Checks.state(NAME, stateNames(), param, state).get(0);
        Node lr = Checks.rate(NAME, learningRate, Checks.step(NAME, param, step), param.dtype());
        Node velocity = v.mul(momentum).sub(g.mul(lr));
        return new ParamUpdate(param.add(velocity), List.of(velocity));
    }
}
