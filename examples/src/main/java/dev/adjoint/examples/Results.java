package dev.adjoint.examples;

import java.util.Locale;
import java.util.Map;

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

    /** Prints {@code RESULT example m1=v1 m2=v2 ...} (in the map's order, four decimals), and returns the line. */
    public static String print(String example, Map<String, Double> metrics) {
        StringBuilder line = new StringBuilder("RESULT " + example);
        metrics.forEach((metric, value) -> line.append(String.format(Locale.ROOT, " %s=%.4f", metric, value)));
        System.out.println(line);
        return line.toString();
    }

    /** Prints {@code RESULT example metric=count} for a whole number, and returns the line. */
    public static String print(String example, String metric, long count) {
        String line = String.format(Locale.ROOT, "RESULT %s %s=%d", example, metric, count);
        System.out.println(line);
        return line;
    }
}
