/**
 * Models with Keras's workflow ({@link dev.adjoint.nn.model.Sequential}, {@link dev.adjoint.nn.model.Functional})
 * and how they train: their immutable {@link dev.adjoint.nn.model.ModelState}, the one-function
 * {@link dev.adjoint.nn.model.TrainStep}, and {@code fit} with its {@link dev.adjoint.nn.model.FitOptions},
 * {@link dev.adjoint.nn.model.History} and the {@link dev.adjoint.nn.model.Callback} protocol. A model and
 * the loop that trains it are one concept (Keras's {@code Model} is its own trainer), so they share a package;
 * the stock callbacks ({@code nn.callback}) and model files ({@code nn.io}) build on it.
 */
package dev.adjoint.nn.model;
