package dev.adjoint.nn.tune;

import java.util.Objects;

/**
 * Gaussian-process regression (Rasmussen and Williams 2006, algorithm 2.1) on plain float64 arrays, the
 * surrogate model of {@link BayesianOptimization}. The kernel is Matérn 5/2,
 *
 * <pre>
 *   k(x, x') = (1 + √5 r / ℓ + 5 r² / (3 ℓ²)) · exp(−√5 r / ℓ),   r = ‖x − x'‖,
 * </pre>
 *
 * on targets standardized to mean 0 and variance 1 (so the signal variance is 1), with noise variance
 * {@code α} on the diagonal. With {@code K = k(X, X) + αI = L Lᵀ} (Cholesky) and {@code a = K⁻¹ y}, the
 * posterior at {@code x*} has mean {@code μ = k*ᵀ a} and variance {@code σ² = k(x*, x*) − vᵀ v},
 * {@code v = L⁻¹ k*}. The length scale {@code ℓ} is chosen from a log-spaced grid by the log marginal
 * likelihood {@code −½ yᵀ a − Σ ln L_ii − (n/2) ln 2π}.
 *
 * <p>(A small, self-contained solver: when the graph's Cholesky op exists, this can be written with it.)
 */
public final class GaussianProcess {

    /** The length scales tried by {@link #fit(double[][], double[], double)}, for inputs in the unit cube. */
    static final double[] LENGTH_SCALES = {0.05, 0.08, 0.12, 0.18, 0.27, 0.4, 0.6, 0.9, 1.35, 2.0, 3.0};

    private final double[][] x;
    private final double lengthScale;
    private final double noise;
    private final double yMean;
    private final double yScale;
    private final double[][] chol;
    private final double[] alpha;
    private final double logLikelihood;

    private GaussianProcess(double[][] x, double[] y, double noise, double lengthScale) {
        int n = x.length;
        this.x = x;
        this.noise = noise;
        this.lengthScale = lengthScale;
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double var = 0;
        for (double v : y) {
            var += (v - mean) * (v - mean);
        }
        var /= n;
        this.yMean = mean;
        this.yScale = var > 0 ? Math.sqrt(var) : 1;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = (y[i] - yMean) / yScale;
        }
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                k[i][j] = kernel(x[i], x[j]) + (i == j ? noise : 0);
                k[j][i] = k[i][j];
            }
        }
        this.chol = cholesky(k);
        this.alpha = backSubstitute(chol, forwardSubstitute(chol, z));
        double fit = 0;
        for (int i = 0; i < n; i++) {
            fit += z[i] * alpha[i];
        }
        double logDet = 0;
        for (int i = 0; i < n; i++) {
            logDet += Math.log(chol[i][i]);
        }
        this.logLikelihood = -0.5 * fit - logDet - 0.5 * n * Math.log(2 * Math.PI);
    }

    /**
     * The process through {@code (x_i, y_i)} with noise variance {@code noise} (relative to the standardized
     * targets) and the length scale of {@link #LENGTH_SCALES} with the largest marginal likelihood.
     *
     * @throws IllegalArgumentException for no points, rows of different lengths, non-finite values or a
     *     noise that is not positive
     */
    public static GaussianProcess fit(double[][] x, double[] y, double noise) {
        check(x, y, noise);
        GaussianProcess best = null;
        for (double l : LENGTH_SCALES) {
            GaussianProcess gp = new GaussianProcess(copy(x), y.clone(), noise, l);
            if (best == null || gp.logLikelihood > best.logLikelihood) {
                best = gp;
            }
        }
        return best;
    }

    /** The process with a given length scale. */
    public static GaussianProcess fit(double[][] x, double[] y, double noise, double lengthScale) {
        check(x, y, noise);
        if (!(lengthScale > 0) || Double.isInfinite(lengthScale)) {
            throw new IllegalArgumentException("gaussian process: lengthScale must be finite and > 0, got "
                    + lengthScale);
        }
        return new GaussianProcess(copy(x), y.clone(), noise, lengthScale);
    }

    private static void check(double[][] x, double[] y, double noise) {
        Objects.requireNonNull(x, "x is null");
        Objects.requireNonNull(y, "y is null");
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
                    throw new IllegalArgumentException("gaussian process: points must be finite, got " + v + " at point "
                            + i);
                }
            }
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("gaussian process: targets must be finite, got " + y[i] + " at point "
                        + i);
            }
        }
        if (!(noise > 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("gaussian process: noise must be finite and > 0, got " + noise);
        }
    }

    private static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }

    /** The length scale in use. */
    public double lengthScale() {
        return lengthScale;
    }

    /** The log marginal likelihood of the standardized targets. */
    public double logMarginalLikelihood() {
        return logLikelihood;
    }

    /** The Matérn 5/2 correlation of two points at the process's length scale. */
    double kernel(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
        }
        double s = Math.sqrt(5 * d) / lengthScale;
        return (1 + s + s * s / 3) * Math.exp(-s);
    }

    /** The posterior mean and standard deviation at a point, in the targets' units. */
    public Prediction predict(double[] point) {
        Objects.requireNonNull(point, "point is null");
        if (point.length != x[0].length) {
            throw new IllegalArgumentException("gaussian process: point must have " + x[0].length + " dimensions, got "
                    + point.length);
        }
        int n = x.length;
        double[] kStar = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            kStar[i] = kernel(x[i], point);
            mean += kStar[i] * alpha[i];
        }
        double[] v = forwardSubstitute(chol, kStar);
        double var = 1;
        for (double vi : v) {
            var -= vi * vi;
        }
        return new Prediction(yMean + yScale * mean, yScale * Math.sqrt(Math.max(var, 0)));
    }

    /**
     * A posterior at one point.
     *
     * @param mean the posterior mean
     * @param std the posterior standard deviation (of the latent function, without the noise)
     */
    public record Prediction(double mean, double std) {
    }

    /**
     * The lower-triangular {@code L} with {@code L Lᵀ = a}, for a symmetric positive-definite {@code a}.
     *
     * @throws IllegalArgumentException when {@code a} is not positive definite (a pivot {@code <= 0})
     */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
            }
            if (!(d > 0)) {
                throw new IllegalArgumentException("cholesky: the matrix must be positive definite, got pivot " + d
                        + " at row " + j);
            }
            l[j][j] = Math.sqrt(d);
            for (int i = j + 1; i < n; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = s / l[j][j];
            }
        }
        return l;
    }

    /** {@code L⁻¹ b} for lower-triangular {@code L}. */
    static double[] forwardSubstitute(double[][] l, double[] b) {
        double[] z = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * z[k];
            }
            z[i] = s / l[i][i];
        }
        return z;
    }

    /** {@code L⁻ᵀ z} for lower-triangular {@code L}. */
    static double[] backSubstitute(double[][] l, double[] z) {
        int n = z.length;
        double[] a = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * a[k];
            }
            a[i] = s / l[i][i];
        }
        return a;
    }
}
