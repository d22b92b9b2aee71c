package dev.adjoint.core.check;

/**
 * A property that failed: carries the seed, the try, the shrunk counterexample and the original one. It is
 * an {@link AssertionError}, so JUnit reports it as a test failure.
 */
public final class PropertyFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final long seed;
    private final int attempt;
    private final transient Object shrunk;
    private final transient Object original;

    PropertyFailure(String message, long seed, int attempt, Object shrunk, Object original, Throwable cause) {
        super(message, cause);
        this.seed = seed;
        this.attempt = attempt;
        this.shrunk = shrunk;
        this.original = original;
    }

    /** The seed of the run; pass it to {@link Property#seed(long)} to replay. */
    public long seed() {
        return seed;
    }

    /** The try (0-based) on which the property first failed. */
    public int attempt() {
        return attempt;
    }

    /** The smallest failing case found by shrinking. */
    public Object shrunk() {
        return shrunk;
    }

    /** The failing case as first generated. */
    public Object original() {
        return original;
    }
}
