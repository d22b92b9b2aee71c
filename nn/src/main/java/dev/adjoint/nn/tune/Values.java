package dev.adjoint.nn.tune;

/** Comparisons of hyperparameter values: numbers by value whatever their boxed type. */
final class Values {

    private Values() {
    }

    /** True when both are the same string or boolean, or numbers of equal value ({@code 2} and {@code 2.0}). */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return a != null && a.equals(b);
    }

    /** Checks that a choice value is a string, a boolean or a number, the types a trial file can hold. */
    static Object checkChoice(String name, Object value) {
        if (!(value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double)) {
            throw new IllegalArgumentException("tuner space: choice '" + name + "' takes strings, booleans, ints,"
                    + " longs or doubles, got " + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw new IllegalArgumentException("tuner space: choice '" + name + "' needs finite numbers, got " + d);
        }
        return value;
    }
}
