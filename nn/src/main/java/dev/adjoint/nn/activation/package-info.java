/**
 * Activation functions {@code a = sigma(z)} as graph operations: {@link dev.adjoint.nn.activation.Linear},
 * {@link dev.adjoint.nn.activation.Sigmoid}, {@link dev.adjoint.nn.activation.Tanh},
 * {@link dev.adjoint.nn.activation.Relu}, {@link dev.adjoint.nn.activation.LeakyRelu},
 * {@link dev.adjoint.nn.activation.Elu}, {@link dev.adjoint.nn.activation.Softplus},
 * {@link dev.adjoint.nn.activation.Softmax}, the perceptron's {@link dev.adjoint.nn.activation.Step}, and those
 * of recent networks: {@link dev.adjoint.nn.activation.Gelu}, {@link dev.adjoint.nn.activation.Silu} (swish),
 * {@link dev.adjoint.nn.activation.Selu}, {@link dev.adjoint.nn.activation.Mish},
 * {@link dev.adjoint.nn.activation.HardSigmoid}, {@link dev.adjoint.nn.activation.HardSwish},
 * {@link dev.adjoint.nn.activation.Softsign}, {@link dev.adjoint.nn.activation.Relu6},
 * {@link dev.adjoint.nn.activation.LogSoftmax} and {@link dev.adjoint.nn.activation.Exponential}.
 *
 * <p>Each is a record of its hyperparameters (so two equal activations compare equal and can be map keys)
 * whose {@code apply} builds nodes from core's factories; the derivative is whatever the core ops' VJPs give,
 * and each record's Javadoc states it. {@link dev.adjoint.nn.activation.Activations} looks them up by their
 * Keras names.
 */
package dev.adjoint.nn.activation;
