package dev.adjoint.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's fused multiply-add peak as this JVM sees it: a Java Vector-API loop of twelve independent
 * chains {@code c = c·m + a} on vectors of the preferred width (12 chains cover an FMA latency of 4 cycles on
 * 2 pipes with room to spare, and with the 2 constants fit 16 registers), run by 1 or more threads at once.
 * It counts 2 flops per lane per FMA. The GEMM figures are printed as a fraction of it; the same JVM options
 * (e.g. {@code -XX:UseAVX=2}) apply to both. The loop counts with an {@code int}: HotSpot 17 compiles a
 * {@code long}-counted loop as a general loop (no unrolling, a safepoint poll every iteration): under
 * {@code -XX:UseAVX=2} this method read 91-93 GFLOP/s float32 on one core with a {@code long} counter and 95-97
 * with an {@code int} one. It still reads below a standalone copy of the loop run from {@code main} (100-102)
 * and below single-threaded OpenBLAS sgemm (99.6 in the same hour), for reasons not found, so fractions of it
 * under AVX2 are a few per cent optimistic; with AVX-512 both read 195-207.
 */
final class FmaPeak {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;

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
        FloatVector m = FloatVector.broadcast(FS, 0.999999f);
        FloatVector a = FloatVector.broadcast(FS, 1e-7f);
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
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(m, a);
            c1 = c1.fma(m, a);
            c2 = c2.fma(m, a);
            c3 = c3.fma(m, a);
            c4 = c4.fma(m, a);
            c5 = c5.fma(m, a);
            c6 = c6.fma(m, a);
            c7 = c7.fma(m, a);
            c8 = c8.fma(m, a);
            c9 = c9.fma(m, a);
            c10 = c10.fma(m, a);
            c11 = c11.fma(m, a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    private static double chainsDouble(int iterations) {
        DoubleVector m = DoubleVector.broadcast(DS, 0.999999);
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
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(m, a);
            c1 = c1.fma(m, a);
            c2 = c2.fma(m, a);
            c3 = c3.fma(m, a);
            c4 = c4.fma(m, a);
            c5 = c5.fma(m, a);
            c6 = c6.fma(m, a);
            c7 = c7.fma(m, a);
            c8 = c8.fma(m, a);
            c9 = c9.fma(m, a);
            c10 = c10.fma(m, a);
            c11 = c11.fma(m, a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    /** Bits of the preferred float vector, as the kernels use it. */
    static int vectorBits() {
        return FS.vectorBitSize();
    }
}
