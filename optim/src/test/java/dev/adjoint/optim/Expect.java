package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;

/** Assertions shared by the optimizer tests. */
final class Expect {

    private Expect() {
    }

    /**
     * {@code actual == expected} bit for bit: the hand computations repeat Keras's operations in Keras's order,
     * and every operation involved (+, -, *, /, sqrt, pow, max) is correctly rounded or the same library call,
     * so there is nothing to tolerate.
     */
    static void same(double expected, double actual, String what) {
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                () -> what + ": expected " + expected + ", got " + actual);
    }

    /** {@code |actual - expected| <= tolerance}. */
    static void near(double expected, double actual, double tolerance, String what) {
        assertEquals(expected, actual, tolerance, what);
    }

    /** {@code code} throws an {@link IllegalArgumentException} with exactly {@code message}. */
    static void rejects(String message, Executable code) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, code);
        assertEquals(message, e.getMessage());
    }
}
