package dev.adjoint.core.graph;

/**
 * The extension point for user-defined ops: implement {@link #name}, {@link #shape}, {@link #forward} and
 * {@link #vjp} (and {@link #dtype} if the output dtype is not the inputs' common one), then build nodes with
 * {@link Node#apply(Op, Node...)}, a static method: {@code Node.apply(new Cube(), x)} ({@code x.apply(new Cube())}
 * compiles too, but applies the op to no inputs). Make it a record of its parameters, like the built-in ops.
 *
 * <p>Write the VJP with graph operations (the fluent methods of {@link Node}, the factories of the families
 * {@link UnaryOp}, {@link BinaryOp}, {@link ReduceOp}, {@link MovementOp}, ...): then the gradient is a graph like any
 * other and can be differentiated again. Test it the way the library tests its own ops, with
 * {@code dev.adjoint.core.check.GradCheck} inside a {@code dev.adjoint.core.check.Property}:
 *
 * <pre>{@code
 * record Cube() implements CustomOp {
 *     public String name() { return "cube"; }
 *     public Shape shape(List<Node> in) { return in.get(0).shape(); }
 *     public Tensor forward(List<Tensor> in, Shape out) {
 *         double[] v = in.get(0).toDoubleArray();      // a copy, in float64
 *         for (int i = 0; i < v.length; i++) {
 *             v[i] = v[i] * v[i] * v[i];
 *         }
 *         return Tensor.of(in.get(0).dtype(), out, v); // rounded to float32 for a float32 input
 *     }
 *     public List<Node> vjp(Node y, Node yBar) {        // xBar = yBar * 3 x^2
 *         Node x = y.inputs().get(0);
 *         return List.of(yBar.mul(x.square().mul(3.0)));
 *     }
 * }
 * }</pre>
 *
 * <p>The VJP must be linear in {@code yBar}, as {@code (dy/dx)^T yBar} is: forward-mode products
 * ({@code Autodiff.jvp}, and what is built on it) transpose it, which is exact only then. A gradient transformed in
 * the cotangent ({@code yBar.clip(-c, c)}, a straight-through trick) works with {@code grad} and {@code vjp}, and
 * {@code jvp} through it is refused, naming the op.
 *
 * <p>A compiled function never recycles the arrays a custom op receives or returns, so a forward may keep
 * references to its tensors.
 */
public non-sealed interface CustomOp extends Op {
}
