package dev.adjoint.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's fused multiply-add peak as this JVM sees it: a Java Vector-API loop of fourteen independent
 * chains {@code c = x·x + c} on vectors of the preferred width (14 chains cover an FMA latency of 4 cycles on 2
 * pipes with room to spare, and with the one constant x fit 16 registers), run by 1 or more threads at once.
 * It counts 2 flops per lane per FMA. The GEMM figures are printed as a fraction of it; the same JVM options
 * (e.g. {@code -XX:UseAVX=2}) apply to both.
 *
 * <p>The chain is the addend, as in a GEMM's accumulators: x86's {@code vfmadd231} overwrites its addend, so
 * with the chain as a factor ({@code c = c·m + a}, this loop until 2026-12-05) C2 copied the constant addend into
 * a fresh register before every FMA and, unrolled with 16 registers, spilled to the stack: under
 * {@code -XX:UseAVX=2} on an AMD Zen 5 that loop read 85-93 GFLOP/s float32 while the GEMM's micro-kernel alone
 * ran 110-112, so every AVX2 "fraction of peak" was inflated (GEMM rows above 1.0). This form reads 106 / 53
 * (float32 / float64) there with AVX2 and 212 / 108 with AVX-512 (12 chains: 106 / 53 and 198-210 / 104). The
 * loop counts with an {@code int}: HotSpot 17 compiles a {@code long}-counted loop as a general loop (no
 * unrolling, a safepoint poll every iteration).
 */
final class FmaPeak {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int CHAINS = 14;

    private FmaPeak() {
    }

    /** GFLOP/s of {@code threads} threads each running the FMA loop: the median of 5 timed rounds. */
    static double gflops(boolean float64, int threads) throws InterruptedException {
        int iterations = 5_000_000;
        for (int w = 0; w < 3; w++) {
            run(float64, threads, iterations / 5);
        }
        double[] rates = new double[5];
        for (int r = 0; r < rates.length; r++) {
            long start = System.nanoTime();
            run(float64, threads, iterations);
            double flops = 2.0 * CHAINS * (float64 ? DS.length() : FS.length()) * iterations * threads;
            rates[r] = flops / (System.nanoTime() - start);
        }
        return Bench.median(rates);
    }

    private static void run(boolean float64, int threads, int iterations) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        double[] sink = new double[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                sink[id] = float64 ? chainsDouble(iterations) : chainsFloat(iterations);
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        if (Double.isNaN(sink[0])) {
            throw new IllegalStateException("FMA peak: the chains diverged");
        }
    }

    private static double chainsFloat(int iterations) {
        FloatVector x = FloatVector.broadcast(FS, 1e-3f);
        FloatVector a = FloatVector.broadcast(FS, 1e-7f); // the chains start apart: a + 0, a + 1, ...
        FloatVector c0 = a;
        FloatVector c1 = a.add(1);
        FloatVector c2 = a.add(2);
        FloatVector c3 = a.add(3);
        FloatVector c4 = a.add(4);
        FloatVector c5 = a.add(5);
        FloatVector c6 = a.add(6);
        FloatVector c7 = a.add(7);
        FloatVector c8 = a.add(8);
        FloatVector c9 = a.add(9);
        FloatVector c10 = a.add(10);
        FloatVector c11 = a.add(11);
        FloatVector c12 = a.add(12);
        FloatVector c13 = a.add(13);
        for (int i = 0; i < iterations; i++) {
            c0 = x.fma(x, c0);
            c1 = x.fma(x, c1);
            c2 = x.fma(x, c2);
            c3 = x.fma(x, c3);
            c4 = x.fma(x, c4);
            c5 = x.fma(x, c5);
            c6 = x.fma(x, c6);
            c7 = x.fma(x, c7);
            c8 = x.fma(x, c8);
            c9 = x.fma(x, c9);
            c10 = x.fma(x, c10);
            c11 = x.fma(x, c11);
            c12 = x.fma(x, c12);
            c13 = x.fma(x, c13);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .add(c12).add(c13)
                .reduceLanes(VectorOperators.ADD);
    }

    private static double chainsDouble(int iterations) {
        DoubleVector x = DoubleVector.broadcast(DS, 1e-3);
        DoubleVector a = DoubleVector.broadcast(DS, 1e-7);
        DoubleVector c0 = a;
        DoubleVector c1 = a.add(1);
        DoubleVector c2 = a.add(2);
        DoubleVector c3 = a.add(3);
        DoubleVector c4 = a.add(4);
        DoubleVector c5 = a.add(5);
        DoubleVector c6 = a.add(6);
        DoubleVector c7 = a.add(7);
        DoubleVector c8 = a.add(8);
        DoubleVector c9 = a.add(9);
        DoubleVector c10 = a.add(10);
        DoubleVector c11 = a.add(11);
        DoubleVector c12 = a.add(12);
        DoubleVector c13 = a.add(13);
        for (int i = 0; i < iterations; i++) {
            c0 = x.fma(x, c0);
            c1 = x.fma(x, c1);
            c2 = x.fma(x, c2);
            c3 = x.fma(x, c3);
            c4 = x.fma(x, c4);
            c5 = x.fma(x, c5);
            c6 = x.fma(x, c6);
            c7 = x.fma(x, c7);
            c8 = x.fma(x, c8);
            c9 = x.fma(x, c9);
            c10 = x.fma(x, c10);
            c11 = x.fma(x, c11);
            c12 = x.fma(x, c12);
            c13 = x.fma(x, c13);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .add(c12).add(c13)
                .reduceLanes(VectorOperators.ADD);
    }

    /** Bits of the preferred float vector, as the kernels use it. */
    static int vectorBits() {
        return FS.vectorBitSize();
    }
}
