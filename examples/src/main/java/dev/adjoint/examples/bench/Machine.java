package dev.adjoint.examples.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a benchmark run ran on, and how the peers are set up to run on the same instruction set: the CPU model
 * and its vector extensions ({@code /proc/cpuinfo}), the extra options of the forked JVMs
 * ({@code -Dbench.jvm="..."}, e.g. {@code -XX:UseAVX=2} to run as on an AVX2-only CPU), and the environment
 * of the Python peers.
 *
 * <p>The peers run natively, with the same restriction as the JVMs: with {@code -XX:UseAVX=2} OpenBLAS runs
 * its Haswell (AVX2) kernels ({@code OPENBLAS_CORETYPE=Haswell}), PyTorch its AVX2 kernels
 * ({@code ATEN_CPU_CAPABILITY=avx2}) and oneDNN at most AVX2 ({@code DNNL_MAX_CPU_ISA=AVX2}). Without a
 * restriction they pick their own kernels, except where OpenBLAS does not know the CPU model and falls back
 * to a pre-AVX2 kernel (Debian's 0.3.21 picks {@code Prescott}, SSE3, on a 2026 Xeon): then it is given the
 * kernel for the vector extensions the CPU has ({@code SkylakeX} or {@code Haswell}), so that the comparison
 * is against OpenBLAS at its best. An {@code OPENBLAS_CORETYPE} set by the user is always kept. The run prints
 * which OpenBLAS kernel and which PyTorch capability actually ran.
 */
final class Machine {

    private Machine() {
    }

    /** The extra options for every forked JVM: the system property {@code bench.jvm}, split on spaces. */
    static List<String> jvmOptions() {
        String value = System.getProperty("bench.jvm", "").trim();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
    }

    /** The {@code -XX:UseAVX=N} level among the JVM options, or -1 when none is given. */
    static int useAvx() {
        int level = -1;
        for (String option : jvmOptions()) {
            Matcher m = Pattern.compile("-XX:UseAVX=(\\d)").matcher(option);
            if (m.matches()) {
                level = Integer.parseInt(m.group(1));
            }
        }
        return level;
    }

    /** The CPU's model name, from {@code /proc/cpuinfo} (or {@code os.arch} where there is none). */
    static String cpuModel() {
        String model = cpuinfo("model name");
        return model != null ? model : System.getProperty("os.arch");
    }

    /** The widest x86 vector extension the CPU has: {@code avx512}, {@code avx2}, {@code avx}, or {@code other}. */
    static String cpuIsa() {
        String flags = cpuinfo("flags");
        if (flags == null) {
            return "other";
        }
        List<String> set = List.of(flags.split("\\s+"));
        return set.contains("avx512f") ? "avx512"
                : set.contains("avx2") ? "avx2"
                : set.contains("avx") ? "avx" : "other";
    }

    private static String cpuinfo(String key) {
        File file = new File("/proc/cpuinfo");
        if (!file.isFile()) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(file.toPath(), StandardCharsets.UTF_8)) {
                if (line.startsWith(key) && line.contains(":")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /**
     * The environment of a Python peer on {@code threads} threads: thread counts, OpenMP's passive wait, and
     * the instruction-set settings of the class comment ({@code autodetected}: the OpenBLAS kernel OpenBLAS
     * picks by itself here, or null when unknown).
     */
    static Map<String, String> peerEnv(int threads, String autodetected) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OPENBLAS_NUM_THREADS", "" + threads);
        env.put("OMP_NUM_THREADS", "" + threads);
        env.put("MKL_NUM_THREADS", "" + threads);
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        env.putAll(isaEnv(autodetected));
        return env;
    }

    /** The instruction-set part of {@link #peerEnv}. */
    static Map<String, String> isaEnv(String autodetected) {
        Map<String, String> env = new LinkedHashMap<>();
        boolean userCore = System.getenv("OPENBLAS_CORETYPE") != null;
        int avx = useAvx();
        if (avx >= 0 && avx < 3) {
            String core = avx == 2 ? "Haswell" : avx == 1 ? "Sandybridge" : "Nehalem";
            if (!userCore) {
                env.put("OPENBLAS_CORETYPE", core);
            }
            env.put("ATEN_CPU_CAPABILITY", avx == 2 ? "avx2" : "default");
            env.put("DNNL_MAX_CPU_ISA", avx == 2 ? "AVX2" : avx == 1 ? "AVX" : "SSE41");
        } else if (!userCore && autodetected != null && !modernCore(autodetected)) {
            String isa = cpuIsa();
            if (isa.equals("avx512")) {
                env.put("OPENBLAS_CORETYPE", "SkylakeX");
            } else if (isa.equals("avx2")) {
                env.put("OPENBLAS_CORETYPE", "Haswell");
            }
        }
        return env;
    }

    /** False for the OpenBLAS x86 kernels older than AVX2 (a fall-back when OpenBLAS does not know the CPU). */
    private static boolean modernCore(String core) {
        return !core.toLowerCase(Locale.ROOT).matches("prescott|core2|penryn|dunnington|nehalem|sandybridge|atom"
                + "|katmai|coppermine|northwood|banias|opteron.*|barcelona|bobcat|bulldozer|piledriver|nano|unknown");
    }

    /** One line saying what this run ran on and with which JVM options; printed by the driver. */
    static String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("cpu: " + cpuModel() + " (" + cpuIsa() + ", " + Runtime.getRuntime().availableProcessors()
                + " processors)");
        parts.add("forked JVMs: " + (jvmOptions().isEmpty() ? "no extra options" : String.join(" ", jvmOptions()))
                + (useAvx() == 2 ? " (emulates an AVX2 CPU: 256-bit vectors, 16 vector registers)" : ""));
        parts.add("java " + System.getProperty("java.version"));
        return String.join("; ", parts);
    }
}
