package dev.adjoint.nn.tune;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;

/**
 * Expected improvement (Jones, Schonlau and Welch 1998), the acquisition function of
 * {@link BayesianOptimization}, for minimization, in graph ops: with {@code Y ~ N(μ, σ²)} the posterior at a
 * candidate and {@code f*} the best value observed,
 *
 * <pre>
 *   EI = E[max(f* − ξ − Y, 0)] = (f* − ξ − μ) Φ(z) + σ φ(z),   z = (f* − ξ − μ) / σ,
 *   Φ(z) = erfc(−z / √2) / 2,   φ(z) = exp(−z² / 2) / √(2π),
 * </pre>
 *
 * and {@code max(f* − ξ − μ, 0)} where {@code σ = 0}. The margin {@code ξ >= 0} trades exploitation for
 * exploration.
 */
final class ExpectedImprovement {

    private ExpectedImprovement() {
    }

    /** The expected improvement over {@code best}, element by element, of posteriors {@code N(mean, std²)}. */
    static Node of(Node mean, Node std, double best, double xi) {
        Node gain = mean.neg().add(best - xi);
        Node z = gain.div(std);
        Node cdf = z.mul(-1 / Math.sqrt(2)).erfc().mul(0.5);
        Node density = z.square().mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
        Node ei = gain.mul(cdf).add(std.mul(density));
        return std.greater(SourceOp.scalar(0.0)).where(ei, gain.relu());
    }
}
