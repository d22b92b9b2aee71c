package dev.adjoint.core.check;

import dev.adjoint.core.tensor.Key;
import java.util.ArrayList;
import java.util.List;

/**
 * The random choices a generator draws from, recorded so that a case can be replayed and shrunk.
 *
 * <p>Every generator in {@link Gens} is a function of a sequence of bounded non-negative integers, and maps
 * smaller integers to simpler values (0 to the simplest: rank 0, size 1, the domain's centre). Shrinking a
 * failing case is then shrinking its choice sequence (deleting draws, lowering them) and replaying it: it
 * works for every composition of generators without a shrinker per type (the approach of Hypothesis,
 * MacIver and Donaldson, ECOOP 2020).
 */
public final class Choices {

    private final Key.Stream random;
    private final long[] replay;
    private final List<Long> drawn = new ArrayList<>();

    private Choices(Key.Stream random, long[] replay) {
        this.random = random;
        this.replay = replay;
    }

    /** Fresh random choices from a key. */
    static Choices random(Key key) {
        return new Choices(key.stream(), null);
    }

    /** Replays recorded choices; draws past the end are 0. */
    static Choices replay(long[] recorded) {
        return new Choices(null, recorded);
    }

    /**
     * A choice in {@code [0, bound)}.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public long draw(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("draw: bound must be > 0, got " + bound);
        }
        long value;
        if (replay != null) {
            int i = drawn.size();
            value = i < replay.length ? Math.min(replay[i], bound - 1) : 0;
        } else {
            value = Math.floorMod(random.nextLong(), bound);
        }
        drawn.add(value);
        return value;
    }

    /** A choice in {@code [0, bound)} as an int. */
    public int drawInt(int bound) {
        return (int) draw(bound);
    }

    /** The choices drawn so far. */
    long[] recorded() {
        return drawn.stream().mapToLong(Long::longValue).toArray();
    }
}
