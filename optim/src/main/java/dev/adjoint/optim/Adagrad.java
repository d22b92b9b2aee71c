package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adagrad (Duchi, Hazan and Singer, 2011), Keras's {@code keras.optimizers.Adagrad}
 * ({@code keras/src/optimizers/adagrad.py}): each coordinate's rate shrinks with the sum of its squared
 * gradients,
 * <pre>
 *   a' = a + g²
 *   w' = w − (η(t) · g) / √(a' + ε)
 * </pre>
 * with Keras's placement of {@code ε} inside the square root. State: {@code ["accumulator"]}, initially
 * {@code a₀} in every element (Keras's {@code initial_accumulator_value}).
 *
 * <p>Defaults (Keras 3): {@code η = 0.001}, {@code a₀ = 0.1}, {@code ε = 1e-7}. Keras notes that Adagrad
 * benefits from larger rates than the default; the paper's form uses {@code η = 1}.
 *
 * @param learningRate the schedule {@code η(t)}
 * @param initialAccumulatorValue {@code a₀ ≥ 0}, finite
 * @param epsilon {@code ε > 0}, finite
 */
public record Adagrad(Schedule learningRate, double initialAccumulatorValue, double epsilon) implements Optimizer {

    private static final String NAME = "Adagrad";

    /** Validates the hyperparameters. */
    public Adagrad {
        Checks.schedule(NAME, learningRate);
        Checks.nonNegative(NAME, "initialAccumulatorValue", initialAccumulatorValue);
        Checks.positive(NAME, "epsilon", epsilon);
    }

    /** Keras 3's defaults: {@code η = 0.001}, {@code a₀ = 0.1}, {@code ε = 1e-7}. */
    public static Adagrad defaults() {
        return new Adagrad(Schedule.constant(0.001), 0.1, 1e-7);
    }

    @Override
    public Adagrad withLearningRate(Schedule schedule) {
        return new Adagrad(schedule, initialAccumulatorValue, epsilon);
    }

    @Override
    public Adagrad withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(Checks.learningRate(NAME, lr)));
    }

    /** The same optimizer with initial accumulator value {@code a₀}. */
    public Adagrad withInitialAccumulatorValue(double initialAccumulatorValue) {
        return new Adagrad(learningRate, initialAccumulatorValue, epsilon);
    }

    /** The same optimizer with {@code ε}. */
    public Adagrad withEpsilon(double epsilon) {
        return new Adagrad(learningRate, initialAccumulatorValue, epsilon);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> slots() {
        return List.of("accumulator");
    }

    /** The accumulator starts at {@code a₀} in every element. */
    @Override
    public Tensor initialSlot(String slot, Tensor param) {
        return Tensor.full(param.dtype(), param.shape(), initialAccumulatorValue);
    }

    @Override
    public ParamUpdate rule(Node w, Node g, Map<String, Node> s, Node t, Node lr) {
        Node accumulator = s.get("accumulator").add(g.square());
        Node increment = lr.mul(g).div(accumulator.add(epsilon).sqrt());
        return new ParamUpdate(w.sub(increment), Map.of("accumulator", accumulator));
    }
}
