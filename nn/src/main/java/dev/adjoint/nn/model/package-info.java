/**
 * Models with Keras's workflow ({@link dev.adjoint.nn.model.Sequential}, {@link dev.adjoint.nn.model.Functional}),
 * their immutable {@link dev.adjoint.nn.model.ModelState}, and the one-function
 * {@link dev.adjoint.nn.model.TrainStep}.
 */
package dev.adjoint.nn.model;
