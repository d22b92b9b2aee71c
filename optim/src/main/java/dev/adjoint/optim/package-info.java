/**
 * Optimizers and learning-rate schedules as pure graph functions.
 *
 * <p>An {@link dev.adjoint.optim.Optimizer} is an immutable record of hyperparameters whose
 * {@code update} turns the nodes of {@code (params, grads, state, step)} into the nodes of
 * {@code (params', state')}; a {@link dev.adjoint.optim.Schedule} turns the step node into a learning-rate node.
 * A training step built from them is one graph, compiled once and called every step, with the optimizer state
 * passed in and out as plain tensors:
 *
 * <pre>{@code
 * Node w = Nodes.input("w", Shape.of(2));
 * Node loss = w.sub(1.0).square().sum();                            // minimum at w = (1, 1)
 * Optimizer adam = Adam.defaults().withLearningRate(Schedule.cosineDecay(0.1, 500, 0.0).withWarmup(10));
 * List<Node> state = List.of(Nodes.input("m", Shape.of(2)), Nodes.input("v", Shape.of(2)));
 * Node t = Nodes.input("t", Shape.scalar());
 * ParamUpdate next = adam.update(w, Autodiff.grad(loss, w), state, t);
 * Function step = Function.of(List.of(w, state.get(0), state.get(1), t),
 *         List.of(next.param(), next.state().get(0), next.state().get(1)));
 *
 * Tensor wValue = Tensor.vector(0, 0);
 * List<Tensor> s = adam.initialState(wValue);                         // [m = 0, v = 0]
 * for (int i = 1; i <= 510; i++) {
 *     List<Tensor> out = step.call(wValue, s.get(0), s.get(1), Tensor.scalar(i));
 *     wValue = out.get(0);
 *     s = out.subList(1, 3);
 * }
 * }</pre>
 *
 * <p>(This example is {@code PackageExampleTest} in the module's tests.)
 *
 * <p>Two wrappers change how any optimizer sees its gradients, as Keras's optimizer arguments do:
 * {@link dev.adjoint.optim.GradientClipping} (by value, by norm, by global norm) and
 * {@link dev.adjoint.optim.GradientAccumulation} (one update with the mean of every k gradients).
 *
 * <p>Every update follows Keras 3's equations ({@code keras/src/optimizers}) and every default value is Keras
 * 3's; each record's Javadoc gives its equations and cites the paper.
 */
package dev.adjoint.optim;
