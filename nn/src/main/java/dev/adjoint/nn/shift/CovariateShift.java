package dev.adjoint.nn.shift;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.data.Scaling;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.nn.regularizer.L2;
import dev.adjoint.optim.Adam;
import java.util.Objects;

/**
 * Covariate shift correction by a domain classifier (the notes' "environment and distribution shift"): the
 * inputs' distribution differs between training (source, {@code p(x)}) and use (target, {@code q(x)}) while
 * {@code p(y | x)} stays, so the risk on the target is the source risk weighted by {@code β(x) = q(x) / p(x)}.
 *
 * <p>{@code β} is estimated without densities: a logistic regression {@code c(x) = σ(w·x + b)} trained (with
 * Adam, through {@code fit}, to convergence: see {@link Options}) to tell target rows (label 1) from source rows
 * (label 0) gives
 * {@code q(x) / p(x) = (n_s / n_t) · c(x) / (1 − c(x)) = (n_s / n_t) · exp(w·x + b)}. The rows are split in
 * two halves by a key and each half is scored by the classifier trained on the other (cross-fitting), so
 * neither the weights nor the AUC come from rows the classifier saw. The weights are clipped at
 * {@link Options#clip} (a few huge weights would otherwise dominate) and normalized to mean 1. The
 * classifier's inputs are standardized on the pooled rows.
 *
 * <pre>{@code
 * ImportanceWeights w = CovariateShift.estimate(train.x(), unlabeledTarget.x(), CovariateShift.Options.defaults());
 * model.fit(train.x(), train.y(), options.sampleWeights(w.weights()));
 * }</pre>
 */
public final class CovariateShift {

    private CovariateShift() {
    }

    /**
     * How the domain classifier is trained and the weights are bounded.
     *
     * <p>The classifier's loss is convex, and it is trained until it has converged: each half runs
     * {@code max(epochs, ceil(minSteps / batchesPerEpoch))} epochs, so at least {@code minSteps} Adam steps
     * whatever the sample size: epochs alone would leave a small sample's classifier underfit (50 rows are one
     * batch per epoch), and an underfit classifier's cross-fitted logits can rank the rows worse than chance and
     * give confidently wrong weights. On large data the epochs already take more steps.
     *
     * @param epochs the fewest training epochs of the classifier
     * @param batchSize its batch size
     * @param learningRate Adam's learning rate
     * @param l2 the L2 penalty on its weights (keeps a separable pair of samples from giving infinite odds)
     * @param clip the largest weight before normalization, relative to the mean odds ratio 1
     * @param seed drives the halves, the classifier's initialization and its training
     * @param minSteps the fewest Adam steps per half ({@code >= 0}); the epochs are raised to reach it
     */
    public record Options(int epochs, int batchSize, double learningRate, double l2, double clip, long seed,
            int minSteps) {

        /** The default {@link #minSteps}: enough for Adam at learning rate 0.01 to converge on standardized inputs. */
        public static final int MIN_STEPS = 300;

        /** Validates the options. */
        public Options {
            if (epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("covariate shift: epochs and batchSize must be >= 1, got " + epochs
                        + " and " + batchSize);
            }
            if (!(learningRate > 0) || !(l2 >= 0) || !(clip > 0) || Double.isInfinite(learningRate)
                    || Double.isInfinite(l2)) {
                throw new IllegalArgumentException("covariate shift: needs learningRate > 0, l2 >= 0 and clip > 0,"
                        + " all finite but clip, got " + learningRate + ", " + l2 + " and " + clip);
            }
            if (minSteps < 0) {
                throw new IllegalArgumentException("covariate shift: minSteps must be >= 0, got " + minSteps);
            }
        }

        /** The options with the default {@link #MIN_STEPS}. */
        public Options(int epochs, int batchSize, double learningRate, double l2, double clip, long seed) {
            this(epochs, batchSize, learningRate, l2, clip, seed, MIN_STEPS);
        }

        /**
         * 20 epochs of batches of 64 at learning rate 0.01 and at least {@value #MIN_STEPS} steps, L2 1e-2, weights
         * clipped at 20, seed 0. (At L2 1e-3 the classifier of the digits' 64 standardized pixels is over-confident
         * on rows it did not see: a rare pixel's large standardized value gives odds up to 1e11,
         * {@link ImportanceWeights#meanRatio} far above 1.)
         */
        public static Options defaults() {
            return new Options(20, 64, 0.01, 1e-2, 20, 0, MIN_STEPS);
        }

        /** With another seed. */
        public Options seed(long s) {
            return new Options(epochs, batchSize, learningRate, l2, clip, s, minSteps);
        }

        /** With another clip value. */
        public Options clip(double c) {
            return new Options(epochs, batchSize, learningRate, l2, c, seed, minSteps);
        }

        /** With another L2 penalty on the classifier's weights. */
        public Options l2(double penalty) {
            return new Options(epochs, batchSize, learningRate, penalty, clip, seed, minSteps);
        }

        /** With another number of epochs. */
        public Options epochs(int n) {
            return new Options(n, batchSize, learningRate, l2, clip, seed, minSteps);
        }

        /** With another least number of Adam steps per half (0: the epochs alone decide). */
        public Options minSteps(int n) {
            return new Options(epochs, batchSize, learningRate, l2, clip, seed, n);
        }

        /**
         * The epochs to train on {@code rows} rows: {@code max(epochs, ceil(minSteps / ceil(rows / batchSize)))}.
         */
        int epochsFor(int rows) {
            long batches = Math.max(1, (rows + (long) batchSize - 1) / batchSize);
            return (int) Math.max(epochs, (minSteps + batches - 1) / batches);
        }
    }

