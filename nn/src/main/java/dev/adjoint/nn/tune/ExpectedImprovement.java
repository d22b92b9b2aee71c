package dev.adjoint.nn.tune;

/**
 * Expected improvement (Jones, Schonlau and Welch 1998), the acquisition function of
 * {@link BayesianOptimization}, for minimization: with {@code Y ~ N(μ, σ²)} the posterior at a candidate and
 * {@code f*} the best value observed,
 *
 * <pre>
 *   EI = E[max(f* − ξ − Y, 0)] = (f* − ξ − μ) Φ(z) + σ φ(z),   z = (f* − ξ − μ) / σ,
 * </pre>
 *
 * and {@code max(f* − ξ − μ, 0)} when {@code σ = 0}. The margin {@code ξ >= 0} trades exploitation for
 * exploration.
 */
final class ExpectedImprovement {

    private ExpectedImprovement() {
    }

    /** The expected improvement over {@code best} of a posterior. */
    static double of(GaussianProcess.Prediction p, double best, double xi) {
        double gain = best - xi - p.mean();
        if (p.std() <= 0) {
            return Math.max(gain, 0);
        }
        double z = gain / p.std();
        return gain * cdf(z) + p.std() * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    /** The standard normal distribution function {@code Φ(z) = erfc(−z / √2) / 2}. */
    static double cdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /**
     * The complementary error function, by the Chebyshev fit of Numerical Recipes ({@code erfcc}, fractional
     * error below 1.2e-7 everywhere), ample for ranking candidates.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
