/**
 * Optimizers and learning-rate schedules as pure graph functions.
 *
 * <p>An {@link dev.adjoint.optim.Optimizer} is an immutable record of hyperparameters whose
 * {@code init(params)} gives the initial state of named parameters and whose
 * {@code update(grads, state, params, step)} turns their nodes into the nodes of {@code (params', state')}; a
 * {@link dev.adjoint.optim.Schedule} turns the step node into a learning-rate node. A training step built from them is
 * one graph, compiled once and called every step, with the optimizer state passed in and out as named tensors (no
 * unpacking by position):
 *
 * <pre>{@code
 * Node w = SourceOp.input("w", Shape.of(2));
 * Node loss = w.sub(1.0).square().sum();                            // minimum at w = (1, 1)
 * Optimizer adam = Adam.defaults().withLearningRate(Schedule.cosineDecay(0.1, 500, 0.0).withWarmup(10));
 * Map<String, Tensor> params = Map.of("w", Tensor.vector(0, 0));
 * Map<String, Tensor> state = adam.init(params);                    // w/m = 0, w/v = 0
 * Map<String, Node> s = NamedFunction.inputsLike(state);
 * Node t = SourceOp.input("t", Shape.scalar());
 * Update next = adam.update(Map.of("w", Autodiff.grad(loss, w)), s, Map.of("w", w), t);
 * Map<String, Node> in = new HashMap<>(s);
 * in.put("w", w);
 * in.put("t", t);
 * Map<String, Node> out = new HashMap<>(next.state());
 * out.putAll(next.params());
 * NamedFunction step = NamedFunction.of(in, out);                  // (w, w/m, w/v, t) -> (w, w/m, w/v)
 *
 * Map<String, Tensor> values = new HashMap<>(state);
 * values.putAll(params);
 * for (int i = 1; i <= 510; i++) {
 *     values.put("t", Tensor.scalar(i));
 *     values = new HashMap<>(step.call(values));
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

import dev.adjoint.core.graph.SourceOp;
