package dev.adjoint.examples;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.ContractionOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.examples.data.Datasets;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.data.Scaling;
import dev.adjoint.nn.data.Split;
import dev.adjoint.nn.layer.Normalization;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.ParamUpdate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gaussian-process regression on the diabetes data of Efron et al. (2004), its hyperparameters fit by gradient
 * ascent on the exact log marginal likelihood (Rasmussen and Williams 2006, "Gaussian Processes for Machine
 * Learning", chapters 2 and 5), written in graph ops and differentiated by {@link Autodiff}.
 *
 * <p>The model: {@code y = f(x) + ε}, {@code f ~ GP(0, k)}, {@code ε ~ N(0, σ_n²)}, with a squared-exponential
 * kernel with one length scale per feature (automatic relevance determination) plus a linear one,
 * <pre>
 *   k(x, x') = σ_f² exp(-½ Σ_d (x_d - x'_d)² / ℓ_d²) + σ_l² x·x'.
 * </pre>
 * With {@code K = k(X, X) + σ_n² I = L Lᵀ} (Cholesky) and {@code α = K⁻¹ y = L⁻ᵀ L⁻¹ y} (two triangular solves),
 * <pre>
 *   log p(y | X, θ) = -½ yᵀ α - Σ_i log L_ii - (n/2) log 2π,
 * </pre>
 * and the predictive mean at test points is {@code k(X*, X) α}. The hyperparameters
 * {@code θ = (log ℓ_1..ℓ_10, log σ_f², log σ_n², log σ_l²)} live in log space (positive by construction) and are fit by
 * Adam on {@code -log p}; the gradient flows through the Cholesky factorization and the triangular solves
 * (their VJPs are graph ops in {@code DecompositionOp} and {@code SolveOp}), and one compiled function computes a
 * whole step {@code (θ, m, v, t) -> (θ', m', v', log p)}.
 *
 * <p>Features are standardized and the target centred and scaled on the training rows (80 %); the held-out 20 %
 * give the test RMSE in the target's units, compared with two baselines on the same split: predicting the
 * training mean, and linear regression (least squares, {@code SolveOp.lstsq}). Prints the fitted length
 * scales (a short one marks a relevant feature) and {@code RESULT gaussian_process test_rmse=...
 * log_marginal_likelihood=...} (the latter for the standardized training targets).
 */
public final class GaussianProcess {

    /** The seed of the train/test split. */
    public static final long SEED = 5;
    /** Added to the diagonal of K so that the factorization stays well conditioned as σ_n² shrinks. */
    static final double JITTER = 1e-6;
    static final String[] FEATURES = {"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"};

    private GaussianProcess() {
    }

    /**
     * What one run measured.
     *
     * @param testRmse the GP's test RMSE, in the target's units
     * @param logMarginalLikelihood {@code log p(y | X, θ)} at the fitted θ (standardized targets)
     * @param initialLogMarginalLikelihood the same at the initial θ
     * @param theta the fitted log hyperparameters
     * @param linearRmse the linear regression's test RMSE
     * @param meanRmse the test RMSE of predicting the training mean
     */
    record Outcome(double testRmse, double logMarginalLikelihood, double initialLogMarginalLikelihood,
            double[] theta, double linearRmse, double meanRmse) {
    }

    /** The kernel matrix {@code k(a, b)} for rows {@code a : [n, d]}, {@code b : [m, d]} and log hyperparameters θ. */
    static Node kernel(Node a, Node b, Node theta) {
        int d = a.shape().dim(1);
        Node inverseLengths = theta.slice(0, 0, d).neg().exp();           // 1 / ℓ_d
        Node as = a.mul(inverseLengths);
        Node bs = b.mul(inverseLengths);
        Node squaredDistances = as.square().sum(true, 1)                    // |a_i|² as a column
                .add(bs.square().sum(1))                                     // + |b_j|² as a row
                .sub(as.matmul(bs.transpose()).mul(2.0));                    // - 2 a_i·b_j
        Node signalVariance = theta.slice(0, d, d + 1).exp();
        Node linearVariance = theta.slice(0, d + 2, d + 3).exp();
        return squaredDistances.mul(-0.5).exp().mul(signalVariance)
                .add(a.matmul(b.transpose()).mul(linearVariance));          // + σ_l² a_i·b_j
    }

    /** {@code K = k(X, X) + (σ_n² + jitter) I}. */
    static Node covariance(Node x, Node theta) {
        int n = x.shape().dim(0);
        int d = x.shape().dim(1);
        Node noise = theta.slice(0, d + 1, d + 2).exp().add(JITTER);
        return kernel(x, x, theta).add(SourceOp.constant(identity(n)).mul(noise));
    }

    /** {@code log p(y | X, θ) = -½ yᵀ K⁻¹ y - ½ log det K - (n/2) log 2π}, by Cholesky. */
    static Node logMarginalLikelihood(Node x, Node y, Node theta) {
        int n = x.shape().dim(0);
        Node l = covariance(x, theta).cholesky();
        Node alpha = l.choleskySolve(y);                                     // K⁻¹ y
        Node halfLogDet = ContractionOp.einsum("ii->i", l).log().sum();     // ½ log det K = Σ log L_ii
        return y.dot(alpha).mul(-0.5).sub(halfLogDet).sub(0.5 * n * Math.log(2 * Math.PI));
    }

    /** The predictive mean {@code k(X*, X) K⁻¹ y} at the rows of {@code xTest}. */
    static Node predictiveMean(Node x, Node y, Node theta, Node xTest) {
        Node alpha = covariance(x, theta).cholesky().choleskySolve(y);
        return kernel(xTest, x, theta).matmul(alpha);
    }

    /** The initial θ: every length scale {@code sqrt(d)} (distances of order 1), σ_f² = 1, σ_n² = 0.5, σ_l² = 0.1. */
    static Tensor initialTheta(int d) {
        double[] theta = new double[d + 3];
        java.util.Arrays.fill(theta, 0, d, 0.5 * Math.log(d));
        theta[d + 1] = Math.log(0.5);
        theta[d + 2] = Math.log(0.1);
        return Tensor.vector(theta);
    }

    /**
     * Fits the GP on the first {@code trainRows} training rows of the split (all of them when larger) with
     * {@code steps} Adam steps, and measures it on the test rows.
     */
    static Outcome run(int trainRows, int steps) {
        Split split = Split.random(Datasets.diabetes(), 0.2, Key.of(SEED));
        Dataset train = split.train().head(trainRows);
        Normalization scale = Scaling.standardize(train.x());
        Tensor xTrain = scale.transform(train.x());
        Tensor xTest = scale.transform(split.test().x());
        double[] yRaw = train.y().toDoubleArray();
        double yMean = mean(yRaw);
        double yStd = Math.sqrt(mean(java.util.Arrays.stream(yRaw).map(v -> (v - yMean) * (v - yMean)).toArray()));
        Tensor yTrain = Tensor.vector(java.util.Arrays.stream(yRaw).map(v -> (v - yMean) / yStd).toArray());
        int n = xTrain.shape().dim(0);
        int d = xTrain.shape().dim(1);

        // One step of Adam on -log p, as one compiled function of (θ, m, v, t).
        Node x = SourceOp.input("x", Shape.of(n, d));
        Node y = SourceOp.input("y", Shape.of(n));
        Node theta = SourceOp.input("theta", Shape.of(d + 3));
        Node m = SourceOp.input("m", Shape.of(d + 3));
        Node v = SourceOp.input("v", Shape.of(d + 3));
        Node t = SourceOp.input("t", Shape.scalar());
        Node lml = logMarginalLikelihood(x, y, theta);
        Node gradient = Autodiff.grad(lml.neg(), theta);
        Optimizer adam = Adam.defaults().withLearningRate(0.05);
        ParamUpdate update = adam.update(theta, gradient, Map.of("m", m, "v", v), t);
        Function step = Function.of(List.of(x, y, theta, m, v, t),
                List.of(update.param(), update.state().get("m"), update.state().get("v"), lml));

        Tensor th = initialTheta(d);
        Tensor mv = Tensor.zeros(DType.FLOAT64, th.shape());
        Tensor vv = Tensor.zeros(DType.FLOAT64, th.shape());
        double initial = Double.NaN;
        for (int i = 1; i <= steps; i++) {
            List<Tensor> out = step.call(xTrain, yTrain, th, mv, vv, Tensor.scalar(i));
            initial = i == 1 ? out.get(3).item() : initial;
            th = out.get(0);
            mv = out.get(1);
            vv = out.get(2);
        }
        double fitted = Function.of(List.of(x, y, theta), List.of(lml)).call(xTrain, yTrain, th).get(0).item();

        Node xStar = SourceOp.input("xTest", xTest.shape());
        double[] predicted = Function.of(List.of(x, y, theta, xStar), List.of(predictiveMean(x, y, theta, xStar)))
                .call(xTrain, yTrain, th, xTest).get(0).toDoubleArray();
        double[] yTest = split.test().y().toDoubleArray();
        double[] gp = new double[yTest.length];
        for (int i = 0; i < gp.length; i++) {
            gp[i] = yMean + yStd * predicted[i];
        }
        double[] meanPrediction = new double[yTest.length];
        java.util.Arrays.fill(meanPrediction, yMean);
        return new Outcome(rmse(gp, yTest), fitted, initial, th.toDoubleArray(),
                rmse(linearRegression(xTrain, train.y(), xTest), yTest), rmse(meanPrediction, yTest));
    }

    /** Least squares with a bias column ({@code lstsq}), predicted at {@code xTest}. */
    static double[] linearRegression(Tensor xTrain, Tensor yTrain, Tensor xTest) {
        Node x = SourceOp.input("x", xTrain.shape());
        Node y = SourceOp.input("y", yTrain.shape());
        Node xt = SourceOp.input("xTest", xTest.shape());
        Node ones = SourceOp.fill(Shape.of(xTrain.shape().dim(0), 1), DType.FLOAT64, 1);
        Node onesTest = SourceOp.fill(Shape.of(xTest.shape().dim(0), 1), DType.FLOAT64, 1);
        Node w = MovementOp.concat(1, x, ones).lstsq(y);
        Node predicted = MovementOp.concat(1, xt, onesTest).matmul(w);
        return Function.of(List.of(x, y, xt), List.of(predicted)).call(xTrain, yTrain, xTest).get(0).toDoubleArray();
    }

    static Tensor identity(int n) {
        double[] data = new double[n * n];
        for (int i = 0; i < n; i++) {
            data[i * n + i] = 1;
        }
        return Tensor.of(Shape.of(n, n), data);
    }

    private static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    static double rmse(double[] predicted, double[] actual) {
        double s = 0;
        for (int i = 0; i < actual.length; i++) {
            s += (predicted[i] - actual[i]) * (predicted[i] - actual[i]);
        }
        return Math.sqrt(s / actual.length);
    }

    /** Fits on the whole training split and prints the comparison and the fitted hyperparameters. */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        long start = System.nanoTime();
        Outcome o = run(Integer.MAX_VALUE, steps);
        double seconds = (System.nanoTime() - start) / 1e9;
        int d = FEATURES.length;
        System.out.printf(Locale.ROOT, "Gaussian process (RBF with a length scale per feature + linear), %d Adam steps,"
                + " %.1f s%n",
                steps, seconds);
        System.out.printf(Locale.ROOT, "log marginal likelihood: %.2f at the start, %.2f fitted%n",
                o.initialLogMarginalLikelihood(), o.logMarginalLikelihood());
        StringBuilder lengths = new StringBuilder("length scales (standardized units):");
        for (int i = 0; i < d; i++) {
            lengths.append(String.format(Locale.ROOT, " %s %.2f", FEATURES[i], Math.exp(o.theta()[i])));
        }
        System.out.println(lengths);
        System.out.printf(Locale.ROOT, "variances (of the standardized target): RBF %.3f, linear %.4f, noise %.3f%n",
                Math.exp(o.theta()[d]), Math.exp(o.theta()[d + 2]), Math.exp(o.theta()[d + 1]));
        System.out.println("test set (89 patients)          RMSE");
        System.out.printf(Locale.ROOT, "Gaussian process             %7.2f%n", o.testRmse());
        System.out.printf(Locale.ROOT, "linear regression            %7.2f%n", o.linearRmse());
        System.out.printf(Locale.ROOT, "predicting the training mean %7.2f%n", o.meanRmse());
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("test_rmse", o.testRmse());
        result.put("log_marginal_likelihood", o.logMarginalLikelihood());
        Results.print("gaussian_process", result);
    }
}
