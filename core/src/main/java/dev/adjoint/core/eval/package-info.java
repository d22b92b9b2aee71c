/**
 * Evaluation: compiled, thread-safe {@link dev.adjoint.core.eval.Function}s, input
 * {@link dev.adjoint.core.eval.Bindings}, and one-off {@link dev.adjoint.core.eval.Evaluator} calls.
 *
 * <p><b>Plan and runners.</b> A function is an immutable {@link dev.adjoint.core.eval.Plan} (steps, argument slots,
 * liveness) and a {@link dev.adjoint.core.eval.Runner} that runs it. The plain runner is the reference evaluator
 * and belongs to Adjoint's reference core; the runner that recycles arrays and the one that checks values are
 * layered on it here and are chosen by {@code Function}.
 *
 * <p><b>Debugging NaNs.</b> {@link dev.adjoint.core.eval.Function#withAnomalyDetection()} checks every value a
 * call computes, forward and backward, and throws an {@link dev.adjoint.core.eval.AnomalyException} at the
 * first NaN or infinity, naming the node, its inputs' ranges, the line that built it (when the graph was built
 * inside {@link dev.adjoint.core.graph.Provenance#recordSites()}) and, for a known singularity, a safe
 * alternative.
 */
package dev.adjoint.core.eval;
