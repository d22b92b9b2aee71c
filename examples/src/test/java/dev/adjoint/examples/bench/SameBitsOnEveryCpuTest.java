package dev.adjoint.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives the same weights, bit for bit, whatever the CPU: a short training run's weight hashes
 * ({@link WeightHashes}) equal the committed fixtures in this JVM, in a JVM restricted to AVX2 (HotSpot's
 * {@code -XX:UseAVX=2}: 256-bit vectors and 16 registers, so the other GEMM tile and vector width), and on the
 * portable scalar kernels on one thread.
 */
class SameBitsOnEveryCpuTest {

    @Test
    void trainedWeightsEqualTheGoldenHashes() throws IOException {
        assertEquals(golden(), WeightHashes.compute());
    }

    @Test
    void aJvmRestrictedToAvx2TrainsTheSameBits() throws Exception {
        Assumptions.assumeTrue(x86WithAvx2(), "-XX:UseAVX=2 needs an x86 CPU with AVX2");
        assertEquals(golden(), forked("-XX:UseAVX=2"));
    }

    @Test
    void theScalarKernelsOnOneThreadTrainTheSameBits() throws Exception {
        assertEquals(golden(), forked("-Dadjoint.kernels=scalar", "-Dadjoint.threads=1"));
    }

    private static Map<String, String> golden() throws IOException {
        try (InputStream in = SameBitsOnEveryCpuTest.class.getResourceAsStream("weight-hashes.txt")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 2 && !line.startsWith("#")) {
                hashes.put(parts[0], parts[1]);
            }
        }
        return hashes;
    }

    /** WeightHashes' output in a fresh JVM with the Vector API module and {@code options}. */
    private static Map<String, String> forked(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-modules", "jdk.incubator.vector"));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WeightHashes.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("the forked JVM failed: " + command + "\n" + out);
        }
        return parse(out);
    }

    private static boolean x86WithAvx2() throws IOException {
        String arch = System.getProperty("os.arch");
        File cpuinfo = new File("/proc/cpuinfo");
        return (arch.equals("amd64") || arch.equals("x86_64")) && cpuinfo.isFile()
                && Files.readString(cpuinfo.toPath()).contains(" avx2");
    }
}
