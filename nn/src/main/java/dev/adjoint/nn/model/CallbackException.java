package dev.adjoint.nn.model;

/** A callback failed; training stopped at the last completed step. */
public final class CallbackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Wraps a callback's failure with its name and where it happened. */
    public CallbackException(String message, Throwable cause) {
        super(message, cause);
    }
}
