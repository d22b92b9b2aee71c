package dev.adjoint.core.kernel;

/**
 * Not API: marks an op of Adjoint's own whose forward keeps no reference to its input tensors or to the tensor
 * it returns once it has returned, so that a compiled function may recycle their arrays after their last use
 * ({@link BufferPool}). The built-in op families are all such; a user-defined op is not assumed to be, and its
 * inputs are never recycled within a call. The library's fused ops (cross-entropy, the compiler's fused
 * elementwise and transposed-GEMM ops, optim's floor) implement this interface to say so.
 */
public interface BufferSafe {
}
