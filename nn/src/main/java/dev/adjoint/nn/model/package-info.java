/**
 * Models with Keras's workflow ({@link dev.adjoint.nn.model.Sequential}, {@link dev.adjoint.nn.model.Functional})
 * and how they train: their immutable {@link dev.adjoint.nn.model.ModelState}, the one-function
 * {@link dev.adjoint.nn.model.TrainStep}, and {@code fit} with its {@link dev.adjoint.nn.model.FitOptions},
 * {@link dev.adjoint.nn.model.History} and the {@link dev.adjoint.nn.model.Callback} protocol. A model and
 * the loop that trains it are one concept (Keras's {@code Model} is its own trainer), so they share a package;
 * the stock callbacks ({@code nn.callback}) and model files ({@code nn.io}) build on it. A {@code Functional}
 * model of several named inputs and outputs ({@link dev.adjoint.nn.model.MultiArchitecture}) trains through the
 * same loop: its arrays travel as the columns of one matrix ({@link dev.adjoint.nn.model.PackedColumns}), its
 * objective is the weighted sum of per-output losses ({@link dev.adjoint.nn.model.MultiOutputLoss}) and its
 * metrics are reported per output ({@link dev.adjoint.nn.model.OutputMetric}).
 */
package dev.adjoint.nn.model;
