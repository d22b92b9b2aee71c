package dev.adjoint.examples;

import java.util.Locale;

/** The one line every example ends with, for scripts and CI to read: {@code RESULT <example> <metric>=<value>}. */
public final class Results {

    private Results() {
    }

    /** Prints {@code RESULT example metric=value} with four decimals, and returns the line. */
    public static String print(String example, String metric, double value) {
        String line = String.format(Locale.ROOT, "RESULT %s %s=%.4f", example, metric, value);
        System.out.println(line);
        return line;
    }

    /** Prints {@code RESULT example metric=count} for a whole number, and returns the line. */
    public static String print(String example, String metric, long count) {
        String line = String.format(Locale.ROOT, "RESULT %s %s=%d", example, metric, count);
        System.out.println(line);
        return line;
    }
}
