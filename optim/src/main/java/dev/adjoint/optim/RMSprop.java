package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop (Tieleman and Hinton, 2012, lecture 6.5; centered form from Graves, 2013), Keras's
 * {@code keras.optimizers.RMSprop} ({@code keras/src/optimizers/rmsprop.py}): the gradient is divided by a
 * running root-mean-square of past gradients,
 * <pre>
 *   E[g²]' = ρ · E[g²] + ((1 − ρ) · g) · g           (no g² alone: finite where E[g²]' is)
 *   d      = E[g²]' + ε                              (plain)
 *   E[g]'  = ρ · E[g] + (1 − ρ) · g,
 *   d      = E[g²]' − (E[g]')² + ε                   (centered: the variance estimate)
 *   Δ      = (η(t) · g) / √d
 *   w'     = w − Δ                                   (momentum μ = 0)
 *   m'     = μ · m + Δ,   w' = w − m'                (momentum μ > 0)
 * </pre>
 * with Keras's placement of {@code ε} inside the square root. State, initially zero, in this order:
 * {@code "meanSquare"} ({@code E[g²]}), then {@code "momentum"} ({@code m}) when {@code μ > 0}, then
 * {@code "meanGradient"} ({@code E[g]}) when centered.
 *
 * <p>Defaults (Keras 3): {@code η = 0.001}, {@code ρ = 0.9}, {@code μ = 0}, {@code ε = 1e-7}, not centered.
 *
 * @param learningRate the schedule {@code η(t)}
 * @param rho the decay rate {@code ρ ∈ [0, 1)}
 * @param momentum {@code μ ∈ [0, 1)}
 * @param epsilon {@code ε > 0}, finite
 * @param centered whether to divide by the estimated variance instead of the second moment
 */
public record RMSprop(Schedule learningRate, double rho, double momentum, double epsilon, boolean centered)
        implements Optimizer {

    private static final String NAME = "RMSprop";

    /** Validates the hyperparameters. */
    public RMSprop {
        Checks.schedule(NAME, learningRate);
        Checks.unitInterval(NAME, "rho", rho);
        Checks.unitInterval(NAME, "momentum", momentum);
        Checks.positive(NAME, "epsilon", epsilon);
    }

    /** Keras 3's defaults: {@code η = 0.001}, {@code ρ = 0.9}, {@code μ = 0}, {@code ε = 1e-7}, not centered. */
    public static RMSprop defaults() {
        return new RMSprop(Schedule.constant(0.001), 0.9, 0.0, 1e-7, false);
    }

    @Override
    public RMSprop withLearningRate(Schedule schedule) {
        return new RMSprop(schedule, rho, momentum, epsilon, centered);
    }

    @Override
    public RMSprop withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(Checks.learningRate(NAME, lr)));
    }

    /** The same optimizer with decay rate {@code ρ}. */
    public RMSprop withRho(double rho) {
        return new RMSprop(learningRate, rho, momentum, epsilon, centered);
    }

    /** The same optimizer with momentum {@code μ}. */
    public RMSprop withMomentum(double momentum) {
        return new RMSprop(learningRate, rho, momentum, epsilon, centered);
    }

    /** The same optimizer with {@code ε}. */
    public RMSprop withEpsilon(double epsilon) {
        return new RMSprop(learningRate, rho, momentum, epsilon, centered);
    }

    /** The same optimizer, centered or not. */
    public RMSprop withCentered(boolean centered) {
        return new RMSprop(learningRate, rho, momentum, epsilon, centered);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> slots() {
        List<String> names = new ArrayList<>(List.of("meanSquare"));
        if (momentum > 0) {
            names.add("momentum");
        }
        if (centered) {
            names.add("meanGradient");
        }
        return List.copyOf(names);
    }

    @Override
    public ParamUpdate rule(Node w, Node g, Map<String, Node> s, Node t, Node lr) {
        Map<String, Node> next = new HashMap<>();
        Node meanSquare = s.get("meanSquare").mul(rho).add(g.mul(1 - rho).mul(g));
        next.put("meanSquare", meanSquare);
        Node variance = meanSquare;
        if (centered) {
            Node meanGradient = s.get("meanGradient").mul(rho).add(g.mul(1 - rho));
            next.put("meanGradient", meanGradient);
            variance = meanSquare.sub(meanGradient.square());
        }
        Node denominator = variance.add(epsilon);
        Node increment = lr.mul(g).div(denominator.sqrt());
        if (momentum > 0) {
            Node m = s.get("momentum").mul(momentum).add(increment);
            next.put("momentum", m);
            increment = m;
        }
        return new ParamUpdate(w.sub(increment), next);
    }
}
