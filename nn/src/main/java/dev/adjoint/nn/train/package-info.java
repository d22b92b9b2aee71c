/**
 * The {@code fit} loop, its options, {@link dev.adjoint.nn.train.History}, progress display and callbacks
 * ({@link dev.adjoint.nn.train.EarlyStopping}, {@link dev.adjoint.nn.train.ReduceLROnPlateau},
 * {@link dev.adjoint.nn.train.TerminateOnNaN}, {@link dev.adjoint.nn.train.CsvLogger},
 * {@link dev.adjoint.nn.train.ModelCheckpoint}).
 */
package dev.adjoint.nn.train;
