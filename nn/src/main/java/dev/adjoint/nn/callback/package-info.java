/**
 * The stock callbacks of {@code fit}, as Keras's {@code keras.callbacks}:
 * {@link dev.adjoint.nn.callback.EarlyStopping}, {@link dev.adjoint.nn.callback.ReduceLROnPlateau},
 * {@link dev.adjoint.nn.callback.LearningRateScheduler},
 * {@link dev.adjoint.nn.callback.TerminateOnNaN}, {@link dev.adjoint.nn.callback.CsvLogger} and
 * {@link dev.adjoint.nn.callback.ModelCheckpoint}. They implement the protocol of
 * {@link dev.adjoint.nn.model.Callback}; this package sits above {@code model} and {@code io} (a checkpoint
 * writes a model file), and nothing below depends on it.
 */
package dev.adjoint.nn.callback;
