/**
 * Values: {@link dev.adjoint.core.tensor.Shape} (with the symbolic batch dimension {@code N}),
 * {@link dev.adjoint.core.tensor.DType}, immutable {@link dev.adjoint.core.tensor.Tensor}s and explicit random
 * {@link dev.adjoint.core.tensor.Key}s.
 */
package dev.adjoint.core.tensor;
