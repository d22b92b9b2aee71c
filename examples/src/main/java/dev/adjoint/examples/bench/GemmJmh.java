package dev.adjoint.examples.bench;

import dev.adjoint.core.kernel.MatmulKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of the GEMM kernels: {@code C = A·B} for square {@code n × n} float32 and float64 matrices
 * through {@link MatmulKernels#matmul}, the entry point every matmul node uses. The secondary result
 * {@code gflop} is the rate in GFLOP/s ({@code 2n³} per call); the primary one is calls per second.
 *
 * <pre>
 * mvn -B -ntp -q -pl examples -am compile exec:exec@jmh
 * mvn -B -ntp -q -pl examples -am compile exec:exec@jmh -Djmh.args="-p n=512 -jvmArgsAppend -Dadjoint.threads=2"
 * </pre>
 *
 * Each fork runs with {@code --add-modules jdk.incubator.vector} (the Vector-API kernels) and, unless the
 * arguments say otherwise, {@code -Dadjoint.threads=1}; add {@code -Dadjoint.kernels=scalar} for the portable
 * kernels.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dadjoint.threads=1"})
@State(Scope.Thread)
public class GemmJmh {

    /** Matrix size. */
    @Param({"128", "256", "512", "1024"})
    public int n;

    /** Element type, {@code f32} or {@code f64}. */
    @Param({"f32", "f64"})
    public String dtype;

    private Tensor a;
    private Tensor b;
    private Shape out;

    /** Creates a benchmark state; JMH calls it. */
    public GemmJmh() {
    }

    /** Random operands, drawn once per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        DType type = dtype.equals("f64") ? DType.FLOAT64 : DType.FLOAT32;
        a = Tensor.uniform(Key.of(1), type, Shape.of(n, n), -1, 1);
        b = Tensor.uniform(Key.of(2), type, Shape.of(n, n), -1, 1);
        out = Shape.of(n, n);
    }

    /** The GFLOP done, counted per call; JMH reports it as a rate, GFLOP/s. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Flops {

        /** GFLOP done in this iteration. */
        public double gflop;

        /** Creates a counter; JMH calls it. */
        public Flops() {
        }

        /** Zero at the start of each iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            gflop = 0;
        }
    }

    /** One {@code n × n} GEMM. */
    @Benchmark
    public Tensor gemm(Flops flops) {
        flops.gflop += 2.0 * n * n * n / 1e9;
        return MatmulKernels.matmul(a, b, out);
    }
}
