package dev.adjoint.nn.shift;

import dev.adjoint.core.tensor.Tensor;
import java.util.Objects;

/**
 * Importance weights of source rows under covariate shift, and how far apart the two samples are.
 *
 * @param weights a weight per source row ({@code [rows]}, float64, mean 1), to pass as
 *     {@code FitOptions.sampleWeights}
 * @param auc the domain classifier's ROC AUC on rows it was not trained on: 0.5 when source and target
 *     cannot be told apart, near 1 when they barely overlap
 * @param effectiveSampleSize Kish's {@code (sum w)² / sum w²}: how many unweighted rows the weighted sample
 *     is worth (the row count when every weight is 1)
 * @param clipped the number of weights cut down to the clip value
 * @param meanRatio the mean over the source rows of the estimated ratio {@code (n_s / n_t) · c(x) / (1 − c(x))}
 *     before clipping and normalizing: a calibration check, since the true ratio has
 *     {@code E_p[q(x) / p(x)] = 1}; far above 1 means an over-confident domain classifier (raise its L2
 *     penalty), whose largest weights then mostly measure its confidence
 */
public record ImportanceWeights(Tensor weights, double auc, double effectiveSampleSize, int clipped,
        double meanRatio) {

    /** Checks for null. */
    public ImportanceWeights {
        Objects.requireNonNull(weights, "ImportanceWeights: weights is null");
    }

    /** The effective sample size as a fraction of the rows. */
    public double effectiveFraction() {
        return effectiveSampleSize / weights.size();
    }
}
