package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * Gradient descent with Nesterov momentum, Keras's {@code keras.optimizers.SGD(momentum=μ, nesterov=True)}
 * ({@code keras/src/optimizers/sgd.py}). Keras uses the reformulation of Sutskever et al. (2013, eq. 3–4)
 * and Bengio et al. (2013) that needs the gradient only at the current parameters: the velocity is updated
 * as for {@link Momentum}, and the parameter takes the look-ahead step {@code μ v' − η g}:
 * <pre>
 *   v' = v · μ − g · η(t)
 *   w' = w + (v' · μ − g · η(t))
 * </pre>
 * State: {@code ["velocity"]}, initially zero. Defaults: {@code η = 0.01} (Keras's SGD default) and
 * {@code μ = 0.9} (documented here as the default; Keras's SGD has {@code momentum = 0}).
 *
 * @param learningRate the schedule {@code η(t)}
 * @param momentum {@code μ ∈ [0, 1)}
 */
public record Nesterov(Schedule learningRate, double momentum) implements Optimizer {

    private static final String NAME = "Nesterov";

    /** Validates the hyperparameters. */
    public Nesterov {
        Checks.schedule(NAME, learningRate);
        Checks.unitInterval(NAME, "momentum", momentum);
    }

    /** The defaults: {@code η = 0.01}, {@code μ = 0.9}. */
    public static Nesterov defaults() {
        return new Nesterov(Schedule.constant(0.01), 0.9);
    }

    @Override
    public Nesterov withLearningRate(Schedule schedule) {
        return new Nesterov(schedule, momentum);
    }

    @Override
    public Nesterov withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(Checks.learningRate(NAME, lr)));
    }

    /** The same optimizer with momentum {@code μ}. */
    public Nesterov withMomentum(double momentum) {
        return new Nesterov(learningRate, momentum);
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
        Node scaledGrad = g.mul(lr);
        Node velocity = v.mul(momentum).sub(scaledGrad);
        return new ParamUpdate(param.add(velocity.mul(momentum).sub(scaledGrad)), List.of(velocity));
    }
}
