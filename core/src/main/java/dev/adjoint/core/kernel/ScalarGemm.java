package dev.adjoint.core.kernel;

/**
 * The portable GEMM: plain loops the JIT can compile on any JVM. {@code op(B)} is first copied row-major
 * (only when B is stored transposed), then each row of C is accumulated in i-k-j order in the element type, so
 * the innermost loop runs over contiguous memory from offset 0 and is auto-vectorized where the JIT can.
 * Each element's sum is the chain of {@link Math#fma} over k in ascending order that {@link GemmKernel}
 * specifies, so the results equal {@link VectorGemm}'s bit for bit. Rows of C are split across
 * {@link Parallel} in fixed blocks.
 */
final class ScalarGemm implements GemmKernel {

    private static final int ROWS_PER_TASK = 16;

    @Override
    public String description() {
        return "scalar";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int ao, float[] b, int bo,
            float[] c, int co) {
        float[] bRows = new float[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                bRows[p * n + j] = transB ? b[bo + j * k + p] : b[bo + p * n + j];
            }
        }
        int tasks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        IntBody body = t -> {
            float[] row = new float[n];
            for (int i = t * ROWS_PER_TASK; i < Math.min(m, (t + 1) * ROWS_PER_TASK); i++) {
                java.util.Arrays.fill(row, 0f);
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[ao + p * m + i] : a[ao + i * k + p];
                    int off = p * n;
                    for (int j = 0; j < n; j++) {
                        row[j] = Math.fma(aip, bRows[off + j], row[j]);
                    }
                }
                System.arraycopy(row, 0, c, co + i * n, n);
            }
        };
        run(tasks, (long) m * n * k, body);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int ao, double[] b, int bo,
            double[] c, int co) {
        double[] bRows = new double[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                bRows[p * n + j] = transB ? b[bo + j * k + p] : b[bo + p * n + j];
            }
        }
        int tasks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        IntBody body = t -> {
            double[] row = new double[n];
            for (int i = t * ROWS_PER_TASK; i < Math.min(m, (t + 1) * ROWS_PER_TASK); i++) {
                java.util.Arrays.fill(row, 0.0);
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a[ao + p * m + i] : a[ao + i * k + p];
                    int off = p * n;
                    for (int j = 0; j < n; j++) {
                        row[j] = Math.fma(aip, bRows[off + j], row[j]);
                    }
                }
                System.arraycopy(row, 0, c, co + i * n, n);
            }
        };
        run(tasks, (long) m * n * k, body);
    }

    @Override
    public void gemm(RowPanels a, int m, int n, int k, float[] b, int bo, float[] c, int co, int ldc) {
        float[] row = new float[k];
        float[] acc = new float[n];
        for (int i = 0; i < m; i++) {
            a.pack(i, 1, 0, k, row, 1);
            java.util.Arrays.fill(acc, 0f);
            for (int p = 0; p < k; p++) {
                float aip = row[p];
                int off = bo + p * n;
                for (int j = 0; j < n; j++) {
                    acc[j] = Math.fma(aip, b[off + j], acc[j]);
                }
            }
            System.arraycopy(acc, 0, c, co + i * ldc, n);
        }
    }

    @Override
    public void gemm(RowPanels a, int m, int n, int k, double[] b, int bo, double[] c, int co, int ldc) {
        double[] row = new double[k];
        double[] acc = new double[n];
        for (int i = 0; i < m; i++) {
            a.pack(i, 1, 0, k, row, 1);
            java.util.Arrays.fill(acc, 0.0);
            for (int p = 0; p < k; p++) {
                double aip = row[p];
                int off = bo + p * n;
                for (int j = 0; j < n; j++) {
                    acc[j] = Math.fma(aip, b[off + j], acc[j]);
                }
            }
            System.arraycopy(acc, 0, c, co + i * ldc, n);
        }
    }

    private interface IntBody extends java.util.function.IntConsumer {
    }

    private static void run(int tasks, long work, IntBody body) {
        if (work < Kernels.PARALLEL_GEMM_WORK) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
        } else {
            Parallel.forEach(tasks, body);
        }
    }
}