    /**
     * Importance weights for the rows of {@code source} towards {@code target} (unlabeled inputs of the
     * same example shape).
     *
     * @throws IllegalArgumentException when the example shapes differ, a sample has fewer than 2 rows, or a
     *     value is not finite (named by its sample, row and feature, the flat index within the example)
     */
    public static ImportanceWeights estimate(Tensor source, Tensor target, Options options) {
        Objects.requireNonNull(source, "CovariateShift.estimate: source is null");
        Objects.requireNonNull(target, "CovariateShift.estimate: target is null");
        Objects.requireNonNull(options, "CovariateShift.estimate: options is null");
        if (source.rank() < 2 || target.rank() < 2 || !source.shape().drop(0).equals(target.shape().drop(0))) {
            throw new IllegalArgumentException("covariate shift: source and target must be [rows, ...] with one"
                    + " example shape, got " + source.shape() + " and " + target.shape());
        }
        int ns = source.shape().dim(0);
        int nt = target.shape().dim(0);
        if (ns < 2 || nt < 2) {
            throw new IllegalArgumentException("covariate shift: each sample needs at least 2 rows, got " + ns
                    + " source and " + nt + " target rows");
        }
        int d = source.size() / ns;
        requireFinite("source", source, d);
        requireFinite("target", target, d);
        Tensor pooled = concat(source.reshape(Shape.of(ns, d)), target.reshape(Shape.of(nt, d)));
        Layer scaling = Scaling.standardize(pooled);
        double[] label = new double[ns + nt];
        for (int i = ns; i < ns + nt; i++) {
            label[i] = 1;
        }
        int[] half = halves(ns, nt, Key.of(options.seed()));
        double[] logit = new double[ns + nt];
        for (int h = 0; h < 2; h++) {
            int[] trainRows = rows(half, 1 - h);
            int[] scoreRows = rows(half, h);
            Sequential classifier = new Sequential(Shape.of(d), DType.FLOAT64, options.seed() + h);
            classifier.add(scaling);
            classifier.add(Dense.of(1).kernelRegularizer(new L2(options.l2())));
            classifier.compile(Adam.defaults().withLearningRate(options.learningRate()), new BinaryCrossEntropy(true));
            classifier.fit(pooled.takeRows(trainRows), Tensor.vector(pick(label, trainRows)),
                    FitOptions.defaults().epochs(options.epochsFor(trainRows.length)).batchSize(options.batchSize())
                            .seed(options.seed() + h).verbosity(Verbosity.SILENT));
            Tensor scores = classifier.predict(pooled.takeRows(scoreRows));
            for (int k = 0; k < scoreRows.length; k++) {
                logit[scoreRows[k]] = scores.flat(k);
            }
        }
        boolean[] isTarget = new boolean[ns + nt];
        for (int i = ns; i < ns + nt; i++) {
            isTarget[i] = true;
        }
        double auc = Ranks.auc(logit, isTarget);
        double[] w = new double[ns];
        int clipped = 0;
        double sum = 0;
        for (int i = 0; i < ns; i++) {
            double ratio = (double) ns / nt * Math.exp(logit[i]);
            if (!(ratio <= options.clip())) {
                ratio = options.clip();
                clipped++;
            }
            w[i] = ratio;
            sum += ratio;
        }
        double meanRatio = 0;
        for (int i = 0; i < ns; i++) {
            meanRatio += (double) ns / nt * Math.exp(logit[i]) / ns;
        }
        double squares = 0;
        for (int i = 0; i < ns; i++) {
            w[i] *= ns / sum;
            squares += w[i] * w[i];
        }
        return new ImportanceWeights(Tensor.vector(w), auc, (double) ns * ns / squares, clipped, meanRatio);
    }

    /** Refuses a NaN or infinite value of {@code sample}, naming its row and its flat index within the example. */
    private static void requireFinite(String name, Tensor sample, int d) {
        for (int i = 0; i < sample.size(); i++) {
            double v = sample.flat(i);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("covariate shift: " + name + " must be finite, got " + v
                        + " at row " + i / d + ", feature " + i % d);
            }
        }
    }

    /** Each row's half (0 or 1), drawn by a key within each sample so both halves hold both samples. */
    private static int[] halves(int ns, int nt, Key key) {
        int[] half = new int[ns + nt];
        int[] s = key.fold(0).permutation(ns);
        int[] t = key.fold(1).permutation(nt);
        for (int k = 0; k < ns; k++) {
            half[s[k]] = k % 2;
        }
        for (int k = 0; k < nt; k++) {
            half[ns + t[k]] = k % 2;
        }
        return half;
    }

    private static int[] rows(int[] half, int which) {
        return java.util.stream.IntStream.range(0, half.length).filter(i -> half[i] == which).toArray();
    }

    private static double[] pick(double[] values, int[] rows) {
        double[] out = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            out[k] = values[rows[k]];
        }
        return out;
    }

    /** The rows of {@code a} then those of {@code b}, in float64. */
    private static Tensor concat(Tensor a, Tensor b) {
        double[] rows = new double[a.size() + b.size()];
        System.arraycopy(a.toDoubleArray(), 0, rows, 0, a.size());
        System.arraycopy(b.toDoubleArray(), 0, rows, a.size(), b.size());
        return Tensor.of(a.shape().with(0, a.shape().dim(0) + b.shape().dim(0)), rows);
    }
}
