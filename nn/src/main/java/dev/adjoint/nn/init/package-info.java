/**
 * Initializers: the initial value of a parameter as a function of an explicit {@link dev.adjoint.core.tensor.Key}
 * (there is no hidden random state: the same key, shape and dtype give bit-identical tensors).
 *
 * <p>Constants ({@link dev.adjoint.nn.init.Zeros}, {@link dev.adjoint.nn.init.Ones},
 * {@link dev.adjoint.nn.init.Constant}), plain random ones ({@link dev.adjoint.nn.init.RandomNormal},
 * {@link dev.adjoint.nn.init.RandomUniform}, {@link dev.adjoint.nn.init.TruncatedNormal}) and Keras's
 * variance-scaling family ({@link dev.adjoint.nn.init.VarianceScaling} with its named cases Glorot, He and
 * LeCun), whose scale depends on the parameter's {@link dev.adjoint.nn.init.Fans}. Constant initialization
 * of a weight matrix makes every unit of a layer compute the same function and receive the same gradient, so
 * they never differ: use it for biases, and a random initializer for weights.
 * {@link dev.adjoint.nn.init.Initializers} looks them up by their Keras names.
 */
package dev.adjoint.nn.init;
