/**
 * Reverse-mode automatic differentiation as graph-to-graph functions: {@code grad}, {@code vjp}, {@code jvp},
 * {@code jacobian}, {@code hessian}, {@code hvp} in {@link dev.adjoint.core.autodiff.Autodiff}.
 */
package dev.adjoint.core.autodiff;
