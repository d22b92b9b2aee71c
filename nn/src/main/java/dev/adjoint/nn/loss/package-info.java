/**
 * Losses: the mean over a batch of a per-example loss, as a rank-0 node. Regression:
 * {@link dev.adjoint.nn.loss.MeanSquaredError}, {@link dev.adjoint.nn.loss.MeanAbsoluteError},
 * {@link dev.adjoint.nn.loss.Huber}, {@link dev.adjoint.nn.loss.LogCosh},
 * {@link dev.adjoint.nn.loss.MeanAbsolutePercentageError}, {@link dev.adjoint.nn.loss.MeanSquaredLogarithmicError},
 * {@link dev.adjoint.nn.loss.Poisson} (counts) and {@link dev.adjoint.nn.loss.CosineSimilarity} (directions);
 * classification: {@link dev.adjoint.nn.loss.BinaryCrossEntropy},
 * {@link dev.adjoint.nn.loss.CategoricalCrossEntropy} (one-hot labels),
 * {@link dev.adjoint.nn.loss.SparseCategoricalCrossEntropy} (integer labels),
 * {@link dev.adjoint.nn.loss.Hinge}, {@link dev.adjoint.nn.loss.SquaredHinge} and
 * {@link dev.adjoint.nn.loss.CategoricalHinge}; distributions: {@link dev.adjoint.nn.loss.KLDivergence}.
 *
 * <p>Semantics follow Keras 3 (its {@code "sum_over_batch_size"} reduction, its epsilon, its label
 * conversions), with numerically stable forms as the default: cross-entropies from logits use
 * {@code softplus} and {@code logSoftmax}, and a cross-entropy given the output of a sigmoid or softmax node
 * works from that node's logits. {@link dev.adjoint.nn.loss.Losses} looks losses up by their Keras names;
 * {@link dev.adjoint.nn.loss.Targets} holds the argument checks, for custom losses and metrics too.
 */
package dev.adjoint.nn.loss;
