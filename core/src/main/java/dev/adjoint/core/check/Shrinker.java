package dev.adjoint.core.check;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Shrinks a failing case by shrinking the choices that generated it: deleting blocks of draws, then
 * lowering single draws (to 0, halving, minus one), then lowering one draw by one while deleting a later
 * draw, keeping every change that still fails, until no change helps or the replay budget is spent. A
 * candidate is kept only if it is smaller in shortlex order, so the process terminates.
 *
 * <p>The last pass exists because generators draw a count and then that many values (a rank, then one size
 * per axis; a length, then the elements): lowering the count alone shifts every later draw into another
 * role, and deleting a value alone leaves the count reading past the end, so neither step can drop the
 * size-1 axis of a failing {@code [3, 1, 4]}; both at once give {@code [3, 4]}. Candidates are generated
 * lazily: the pass has quadratically many.
 */
final class Shrinker<T> {

    record Result<T>(T value, Throwable error, int steps) {
    }

    private final Gen<T> gen;
    private final Consumer<? super T> body;
    private int budget;

    Shrinker(Gen<T> gen, Consumer<? super T> body, int budget) {
        this.gen = gen;
        this.body = body;
        this.budget = budget;
    }

    Result<T> shrink(long[] choices, T value, Throwable error) {
        long[] best = choices;
        T bestValue = value;
        Throwable bestError = error;
        int steps = 0;
        boolean improved = true;
        while (improved && budget > 0) {
            improved = false;
            for (long[] candidate : candidates(best)) {
                if (budget <= 0) {
                    break;
                }
                if (!smaller(candidate, best)) {
                    continue;
                }
                budget--;
                Choices replay = Choices.replay(candidate);
                T next;
                try {
                    next = gen.next(replay);
                } catch (RuntimeException invalid) {
                    continue;
                }
                if (!smaller(replay.recorded(), best)) {
                    continue;
                }
                Throwable failure = Property.failure(body, next);
                if (failure != null) {
                    best = replay.recorded();
                    bestValue = next;
                    bestError = failure;
                    steps++;
                    improved = true;
                    break;
                }
            }
        }
        return new Result<>(bestValue, bestError, steps);
    }

    private static Iterable<long[]> candidates(long[] c) {
        int n = c.length;
        Stream<long[]> deletions = Stream.iterate(Math.min(8, n), block -> block >= 1, block -> block / 2)
                .flatMap(block -> IntStream.rangeClosed(0, n - block).mapToObj(at -> without(c, at, block)));
        Stream<long[]> lowerings = IntStream.range(0, n).filter(i -> c[i] != 0).boxed()
                .flatMap(i -> Stream.of(with(c, i, 0), with(c, i, c[i] / 2), with(c, i, c[i] - 1)));
        Stream<long[]> lowerAndDelete = IntStream.range(0, n).filter(i -> c[i] != 0).boxed()
                .flatMap(i -> IntStream.range(i + 1, n).mapToObj(at -> without(with(c, i, c[i] - 1), at, 1)));
        return () -> Stream.concat(Stream.concat(deletions, lowerings), lowerAndDelete).iterator();
    }

    private static long[] without(long[] c, int at, int block) {
        long[] shorter = new long[c.length - block];
        System.arraycopy(c, 0, shorter, 0, at);
        System.arraycopy(c, at + block, shorter, at, c.length - at - block);
        return shorter;
    }

    private static long[] with(long[] c, int i, long v) {
        long[] copy = c.clone();
        copy[i] = v;
        return copy;
    }

    /** Shortlex order: shorter first, then lexicographically smaller. */
    static boolean smaller(long[] a, long[] b) {
        if (a.length != b.length) {
            return a.length < b.length;
        }
        return Arrays.compare(a, b) < 0;
    }
}
