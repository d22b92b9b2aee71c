package dev.adjoint.core.tensor;

/**
 * An explicit random key: the only way randomness enters Adjoint.
 *
 * <p>There is no global random generator. A key is a 64-bit value; {@link #split()} derives independent
 * child keys and {@link #fold(long)} derives a key for a counter (an epoch, a batch, a layer index). The
 * same key always gives the same numbers, on every JDK: the generator is SplitMix64 (Steele, Lea and Flood,
 * "Fast splittable pseudorandom number generators", OOPSLA 2014), written out here rather than taken from
 * {@code java.util} so that its output can never change under us.
 *
 * @param seed the key's 64 bits
 */
public record Key(long seed) {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long SPLIT_DOMAIN = 0x5851F42D4C957F2DL;
    /** The seeds in {@code [0, 2^32)} are their own key value; those in {@code [-2^32, 0)} have one of their own. */
    private static final long SMALL = 1L << 32;
    /** The seeds in {@code [2^32, 2^43)} have a key value of their own, shifted. */
    private static final long MEDIUM = 1L << 43;

    /** The key for a seed. */
    public static Key of(long seed) {
        return new Key(seed);
    }

    /**
     * Two independent keys derived from this one, in a domain of their own: {@code split()} and
     * {@link #fold(long)} never systematically give the same key (as {@code fold(1)} and {@code fold(2)}
     * would), so code may use both on one key.
     */
    public Key[] split() {
        long base = mix64(seed ^ SPLIT_DOMAIN);
        return new Key[] {new Key(mix64(base + GOLDEN_GAMMA)), new Key(mix64(base + 2 * GOLDEN_GAMMA))};
    }

    /** The key derived from this one and {@code data}: distinct data give independent keys. */
    public Key fold(long data) {
        return new Key(mix64(seed ^ mix64(data * GOLDEN_GAMMA + 0x632BE59BD9B4E019L)));
    }

    /**
     * The integer a key tensor holds for this key, in {@code [0, 2^53)} so that a float64 holds it exactly too. The
     * random ops read a key tensor back as {@code Key.of(value)}; {@link Tensor#key(Key)} builds the tensor.
     *
     * <p>53 bits cannot tell 2^64 seeds apart, so the map is chosen for the seeds people write: every seed
     * {@code s} in {@code [-2^32, 2^43)} (counters, int hash codes, time in milliseconds) has a value of its own,
     * <pre>
     *   s                 for s in [0, 2^32),
     *   2^51 + s          for s in [2^32, 2^43),
     *   3 * 2^51 + s      for s in [-2^32, 0),
     *   s >>> 11          otherwise (the top 53 bits),
     * </pre>
     * and shares it with no seed outside that range but those near {@code ±2^62}, whose top bits land in the two
     * shifted ranges. A derived key ({@link #fold}, {@link #split}) fills all 64 bits and keeps its top 53 bits
     * unless it falls in the range (probability {@code 2^-21}), so that training draws what it always drew.
     * Seeds beyond the range that differ only in their low 11 bits share a value: pass such a seed (a
     * {@code System.nanoTime()}) as {@code Key.of(0).fold(seed)}, which keeps all its bits.
     */
    public long tensorValue() {
        if (seed >= 0 && seed < SMALL) {
            return seed;
        }
        if (seed >= SMALL && seed < MEDIUM) {
            return (1L << 51) + seed; // in [2^51 + 2^32, 2^51 + 2^43): the top bits of seeds near 2^62
        }
        if (seed < 0 && seed >= -SMALL) {
            return 3 * (1L << 51) + seed; // in [3 2^51 - 2^32, 3 2^51): the top bits of seeds near -2^62
        }
        return seed >>> 11;
    }

    /** A stream of pseudo-random numbers determined by this key. */
    public Stream stream() {
        return new Stream(streamState());
    }

    /**
     * The state {@link #stream()} starts from, {@code s = mix64(seed)}. SplitMix64 is counter-based: the stream
     * adds {@code γ = 0x9E3779B97F4A7C15} to its state before each draw, so its {@code j}-th {@link Stream#nextLong}
     * ({@code j = 0, 1, ...}) is {@code mix64(s + (j + 1)·γ)} in wrapping 64-bit arithmetic, a function of
     * {@code s} and {@code j} alone: bulk kernels compute many draws of one stream independently from it.
     */
    public long streamState() {
        return mix64(seed);
    }

    /**
     * A uniformly random permutation of {@code 0..n-1} determined by this key (a Fisher-Yates shuffle of the
     * identity): how training visits the rows of an epoch.
     */
    public int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("permutation: n must be >= 0, got " + n);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Stream s = stream();
        for (int i = n - 1; i > 0; i--) {
            int j = s.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The SplitMix64 output function (a bijection on 64-bit values). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A sequential SplitMix64 generator started from a key. Not thread-safe; make one per use with
     * {@link Key#stream()}.
     */
    public static final class Stream {
        private long state;

        private Stream(long state) {
            this.state = state;
        }

        /** The next 64 random bits. */
        public long nextLong() {
            state += GOLDEN_GAMMA;
            return mix64(state);
        }

        /** Uniform in [0, 1) with 53 random bits. */
        public double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }

        /** Uniform integer in [0, bound). */
        public int nextInt(int bound) {
            if (bound <= 0) {
                throw new IllegalArgumentException("nextInt: bound must be > 0, got " + bound);
            }
            return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
        }

        /** Standard normal by the Box-Muller transform (one of the pair; the other is discarded). */
        public double nextGaussian() {
            double u1 = 1.0 - nextDouble(); // (0, 1]
            double u2 = nextDouble();
            return Math.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
        }
    }
}
