/**
 * Kernels: how each op computes, apart from what it computes.
 *
 * <p>The graph package says <em>what</em> to compute and calls these static, tensor-level entry points in its
 * ops' {@code forward}; nothing here knows about nodes or gradients. The kernels here are the portable
 * reference implementations: plain loops over primitive arrays, computing in double precision and rounding
 * once to the output dtype (so a float32 elementwise result is the correctly rounded value of the float64
 * formula applied to the float32 inputs). Faster kernels replace these bodies without touching op
 * definitions.
 */
package dev.adjoint.core.kernel;
