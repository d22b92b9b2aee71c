/**
 * Constraints: projections applied to a trainable parameter after every optimizer update, Keras's
 * {@code keras.constraints}. {@link dev.adjoint.nn.constraint.MaxNorm} (slice norms at most {@code maxValue}),
 * {@link dev.adjoint.nn.constraint.MinMaxNorm} (slice norms moved into {@code [minValue, maxValue]}),
 * {@link dev.adjoint.nn.constraint.UnitNorm} (slice norms 1) and {@link dev.adjoint.nn.constraint.NonNeg}
 * (no negative entries); {@link dev.adjoint.nn.constraint.Constraints} looks them up by their Keras names.
 */
package dev.adjoint.nn.constraint;
