package dev.adjoint.examples;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.examples.data.Datasets;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.data.Split;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.Accuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.nn.shift.CovariateShift;
import dev.adjoint.nn.shift.ImportanceWeights;
import dev.adjoint.nn.shift.LabelShift;
import dev.adjoint.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Distribution shift on the digits, both kinds, with the shift made explicit in the code and the corrected
 * model compared with the uncorrected one on the shifted test set.
 *
 * <p><b>Label shift.</b> Half the digits (stratified) is the source: a classifier (softmax regression, a
 * deliberately modest model, so that there is something to correct) trains on 70 % of it and keeps 30 % for
 * validation. The other half becomes the target by keeping each row of a class with the probability
 * {@link #KEEP}: 1s and 8s, which the model sometimes confuses, make up almost nine rows in ten (a tenth of
 * the source). The target's labels are used only to score. Black-box shift
 * estimation turns the validation confusion matrix and the predictions on the target into the estimated
 * target label distribution, printed beside the true one; the model is then corrected by re-weighting its
 * predicted probabilities (no retraining) and by retraining with class weights.
 *
 * <p><b>Covariate shift.</b> The source keeps light strokes: a row is kept with probability
 * {@code σ(−4 (ink − median) / spread)}, {@code ink} its mean pixel value; the target is the other rows,
 * heavier strokes. A domain classifier gives importance weights (its AUC and the effective sample size are
 * printed), and the same model is trained without and with them. Here the weighting does not pay: the
 * effective sample size falls to about a seventh of the rows, and a softmax regression over all 64 pixels is
 * flexible enough to fit the heavy strokes from the source's few; importance weighting helps when the model
 * cannot fit both regions at once and the sample is large enough to afford the variance.
 *
 * <p>Prints {@code RESULT shift ...} lines: the label-distribution error (L1), and each model's accuracy on
 * its shifted test set.
 */
public final class ShiftDigits {

    /** The probability of keeping a row of class c in the label-shifted target. */
    static final double[] KEEP = {0.05, 1.0, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 1.0, 0.05};
    /** The seed of every split, draw and training run. */
    static final long SEED = 3;

    private ShiftDigits() {
    }

    private static Sequential softmaxRegression() {
        Sequential model = new Sequential(Shape.of(64), DType.FLOAT64, SEED);
        model.add(Dense.of(10));
        model.compile(Adam.defaults().withLearningRate(0.01), new SparseCategoricalCrossEntropy(true), new Accuracy());
        return model;
    }

    private static FitOptions fit(int epochs) {
        return FitOptions.defaults().epochs(epochs).batchSize(32).seed(SEED).verbosity(Verbosity.SILENT);
    }

