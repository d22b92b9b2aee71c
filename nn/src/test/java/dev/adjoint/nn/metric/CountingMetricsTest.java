package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.SourceOp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Sigmoid;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.model.Sequential;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Precision, recall, F1 and AUC against direct computations, and their accumulation over batches. The AUC is
 * Keras's thresholded one; it is compared with the exact ROC AUC (the Mann-Whitney statistic), which it must
 * equal when predictions fall on a coarser grid than the thresholds and approach within a bound computed from
 * the data otherwise.
 */
class CountingMetricsTest {

    /** {@code n} labels with about 40 % positives and scores that lean towards the label. */
    private static double[][] sample(int n, long seed, boolean grid) {
        Key.Stream s = Key.of(seed).stream();
        double[] y = new double[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = s.nextDouble() < 0.4 ? 1 : 0;
            double score = 1 / (1 + Math.exp(-(y[i] == 1 ? 0.8 : -0.8) - 1.2 * s.nextGaussian()));
            p[i] = grid ? Math.round(score * 20) / 20.0 * 0.999 + 0.0005 : score;
        }
        return new double[][] {y, p};
    }

    private static double value(Metric metric, double[] y, double[] p) {
        Node t = SourceOp.input("y", Shape.of(Shape.BATCH, 1));
        Node q = SourceOp.input("p", Shape.of(Shape.BATCH, 1));
        return Function.of(List.of(t, q), List.of(metric.apply(t, q)))
                .call(Tensor.of(Shape.of(y.length, 1), y), Tensor.of(Shape.of(p.length, 1), p)).get(0).item();
    }

