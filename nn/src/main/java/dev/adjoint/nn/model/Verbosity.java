package dev.adjoint.nn.model;

/** How much {@code fit} prints. */
public enum Verbosity {
    /** Nothing. */
    SILENT,
    /** A live progress bar per epoch on a terminal; one line per epoch when output is not a terminal. */
    PROGRESS,
    /** One line per epoch. */
    EPOCH_LINES
}
