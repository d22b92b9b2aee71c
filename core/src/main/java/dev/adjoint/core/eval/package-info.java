/**
 * Evaluation: compiled, thread-safe {@link dev.adjoint.core.eval.Function}s, input
 * {@link dev.adjoint.core.eval.Bindings}, and one-off {@link dev.adjoint.core.eval.Evaluator} calls.
 */
package dev.adjoint.core.eval;