    /** The exact ROC AUC: the fraction of (positive, negative) pairs ranked correctly, ties counting 1/2. */
    private static double mannWhitney(double[] y, double[] p) {
        double pairs = 0;
        double correct = 0;
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y.length; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    correct += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
                }
            }
        }
        return correct / pairs;
    }

    @Test
    void precisionRecallAndF1MatchTheirDefinitions() {
        double[][] d = sample(300, 1, false);
        for (double threshold : new double[] {0.3, 0.5, 0.7}) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (int i = 0; i < 300; i++) {
                boolean predicted = d[1][i] > threshold;
                tp += predicted && d[0][i] == 1 ? 1 : 0;
                fp += predicted && d[0][i] == 0 ? 1 : 0;
                fn += !predicted && d[0][i] == 1 ? 1 : 0;
            }
            assertEquals((double) tp / (tp + fp), value(new Precision(threshold), d[0], d[1]), 1e-12);
            assertEquals((double) tp / (tp + fn), value(new Recall(threshold), d[0], d[1]), 1e-12);
            assertEquals(2.0 * tp / (2 * tp + fp + fn), value(new F1Score(threshold), d[0], d[1]), 1e-12);
        }
        double[] none = {0.1, 0.2};
        assertEquals(0.0, value(new Precision(), new double[] {1, 0}, none), "no predicted positives: 0, not NaN");
        assertEquals(0.0, value(new Recall(), new double[] {0, 0}, none), "no positives: 0, not NaN");
    }

    @Test
    void rocAucEqualsTheMannWhitneyStatisticWhenPredictionsLieOnACoarserGrid() {
        double[][] d = sample(400, 2, true);
        assertEquals(mannWhitney(d[0], d[1]), value(Auc.roc(), d[0], d[1]), 1e-12);
        double[] perfect = {0.9, 0.8, 0.2, 0.1};
        double[] labels = {1, 1, 0, 0};
        assertEquals(1.0, value(Auc.roc(), labels, perfect), 1e-12);
        assertEquals(1.0, value(Auc.pr(), labels, perfect), 1e-12);
        assertEquals(0.5, value(Auc.roc(), labels, new double[] {0.5, 0.5, 0.5, 0.5}), 1e-12);
    }

    @Test
    void rocAucIsWithinHalfTheTiedFractionOfTheExactValue() {
        double[][] d = sample(600, 3, false);
        double[] thresholds = Thresholds.uniform(Auc.DEFAULT_THRESHOLDS);
        double pairs = 0;
        double sameInterval = 0;
        for (int i = 0; i < d[0].length; i++) {
            for (int j = 0; j < d[0].length; j++) {
                if (d[0][i] == 1 && d[0][j] == 0) {
                    pairs++;
                    sameInterval += interval(thresholds, d[1][i]) == interval(thresholds, d[1][j]) ? 1 : 0;
                }
            }
        }
        // Pairs inside one interval count 1/2 instead of 0 or 1: the error is at most half their fraction.
        double bound = 0.5 * sameInterval / pairs;
        double error = Math.abs(value(Auc.roc(), d[0], d[1]) - mannWhitney(d[0], d[1]));
        assertTrue(error <= bound + 1e-12, "error " + error + " > bound " + bound);
        assertTrue(bound < 0.01, "the bound itself is small: " + bound);
    }

    private static int interval(double[] thresholds, double p) {
        int k = 0;
        while (k < thresholds.length && p > thresholds[k]) {
            k++;
        }
        return k;
    }

    @Test
    void prAucMatchesADirectDavisGoadrichInterpolationAtTheThresholds() {
        double[][] d = sample(500, 4, false);
        double[] thresholds = Thresholds.uniform(Auc.DEFAULT_THRESHOLDS);
        int t = thresholds.length;
        double[] tp = new double[t];
        double[] fp = new double[t];
        double[] fn = new double[t];
        for (int k = 0; k < t; k++) {
            for (int i = 0; i < d[0].length; i++) {
                boolean predicted = d[1][i] > thresholds[k];
                tp[k] += predicted && d[0][i] == 1 ? 1 : 0;
                fp[k] += predicted && d[0][i] == 0 ? 1 : 0;
                fn[k] += !predicted && d[0][i] == 1 ? 1 : 0;
            }
        }
        double area = 0;
        for (int k = 0; k < t - 1; k++) {
            double dtp = tp[k] - tp[k + 1];
            double p0 = tp[k] + fp[k];
            double p1 = tp[k + 1] + fp[k + 1];
            double dp = p0 - p1;
            if (dp <= 0) {
                continue;                                   // no prediction changes sides: no area
            }
            double slope = dtp / dp;
            double intercept = tp[k + 1] - slope * p1;
            double ratio = p0 > 0 && p1 > 0 ? p0 / p1 : 1;
            area += slope * (dtp + intercept * Math.log(ratio)) / (tp[k + 1] + fn[k + 1]);
        }
        assertEquals(area, value(Auc.pr(), d[0], d[1]), 1e-9);
    }

    @Test
    void countsAddOverBatchesSoEvaluationDoesNotDependOnTheBatchSize() {
        double[][] d = sample(257, 5, false);
        Sequential model = new Sequential(Shape.of(1), DType.FLOAT64, 1);
        model.add(Dense.of(1, new Sigmoid()));
        model.compile(dev.adjoint.optim.Sgd.defaults(), new BinaryCrossEntropy(), new Precision(), new Recall(),
                new F1Score(), Auc.roc(), Auc.pr());
        Tensor x = Tensor.of(Shape.of(257, 1), d[1]);
        Tensor y = Tensor.of(Shape.of(257, 1), d[0]);
        Map<String, Double> whole = model.evaluate(x, y, 1000);
        Map<String, Double> batched = model.evaluate(x, y, 7);
        for (String name : List.of("precision", "recall", "f1_score", "auc", "pr_auc")) {
            assertEquals(whole.get(name), batched.get(name), 1e-12, name);
        }
        Tensor p = model.predict(x);
        assertEquals(value(Auc.roc(), d[0], p.toDoubleArray()), whole.get("auc"), 1e-12);
        assertEquals(value(new Precision(), d[0], p.toDoubleArray()), whole.get("precision"), 1e-12);
    }

    @Test
    void fromLogitsAppliesTheSigmoidFirst() {
        double[][] d = sample(200, 6, false);
        double[] logits = new double[200];
        for (int i = 0; i < 200; i++) {
            logits[i] = Math.log(d[1][i] / (1 - d[1][i]));
        }
        assertEquals(value(Auc.roc(), d[0], d[1]), value(new Auc(Auc.Curve.ROC, 200, true), d[0], logits), 1e-12);
    }

    @Test
    void nonBinaryTargetsAndBadParametersAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Auc.roc().checkTargets(Tensor.vector(0, 1, 2), Shape.of(Shape.BATCH, 1)));
        assertEquals("Auc: yTrue must hold binary labels 0 or 1, got 2.0 at row 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Precision(Double.NaN));
        assertEquals("Precision: threshold must be finite, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Auc(Auc.Curve.ROC, 2, false));
        assertEquals("Auc: thresholds must be >= 3, got 2", e.getMessage());
    }
}
