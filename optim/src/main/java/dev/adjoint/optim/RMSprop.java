package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * RMSprop (Tieleman and Hinton, 2012, lecture 6.5; centered form from Graves, 2013), Keras's
 * {@code keras.optimizers.RMSprop} ({@code keras/src/optimizers/rmsprop.py}): the gradient is divided by a
 * running root-mean-square of past gradients,
 * <pre>
 *   E[g²]' = ρ · E[g²] + (1 − ρ) · g²
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
    public List<Tensor> initialState(Tensor param) {
        List<Tensor> state = new ArrayList<>();
        for (int i = 0; i < stateNames().size(); i++) {
            state.add(Tensor.zeros(param.dtype(), param.shape()));
        }
        return List.copyOf(state);
    }

    @Override
    public List<String> stateNames() {
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
    public ParamUpdate update(Node param, Node grad, List<Node> state, Node step) {
        Node g = Checks.grad(NAME, param, grad);
        List<Node> s = Checks.state(NAME, stateNames(), param, state);
        Node lr = Checks.rate(NAME, learningRate, Checks.step(NAME, param, step), param.dtype());
        Node meanSquare = s.get(0).mul(rho).add(g.square().mul(1 - rho));
        Node meanGradient = centered ? s.get(s.size() - 1).mul(rho).add(g.mul(1 - rho)) : null;
        Node denominator = centered
                ? meanSquare.sub(meanGradient.square()).add(epsilon)
                : meanSquare.add(epsilon);
        Node increment = lr.mul(g).div(denominator.sqrt());
        Node m = momentum > 0 ? s.get(1).mul(momentum).add(increment) : null;
        List<Node> next = new ArrayList<>(List.of(meanSquare));
        if (m != null) {
            next.add(m);
        }
        if (meanGradient != null) {
            next.add(meanGradient);
        }
        return new ParamUpdate(param.sub(m != null ? m : increment), next);
    }
}
