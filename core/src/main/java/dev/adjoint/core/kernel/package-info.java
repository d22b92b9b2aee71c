/**
 * Kernels: how each op computes, apart from what it computes.
 *
 * <p>The graph package says <em>what</em> to compute and calls these static, tensor-level entry points in its
 * ops' {@code forward}; nothing here knows about nodes or gradients. The kernels here are the portable
 * reference implementations: plain loops over primitive arrays, computing in double precision and rounding
 * once to the output dtype (so a float32 elementwise result is the correctly rounded value of the float64
 * formula applied to the float32 inputs); the float32 sigmoid and tanh are the exception, computed in float
 * within 1 ulp ({@link dev.adjoint.core.kernel.Transcendentals}). Faster kernels replace these bodies without
 * touching op definitions.
 *
 * <p><b>The same bits on every CPU.</b> Results depend only on the inputs, never on the CPU's vector width,
 * the kernels chosen for it, the thread count or the JDK:
 * <ul>
 *   <li>a matrix product computes each element as one chain of fused multiply-adds over k in ascending order
 *       from +0 ({@link dev.adjoint.core.kernel.MatmulKernels}), whatever register tile and cache blocks the
 *       CPU gets;</li>
 *   <li>elementwise operations are exactly rounded IEEE operations, lane by lane;</li>
 *   <li>a sum over a row accumulates in double into eight virtual lanes ({@code i mod 8}) combined in a fixed
 *       tree, whatever the hardware's lane count; other sums run in ascending order;</li>
 *   <li>transcendental functions ({@code exp}, {@code log}, {@code tanh}, {@code pow}, ...) are
 *       {@link java.lang.StrictMath}'s, whose results Java defines bit for bit on every platform
 *       ({@link java.lang.Math}'s may differ by CPU and JDK); the float32 sigmoid and tanh are one float
 *       algorithm of exactly rounded operations and fused multiply-adds, whose vector and scalar loops give the
 *       same bits.</li>
 * </ul>
 */
package dev.adjoint.core.kernel;
