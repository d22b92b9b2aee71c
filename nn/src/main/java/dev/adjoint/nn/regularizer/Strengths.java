package dev.adjoint.nn.regularizer;

/** Validation of regularization strengths. */
final class Strengths {

    private Strengths() {
    }

    /** Checks {@code 0 <= value < inf}. */
    static void check(String who, String parameter, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(who + ": " + parameter + " must be finite and >= 0, got " + value);
        }
    }
}
