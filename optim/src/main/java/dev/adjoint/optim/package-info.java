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
 * Optimizer adam = Adam.defaults().withLearningRate(Schedule.cosineDecay(1e-3, 10_000, 0.0).withWarmup(500));
 * Node w = Nodes.input("w", Shape.of(3, 2));
 * List<Node> s = List.of(Nodes.input("m", Shape.of(3, 2)), Nodes.input("v", Shape.of(3, 2)));
 * Node t = Nodes.input("t", Shape.scalar());
 * ParamUpdate next = adam.update(w, Autodiff.grad(loss, w), s, t);
 * Function step = Function.of(List.of(w, s.get(0), s.get(1), t, x, y),
 *         List.of(next.param(), next.state().get(0), next.state().get(1)));
 * }</pre>
 *
 * <p>Every update follows Keras 3's equations ({@code keras/src/optimizers}) and every default value is Keras
 * 3's; each record's Javadoc gives its equations and cites the paper.
 */
package dev.adjoint.optim;
