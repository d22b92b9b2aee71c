package dev.adjoint.core.check;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Shrinks a failing case by shrinking the choices that generated it: deleting blocks of draws, then
 * lowering single draws (to 0, halving, then in shrinking steps down to minus one) and lowering one draw by
 * one while deleting a later draw (see {@link #candidates} for the order), keeping every change that still fails, until
 * no change helps or the replay budget is spent. A candidate is kept only if it is smaller in shortlex order, so the
 * process terminates, and only if it fails with the original failure's exception class: shrinking must not slip
 * from the bug found to another one (an assertion failing at 642 must not be reported as an exception that
 * only 0 triggers).
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

    /** How far after a lowered draw the structural pass first looks for a draw to delete. */
    private static final int NEAR = 8;

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
                if (failure != null && failure.getClass() == error.getClass()) {
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

    /**
     * The candidates, structure first: deleting blocks, zeroing single draws, lowering a draw by one while
     * deleting one of the next {@link #NEAR} draws (a count and what it counts), then finer lowerings of
     * single draws, and last lowering-and-deleting at any distance. Structural changes come first because
     * they make every later replay cheaper and the budget would otherwise go on fine-tuning values of a case
     * that still has draws to lose.
     */
    private static Iterable<long[]> candidates(long[] c) {
        int n = c.length;
        Stream<long[]> deletions = Stream.iterate(Math.min(8, n), block -> block >= 1, block -> block / 2)
                .flatMap(block -> IntStream.rangeClosed(0, n - block).mapToObj(at -> without(c, at, block)));
        Stream<long[]> zeroings = IntStream.range(0, n).filter(i -> c[i] != 0).mapToObj(i -> with(c, i, 0));
        Stream<long[]> lowerAndDeleteNear = IntStream.range(0, n).filter(i -> c[i] != 0).boxed()
                .flatMap(i -> IntStream.range(i + 1, Math.min(n, i + 1 + NEAR))
                        .mapToObj(at -> without(with(c, i, c[i] - 1), at, 1)));
        Stream<long[]> lowerings = IntStream.range(0, n).filter(i -> c[i] > 1).boxed()
                .flatMap(i -> lowered(c[i]).filter(v -> v != 0).mapToObj(v -> with(c, i, v)));
        Stream<long[]> lowerAndDeleteFar = IntStream.range(0, n).filter(i -> c[i] != 0).boxed()
                .flatMap(i -> IntStream.range(i + 1 + NEAR, n).mapToObj(at -> without(with(c, i, c[i] - 1), at, 1)));
        return () -> Stream.of(deletions, zeroings, lowerAndDeleteNear, lowerings, lowerAndDeleteFar)
                .flatMap(stream -> stream).iterator();
    }

    /**
     * Smaller values for a draw {@code v}: 0, v / 2, then v - v/4, v - v/8, ..., v - 1. Tried in this order
     * after each success, they find the smallest failing value in O(log^2 v) replays where steps of one
     * would need O(v) (642 to the boundary 500 took more than the whole budget).
     */
    private static LongStream lowered(long v) {
        LongStream steps = LongStream.iterate(v / 4, d -> d >= 1, d -> d / 2).map(d -> v - d);
        return LongStream.concat(LongStream.of(0, v / 2), LongStream.concat(steps, LongStream.of(v - 1)))
                .filter(x -> x < v).distinct();
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
