/**
 * Regularizers: penalties on parameters added to the objective, {@code J = L + sum_W penalty(W)}.
 * {@link dev.adjoint.nn.regularizer.L1} ({@code l1 sum |w|}), {@link dev.adjoint.nn.regularizer.L2}
 * ({@code (l2 / 2) ||W||_F^2}, gradient {@code l2 W}: the notes' convention, half of Keras's) and
 * {@link dev.adjoint.nn.regularizer.L1L2} (their sum).
 */
package dev.adjoint.nn.regularizer;
