package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import java.util.List;
import java.util.Map;

/**
 * Adadelta (Zeiler, 2012, Algorithm 1), Keras's {@code keras.optimizers.Adadelta}
 * ({@code keras/src/optimizers/adadelta.py}): the step is the gradient rescaled by the ratio of two running
 * root-mean-squares, of past updates and of past gradients, so its units match the parameter's,
 * <pre>
 *   E[g²]'  = ρ · E[g²] + ((1 − ρ) · g) · g        (no g² alone: finite where E[g²]' is)
 *   Δ       = −(√(E[Δ²] + ε) · g) / √(E[g²]' + ε)
 *   E[Δ²]'  = ρ · E[Δ²] + ((1 − ρ) · Δ) · Δ
 *   w'      = w + η(t) · Δ
 * </pre>
 * State: {@code ["meanSquareGrad", "meanSquareDelta"]} ({@code E[g²]}, {@code E[Δ²]}), initially zero.
 *
 * <p>Defaults (Keras 3): {@code η = 0.001}, {@code ρ = 0.95}, {@code ε = 1e-7}. The paper has no learning
 * rate, which is {@code η = 1} here (and {@code ε = 1e-6}); Keras notes that Adadelta benefits from it.
 *
 * @param learningRate the schedule {@code η(t)}
 * @param rho the decay rate {@code ρ ∈ [0, 1)}
 * @param epsilon {@code ε > 0}, finite
 */
public record Adadelta(Schedule learningRate, double rho, double epsilon) implements Optimizer {

    private static final String NAME = "Adadelta";

    /** Validates the hyperparameters. */
    public Adadelta {
        Checks.schedule(NAME, learningRate);
        Checks.unitInterval(NAME, "rho", rho);
        Checks.positive(NAME, "epsilon", epsilon);
    }

    /** Keras 3's defaults: {@code η = 0.001}, {@code ρ = 0.95}, {@code ε = 1e-7}. */
    public static Adadelta defaults() {
        return new Adadelta(Schedule.constant(0.001), 0.95, 1e-7);
    }

    @Override
    public Adadelta withLearningRate(Schedule schedule) {
        return new Adadelta(schedule, rho, epsilon);
    }

    @Override
    public Adadelta withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(Checks.learningRate(NAME, lr)));
    }

    /** The same optimizer with decay rate {@code ρ}. */
    public Adadelta withRho(double rho) {
        return new Adadelta(learningRate, rho, epsilon);
    }

    /** The same optimizer with {@code ε}. */
    public Adadelta withEpsilon(double epsilon) {
        return new Adadelta(learningRate, rho, epsilon);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> slots() {
        return List.of("meanSquareGrad", "meanSquareDelta");
    }

    @Override
    public ParamUpdate rule(Node w, Node g, Map<String, Node> s, Node t, Node lr) {
        Node meanSquareGrad = s.get("meanSquareGrad").mul(rho).add(g.mul(1 - rho).mul(g));
        Node delta = rms(s.get("meanSquareDelta")).mul(g).div(rms(meanSquareGrad)).neg();
        Node meanSquareDelta = s.get("meanSquareDelta").mul(rho).add(delta.mul(1 - rho).mul(delta));
        return new ParamUpdate(w.add(lr.mul(delta)), Map.of("meanSquareGrad", meanSquareGrad,
                "meanSquareDelta", meanSquareDelta));
    }

    /** {@code √(x + ε)}. */
    private Node rms(Node x) {
        return x.add(epsilon).sqrt();
    }
}
