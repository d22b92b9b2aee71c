package dev.adjoint.core.check;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Shrinks a failing case by shrinking the choices that generated it: deleting blocks of draws, then
 * lowering single draws (to 0, halving, minus one), keeping every change that still fails, until no change
 * helps or the replay budget is spent. A candidate is kept only if it is smaller in shortlex order, so the
 * process terminates.
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
        java.util.List<long[]> out = new java.util.ArrayList<>();
        for (int block = Math.min(8, c.length); block >= 1; block /= 2) {
            for (int at = 0; at + block <= c.length; at++) {
                long[] shorter = new long[c.length - block];
                System.arraycopy(c, 0, shorter, 0, at);
                System.arraycopy(c, at + block, shorter, at, c.length - at - block);
                out.add(shorter);
            }
        }
        for (int i = 0; i < c.length; i++) {
            if (c[i] != 0) {
                out.add(with(c, i, 0));
                out.add(with(c, i, c[i] / 2));
                out.add(with(c, i, c[i] - 1));
            }
        }
        return out;
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
