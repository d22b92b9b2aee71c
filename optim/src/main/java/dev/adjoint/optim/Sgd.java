package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import java.util.List;
import java.util.Map;

/**
 * Plain (stochastic) gradient descent, Keras's {@code keras.optimizers.SGD} with {@code momentum = 0}
 * ({@code keras/src/optimizers/sgd.py}):
 * <pre>
 *   w' = w − g · η(t)
 * </pre>
 * No state. Defaults (Keras 3): {@code η = 0.01}.
 *
 * @param learningRate the schedule {@code η(t)}
 */
public record Sgd(Schedule learningRate) implements Optimizer {

    private static final String NAME = "SGD";

    /** Validates the hyperparameters. */
    public Sgd {
        Checks.schedule(NAME, learningRate);
    }

    /** Keras 3's defaults: {@code η = 0.01}. */
    public static Sgd defaults() {
        return new Sgd(Schedule.constant(0.01));
    }

    @Override
    public Sgd withLearningRate(Schedule schedule) {
        return new Sgd(schedule);
    }

    @Override
    public Sgd withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(Checks.learningRate(NAME, lr)));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> slots() {
        return List.of();
    }

    @Override
    public ParamUpdate rule(Node w, Node g, Map<String, Node> s, Node t, Node lr) {
        return ParamUpdate.of(w.sub(g.mul(lr)));
    }
}
