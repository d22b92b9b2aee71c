/**
 * Files: named tensors in the safetensors layout ({@link dev.adjoint.core.io.SafeTensors}), read with full
 * validation and an integrity digest, and written atomically ({@link dev.adjoint.core.io.AtomicFiles}).
 * Never Java serialization: every byte on disk has a documented meaning that other tools can read.
 */
package dev.adjoint.core.io;