    /** The rows of {@code data} each kept with probability {@code keep.applyAsDouble(row)}, drawn from {@code key}. */
    static Dataset keep(Dataset data, java.util.function.IntToDoubleFunction keep, Key key) {
        Key.Stream s = key.stream();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < data.rows(); i++) {
            if (s.nextDouble() < keep.applyAsDouble(i)) {
                rows.add(i);
            }
        }
        return data.take(rows.stream().mapToInt(Integer::intValue).toArray());
    }

    private static double accuracy(Tensor probabilities, Tensor labels) {
        int n = labels.size();
        int c = probabilities.size() / n;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (probabilities.flat(i * c + j) > probabilities.flat(i * c + best)) {
                    best = j;
                }
            }
            correct += best == (int) labels.flat(i) ? 1 : 0;
        }
        return (double) correct / n;
    }

    private static Tensor softmax(Tensor logits) {
        int c = logits.shape().dim(1);
        double[] p = logits.toDoubleArray();
        for (int r = 0; r < p.length / c; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, p[r * c + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                p[r * c + j] = Math.exp(p[r * c + j] - max);
                sum += p[r * c + j];
            }
            for (int j = 0; j < c; j++) {
                p[r * c + j] /= sum;
            }
        }
        return Tensor.of(logits.shape(), p);
    }

    private static double[] distribution(Tensor labels) {
        double[] q = new double[10];
        for (int i = 0; i < labels.size(); i++) {
            q[(int) labels.flat(i)] += 1.0 / labels.size();
        }
        return q;
    }

    /** The label-shift figures: {@code {L1 error of the estimate, uncorrected, re-weighted, retrained}}. */
    static double[] labelShift(int epochs, boolean print) {
        Split pools = Split.stratified(Datasets.digits(), 0.5, Key.of(SEED));
        Split source = Split.stratified(pools.train(), 0.3, Key.of(SEED + 1));
        Dataset target = keep(pools.test(), i -> KEEP[(int) pools.test().y().flat(i)], Key.of(SEED + 2));

        Model model = softmaxRegression();
        model.fit(source.train().x(), source.train().y(), fit(epochs));
        Tensor targetLogits = model.predict(target.x());
        LabelShift shift = LabelShift.estimate(source.test().y(), model.predict(source.test().x()), targetLogits, 10);
        double[] truth = distribution(target.y());
        double error = 0;
        for (int j = 0; j < 10; j++) {
            error += Math.abs(shift.target()[j] - truth[j]);
        }
        double uncorrected = accuracy(targetLogits, target.y());
        double reweighted = accuracy(shift.reweight(softmax(targetLogits)), target.y());
        Model retrained = softmaxRegression();
        retrained.fit(source.train().x(), source.train().y(), fit(epochs).classWeights(shift.classWeights()));
        double withClassWeights = accuracy(retrained.predict(target.x()), target.y());
        if (print) {
            System.out.printf(Locale.ROOT, "label shift: source %d training + %d validation rows, target %d rows"
                    + " (condition number of the confusion matrix %.1f)%n", source.train().rows(),
                    source.test().rows(), target.rows(), shift.conditionNumber());
            System.out.println("class            0      1      2      3      4      5      6      7      8      9");
            System.out.println("source p(y)  " + row(shift.source()));
            System.out.println("true q(y)    " + row(truth));
            System.out.println("estimated    " + row(shift.target()));
            System.out.printf(Locale.ROOT, "target accuracy: uncorrected %.4f, re-weighted probabilities %.4f,"
                    + " retrained with class weights %.4f%n", uncorrected, reweighted, withClassWeights);
        }
        return new double[] {error, uncorrected, reweighted, withClassWeights};
    }

    private static String row(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(String.format(Locale.ROOT, " %6.3f", v));
        }
        return sb.toString();
    }

    /** The covariate-shift figures: {@code {AUC, ESS fraction, unweighted accuracy, weighted accuracy}}. */
    static double[] covariateShift(int epochs, boolean print) {
        Dataset all = Datasets.digits();
        int n = all.rows();
        double[] ink = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 64; j++) {
                ink[i] += all.x().flat(i * 64 + j) / 64;
            }
        }
        double[] sorted = ink.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[n / 2];
        double spread = sorted[(int) (0.75 * n)] - sorted[(int) (0.25 * n)];
        // The shift: light strokes are likely in the source, heavy ones in the target.
        double[] pSource = new double[n];
        for (int i = 0; i < n; i++) {
            pSource[i] = 1 / (1 + Math.exp(4 * (ink[i] - median) / spread));
        }
        Key.Stream s = Key.of(SEED + 3).stream();
        List<Integer> src = new ArrayList<>();
        List<Integer> tgt = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (s.nextDouble() < pSource[i] ? src : tgt).add(i);
        }
        Dataset source = all.take(src.stream().mapToInt(Integer::intValue).toArray());
        Dataset target = all.take(tgt.stream().mapToInt(Integer::intValue).toArray());
        Split targetParts = Split.random(target, 0.5, Key.of(SEED + 4)); // unlabeled inputs | labeled test

        ImportanceWeights w = CovariateShift.estimate(source.x(), targetParts.train().x(),
                CovariateShift.Options.defaults().seed(SEED));
        Model plain = softmaxRegression();
        plain.fit(source.x(), source.y(), fit(epochs));
        Model weighted = softmaxRegression();
        weighted.fit(source.x(), source.y(), fit(epochs).sampleWeights(w.weights()));
        Map<String, Double> a = plain.evaluate(targetParts.test().x(), targetParts.test().y());
        Map<String, Double> b = weighted.evaluate(targetParts.test().x(), targetParts.test().y());
        if (print) {
            System.out.printf(Locale.ROOT, "covariate shift: source %d rows, target %d unlabeled + %d test rows;"
                    + " domain classifier AUC %.3f, effective sample size %.0f of %d (%d weights clipped)%n",
                    source.rows(), targetParts.train().rows(), targetParts.test().rows(), w.auc(),
                    w.effectiveSampleSize(), source.rows(), w.clipped());
            System.out.printf(Locale.ROOT, "target accuracy: unweighted %.4f, importance-weighted %.4f%n",
                    a.get("accuracy"), b.get("accuracy"));
        }
        return new double[] {w.auc(), w.effectiveFraction(), a.get("accuracy"), b.get("accuracy")};
    }

    /** Runs both parts; {@code --epochs N} (default 40). */
    public static void main(String[] args) {
        int epochs = args.length == 2 && args[0].equals("--epochs") ? Integer.parseInt(args[1]) : 40;
        double[] label = labelShift(epochs, true);
        System.out.println();
        double[] covariate = covariateShift(epochs, true);
        Results.print("shift", "label_distribution_l1_error", label[0]);
        Results.print("shift", "label_uncorrected_accuracy", label[1]);
        Results.print("shift", "label_reweighted_accuracy", label[2]);
        Results.print("shift", "label_class_weighted_accuracy", label[3]);
        Results.print("shift", "covariate_domain_auc", covariate[0]);
        Results.print("shift", "covariate_unweighted_accuracy", covariate[2]);
        Results.print("shift", "covariate_weighted_accuracy", covariate[3]);
    }
}
