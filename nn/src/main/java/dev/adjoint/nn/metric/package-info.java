/**
 * Metrics: the mean over a batch of a per-example score, as a rank-0 node, for monitoring (they are not
 * differentiated; the accuracies are piecewise constant and have zero gradient).
 * {@link dev.adjoint.nn.metric.Accuracy} (Keras's {@code "accuracy"}, resolved by {@code compile}),
 * {@link dev.adjoint.nn.metric.BinaryAccuracy}, {@link dev.adjoint.nn.metric.CategoricalAccuracy},
 * {@link dev.adjoint.nn.metric.SparseCategoricalAccuracy}, {@link dev.adjoint.nn.metric.TopKCategoricalAccuracy},
 * {@link dev.adjoint.nn.metric.SparseTopKCategoricalAccuracy}, and any loss as a metric
 * ({@link dev.adjoint.nn.metric.LossMetric}), with Keras semantics (including how ties count).
 *
 * <p>Precision, recall, F1 and AUC ({@link dev.adjoint.nn.metric.Precision}, {@link dev.adjoint.nn.metric.Recall},
 * {@link dev.adjoint.nn.metric.F1Score}, {@link dev.adjoint.nn.metric.Auc}), the root mean squared error
 * ({@link dev.adjoint.nn.metric.RootMeanSquaredError}), R² ({@link dev.adjoint.nn.metric.R2Score}) and the
 * intersections over unions ({@link dev.adjoint.nn.metric.IoU}, {@link dev.adjoint.nn.metric.MeanIoU}) are not
 * means of per-example scores: they are {@link dev.adjoint.nn.metric.CountingMetric}s, whose batches contribute
 * counts (confusion counts, sums of squares) that {@link dev.adjoint.nn.metric.MetricTotals} sums before computing
 * the metric, as Keras's stateful metrics do.
 *
 * <p>There is no argmax op in core; the accuracies are built from comparisons and reductions: the first
 * index of the maximum is {@code min_c where(x_c = max x, c, C)}, and the number of classes scoring strictly
 * higher than the true one is {@code sum_c [x_c > x_true]}. {@link dev.adjoint.nn.metric.Metrics} looks
 * metrics up by their Keras names.
 */
package dev.adjoint.nn.metric;
