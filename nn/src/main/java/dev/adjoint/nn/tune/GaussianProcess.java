package dev.adjoint.nn.tune;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Gaussian-process regression (Rasmussen and Williams 2006, algorithm 2.1) in graph ops, the surrogate model
 * of {@link BayesianOptimization}. The kernel is Matérn 5/2,
 *
 * <pre>
 *   k(x, x') = (1 + s + s² / 3) · exp(−s),   s = √5 r / ℓ,   r = ‖x − x'‖,
 * </pre>
 *
 * on targets standardized to mean 0 and variance 1 (so the signal variance is 1), with noise variance
 * {@code α} on the diagonal. With {@code K = k(X, X) + αI = L Lᵀ} (the {@code cholesky} op) and
 * {@code a = K⁻¹ z = L⁻ᵀ L⁻¹ z} (two triangular solves, {@code choleskySolve}), the posterior at the rows of
 * {@code X*} has mean {@code μ = k(X*, X) a} and variance {@code σ² = 1 − Σ_i V_i²} column by column,
 * {@code V = L⁻¹ k(X, X*)} (a {@code triangularSolve}). The length scale {@code ℓ} is chosen from a log-spaced
 * grid by the log marginal likelihood {@code −½ zᵀ a − Σ ln L_ii − (n/2) ln 2π}, computed for the whole grid
 * at once on a stack of kernel matrices {@code [grid, n, n]}.
 */
public final class GaussianProcess {

    /** The length scales tried by {@link #fit(double[][], double[], double)}, for inputs in the unit cube. */
    static final double[] LENGTH_SCALES = {0.05, 0.08, 0.12, 0.18, 0.27, 0.4, 0.6, 0.9, 1.35, 2.0, 3.0};

    private final Tensor x;
    private final double lengthScale;
    private final double yMean;
    private final double yScale;
    private final Tensor chol;
    private final Tensor alpha;
    private final double logLikelihood;

    private GaussianProcess(Tensor x, double lengthScale, double yMean, double yScale, Tensor chol, Tensor alpha,
            double logLikelihood) {
        this.x = x;
        this.lengthScale = lengthScale;
        this.yMean = yMean;
        this.yScale = yScale;
        this.chol = chol;
        this.alpha = alpha;
        this.logLikelihood = logLikelihood;
    }

    /**
     * The process through {@code (x_i, y_i)} with noise variance {@code noise} (relative to the standardized
     * targets) and the length scale of {@link #LENGTH_SCALES} with the largest marginal likelihood (the first
     * of equals).
     *
     * @throws IllegalArgumentException for no points, rows of different lengths, non-finite values or a
     *     noise that is not positive
     */
    public static GaussianProcess fit(double[][] x, double[] y, double noise) {
        check("GaussianProcess.fit", x, y, noise);
        return fitBest(x, y, noise, LENGTH_SCALES);
    }

    /** The process with a given length scale. */
    public static GaussianProcess fit(double[][] x, double[] y, double noise, double lengthScale) {
        check("GaussianProcess.fit", x, y, noise);
        if (!(lengthScale > 0) || Double.isInfinite(lengthScale)) {
            throw new IllegalArgumentException("gaussian process: lengthScale must be finite and > 0, got "
                    + lengthScale);
        }
        return fitBest(x, y, noise, new double[] {lengthScale});
    }

    /** Factors the kernel matrix at every length scale of {@code grid} in one graph and keeps the likeliest. */
    private static GaussianProcess fitBest(double[][] points, double[] y, double noise, double[] grid) {
        int n = points.length;
        int g = grid.length;
        double mean = Arrays.stream(y).sum() / n;
        double var = Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum() / n;
        double scale = var > 0 ? Math.sqrt(var) : 1;
        Tensor x = matrix(points);
        Tensor z = Tensor.vector(Arrays.stream(y).map(v -> (v - mean) / scale).toArray());

        Node xs = SourceOp.input("x", x.shape());
        Node zs = SourceOp.input("z", Shape.of(n));
        Node lengths = SourceOp.input("lengthScales", Shape.of(g));
        Node k = matern(xs, xs, lengths).add(SourceOp.constant(identity(n)).mul(noise));     // [g, n, n]
        Node l = k.cholesky();
        Node zColumns = zs.reshape(1, n, 1).broadcastTo(Shape.of(g, n, 1));
        Node a = l.choleskySolve(zColumns).reshape(g, n);                                     // K⁻¹ z
        Node fit = a.mul(zs).sum(1);                                                         // zᵀ K⁻¹ z
        Node halfLogDet = l.mul(SourceOp.constant(identity(n))).sum(2).log().sum(1);         // Σ ln L_ii
        Node logLikelihood = fit.mul(-0.5).sub(halfLogDet).sub(0.5 * n * Math.log(2 * Math.PI));
        List<Tensor> out = Function.of(List.of(xs, zs, lengths), List.of(l, a, logLikelihood))
                .call(x, z, Tensor.vector(grid));

        double[] likelihoods = out.get(2).toDoubleArray();
        int best = 0;
        for (int i = 1; i < g; i++) {
            if (likelihoods[i] > likelihoods[best]) {
                best = i;
            }
        }
        double[] factors = out.get(0).toDoubleArray();
        double[] solutions = out.get(1).toDoubleArray();
        return new GaussianProcess(x, grid[best], mean, scale,
                Tensor.of(Shape.of(n, n), Arrays.copyOfRange(factors, best * n * n, (best + 1) * n * n)),
                Tensor.vector(Arrays.copyOfRange(solutions, best * n, (best + 1) * n)), likelihoods[best]);
    }

    /**
     * The Matérn 5/2 correlations {@code k(a_i, b_j)} of the rows of {@code a : [m, d]} and {@code b : [n, d]}
     * at each length scale of {@code lengths : [g]}: {@code [g, m, n]}.
     */
    static Node matern(Node a, Node b, Node lengths) {
        int m = a.shape().dim(0);
        int n = b.shape().dim(0);
        int d = a.shape().dim(1);
        Node squared = a.reshape(m, 1, d).sub(b.reshape(1, n, d)).square().sum(2);          // r², [m, n]
        Node s = squared.mul(5.0).sqrt().reshape(1, m, n).div(lengths.reshape(lengths.shape().dim(0), 1, 1));
        return s.add(1.0).add(s.square().div(3.0)).mul(s.neg().exp());
    }

    private static void check(String who, double[][] x, double[] y, double noise) {
        Objects.requireNonNull(x, who + ": x is null");
        Objects.requireNonNull(y, who + ": y is null");
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("gaussian process: needs as many targets as points, at least one, got "
                    + x.length + " points and " + y.length + " targets");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != x[0].length) {
                throw new IllegalArgumentException("gaussian process: points must have one dimension, got "
                        + x[0].length + " and " + x[i].length + " at point " + i);
            }
            for (double v : x[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("gaussian process: points must be finite, got " + v
                            + " at point " + i);
                }
            }
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("gaussian process: targets must be finite, got " + y[i]
                        + " at point " + i);
            }
        }
        if (!(noise > 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("gaussian process: noise must be finite and > 0, got " + noise);
        }
    }

    /** The length scale in use. */
    public double lengthScale() {
        return lengthScale;
    }

    /** The log marginal likelihood of the standardized targets. */
    public double logMarginalLikelihood() {
        return logLikelihood;
    }

    /** The posterior mean and standard deviation at a point, in the targets' units. */
    public Prediction predict(double[] point) {
        Objects.requireNonNull(point, "GaussianProcess.predict: point is null");
        return predict(new double[][] {point})[0];
    }

    /** The posterior mean and standard deviation at each of {@code points}, in the targets' units. */
    public Prediction[] predict(double[][] points) {
        Tensor values = checkPoints(points);
        Node at = SourceOp.input("points", values.shape());
        List<Tensor> out = Function.of(List.of(at), posterior(at)).call(values);
        double[] mean = out.get(0).toDoubleArray();
        double[] std = out.get(1).toDoubleArray();
        Prediction[] p = new Prediction[points.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = new Prediction(mean[i], std[i]);
        }
        return p;
    }

    /**
     * The {@link ExpectedImprovement} over {@code best} with margin {@code xi} at each of {@code points}, the
     * posterior and the acquisition in one graph.
     */
    double[] expectedImprovement(double[][] points, double best, double xi) {
        Tensor values = checkPoints(points);
        Node at = SourceOp.input("points", values.shape());
        List<Node> posterior = posterior(at);
        Node ei = ExpectedImprovement.of(posterior.get(0), posterior.get(1), best, xi);
        return Function.of(List.of(at), List.of(ei)).call(values).get(0).toDoubleArray();
    }

    /** The posterior {@code {mean, std}} at the rows of {@code at : [m, d]}, in the targets' units. */
    private List<Node> posterior(Node at) {
        int m = at.shape().dim(0);
        int n = x.shape().dim(0);
        Node kStar = matern(at, SourceOp.constant(x), SourceOp.constant(Tensor.vector(lengthScale))).reshape(m, n);
        Node mean = kStar.matmul(SourceOp.constant(alpha));
        Node v = SourceOp.constant(chol).triangularSolve(kStar.transpose(), true);            // L⁻¹ k(X, X*)
        Node variance = SourceOp.scalar(1.0).sub(v.square().sum(0)).maximum(SourceOp.scalar(0.0));
        return List.of(mean.mul(yScale).add(yMean), variance.sqrt().mul(yScale));
    }

    private Tensor checkPoints(double[][] points) {
        Objects.requireNonNull(points, "GaussianProcess.predict: points is null");
        int d = x.shape().dim(1);
        if (points.length == 0) {
            throw new IllegalArgumentException("gaussian process: needs at least one point to predict at, got 0");
        }
        for (double[] p : points) {
            if (Objects.requireNonNull(p, "GaussianProcess.predict: a point is null").length != d) {
                throw new IllegalArgumentException("gaussian process: point must have " + d + " dimensions, got "
                        + p.length);
            }
        }
        return matrix(points);
    }

    private static Tensor matrix(double[][] rows) {
        int d = rows[0].length;
        double[] data = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, data, i * d, d);
        }
        return Tensor.of(Shape.of(rows.length, d), data);
    }

    private static Tensor identity(int n) {
        double[] data = new double[n * n];
        for (int i = 0; i < n; i++) {
            data[i * n + i] = 1;
        }
        return Tensor.of(DType.FLOAT64, Shape.of(n, n), data);
    }

    /**
     * A posterior at one point.
     *
     * @param mean the posterior mean
     * @param std the posterior standard deviation (of the latent function, without the noise)
     */
    public record Prediction(double mean, double std) {
    }
}
