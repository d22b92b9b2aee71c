package dev.adjoint.nn.shift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The domain classifier on Gaussian samples whose density ratio is known: source {@code N(0, 1)}, target
 * {@code N(δ, 1)} along the first of three features, so {@code q(x) / p(x) = exp(δ x₁ − δ² / 2)}.
 */
class CovariateShiftTest {

    private static Tensor gaussian(int n, double shift, long seed) {
        Key.Stream s = Key.of(seed).stream();
        double[] x = new double[3 * n];
        for (int i = 0; i < 3 * n; i++) {
            x[i] = s.nextGaussian() + (i % 3 == 0 ? shift : 0);
        }
        return Tensor.of(Shape.of(n, 3), x);
    }

    @Test
    void weightsFollowTheTrueDensityRatioAverageToOneAndTheAucTheSeparation() {
        double delta = 1.0;
        Tensor source = gaussian(1200, 0, 1);
        Tensor target = gaussian(800, delta, 2);
        ImportanceWeights w = CovariateShift.estimate(source, target, CovariateShift.Options.defaults().seed(3));
        double mean = 0;
        for (int i = 0; i < 1200; i++) {
            mean += w.weights().flat(i) / 1200;
        }
        assertEquals(1.0, mean, 1e-12, "normalized to mean 1");
        // The exact AUC of two unit Gaussians delta apart is Phi(delta / sqrt 2) = 0.760.
        assertEquals(0.760, w.auc(), 0.04);
        double[] truth = new double[1200];
        double truthMean = 0;
        for (int i = 0; i < 1200; i++) {
            truth[i] = Math.exp(delta * source.flat(3 * i) - delta * delta / 2);
            truthMean += truth[i] / 1200;
        }
        double[] errors = new double[1200];
        for (int i = 0; i < 1200; i++) {
            errors[i] = Math.abs(Math.log(w.weights().flat(i) / (truth[i] / truthMean)));
        }
        java.util.Arrays.sort(errors);
        assertTrue(errors[600] < 0.25, "median |log ratio| to the true weight " + errors[600]);
        assertTrue(w.effectiveFraction() < 0.9 && w.effectiveFraction() > 0.2, "ESS fraction " + w.effectiveFraction());
        // Calibration: the estimated q/p averages to E_p[q/p] = 1 over the source before any clipping.
        assertEquals(1.0, w.meanRatio(), 0.1, "mean estimated ratio");
    }

    @Test
    void withoutShiftTheAucIsAboutAHalfAndTheWeightsAboutOne() {
        ImportanceWeights w = CovariateShift.estimate(gaussian(1000, 0, 4), gaussian(1000, 0, 5),
                CovariateShift.Options.defaults());
        assertEquals(0.5, w.auc(), 0.05);
        assertTrue(w.effectiveFraction() > 0.95, "ESS fraction " + w.effectiveFraction());
        assertEquals(0, w.clipped());
        assertEquals(1.0, w.meanRatio(), 0.05, "mean estimated ratio");
    }

    @Test
    void weightsAreClippedBeforeNormalizing() {
        ImportanceWeights w = CovariateShift.estimate(gaussian(600, 0, 6), gaussian(600, 3, 7),
                CovariateShift.Options.defaults().clip(2));
        assertTrue(w.clipped() > 0);
        double max = 0;
        for (int i = 0; i < 600; i++) {
            max = Math.max(max, w.weights().flat(i));
        }
        double mean = 0;
        for (int i = 0; i < 600; i++) {
            mean += w.weights().flat(i) / 600;
        }
        assertEquals(1.0, mean, 1e-12);
        assertTrue(w.auc() > 0.9, "well separated: AUC " + w.auc());
        // Every clipped weight is the largest one.
        int atMax = 0;
        for (int i = 0; i < 600; i++) {
            atMax += w.weights().flat(i) == max ? 1 : 0;
        }
        assertEquals(w.clipped(), atMax);
    }

    @Test
    void theExactAucIsTheMannWhitneyStatisticWithTies() {
        double[] scores = {0.1, 0.4, 0.4, 0.8, 0.3, 0.9};
        boolean[] positive = {false, true, false, true, false, true};
        double pairs = 0;
        double correct = 0;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                if (positive[i] && !positive[j]) {
                    pairs++;
                    correct += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(correct / pairs, Ranks.auc(scores, positive), 1e-15);
    }

    @Test
    void mismatchedSamplesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CovariateShift.estimate(
                Tensor.zeros(Shape.of(4, 3)), Tensor.zeros(Shape.of(4, 2)), CovariateShift.Options.defaults()));
        assertEquals("covariate shift: source and target must be [rows, ...] with one example shape, got [4, 3] and"
                + " [4, 2]", e.getMessage());
    }
}
