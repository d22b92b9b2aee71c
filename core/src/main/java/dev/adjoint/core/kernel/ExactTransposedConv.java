package dev.adjoint.core.kernel;

/**
 * The transposed convolution (a convolution's input gradient) as the sum of the terms that exist and no others,
 * for kernels that hold an inf or a NaN. Channels last, {@code G} groups of {@code C_in/G} input and
 * {@code C_out/G} output channels, the input channel {@code c = g·C_in/G + c'}:
 * <pre>
 *   x̄[n, i, c] = sum over the taps t, ascending, with an output position o, o·stride - before + t·dilation = i,
 *                of sum_{j &lt; C_out/G}, ascending, of ȳ[n, o, g·C_out/G + j] · w[t, c', g·C_out/G + j]
 * </pre>
 * each element one chain of fused multiply-adds from +0 in the element type (float or double), in the order of
 * the fast paths, {@code (t, j)}.
 *
 * <p>Why it exists: the fast paths ({@link DirectConv}'s tiles, {@link DepthwiseConv}, the GEMM on
 * {@link Patches}) multiply the whole patch row, reading zeros for the taps that reach no output position
 * (outside ȳ, or in a stride's gap). With a finite kernel those terms {@code 0·w} are zeros that change nothing
 * but, at most, the sign of a zero result; with {@code w = ±inf} or NaN they are NaN, and the mathematics (and
 * PyTorch's {@code conv_transpose} and conv input gradient) give a finite value or inf there. So
 * {@link ConvKernels#convTranspose} sends a kernel with a non-finite value here, and keeps every finite kernel on
 * the fast paths, whose bits this path matches except in the sign of a zero. (The forward and the filter
 * gradient read the zero-padded input, as PyTorch does, and stay as they are.)
 *
 * <p>Rows are the input positions {@code (n, i)}, read through {@link Patches#table}; blocks of rows of a size
 * that depends on the problem only are the parallel tasks, and each element is its own chain, so the bits do
 * not depend on the thread count.
 */
final class ExactTransposedConv {

    private ExactTransposedConv() {
    }

    /** Whether the kernel's storage ({@code float[]} or {@code double[]}) holds an inf or a NaN. */
    static boolean applies(Object w) {
        if (w instanceof float[] f) {
            for (float v : f) {
                if (!Float.isFinite(v)) {
                    return true;
                }
            }
            return false;
        }
        for (double v : (double[]) w) {
            if (!Double.isFinite(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes every element of x̄'s rows {@code [0, rows)} into {@code x} ({@code [rows, cin]}), from ȳ in
     * {@code y} ({@code cout} channels) through the transposed {@code patches}, and the kernel
     * {@code w : [taps, cin/groups, cout]}; the arrays are all {@code float[]} or all {@code double[]}.
     */
    static void into(Patches patches, Object y, int cout, Object w, int cin, int groups, Object x, int rows) {
        int block = ConvKernels.blockRows(patches.taps() * (cout / Math.max(1, groups)));
        Parallel.forEach((rows + block - 1) / block, task -> {
            int r0 = task * block;
            rows(patches, y, cout, w, cin, groups, x, r0, Math.min(block, rows - r0));
        });
    }

    /** Rows {@code [r0, r0 + m)} of x̄ into {@code x}: see {@link #into} and the class comment. */
    static void rows(Patches patches, Object y, int cout, Object w, int cin, int groups, Object x, int r0, int m) {
        int taps = patches.taps();
        int cinG = cin / groups;
        int coutG = cout / groups;
        int[] tab = new int[m * taps];
        patches.table(r0, m, m, cout, 0, tab); // per row and tap: where ȳ's pixel starts, or -1
        if (x instanceof float[] xf) {
            float[] yf = (float[]) y;
            float[] wf = (float[]) w;
            for (int p = 0; p < m; p++) {
                for (int c = 0; c < cin; c++) {
                    int grp = c / cinG;
                    int wc = (c - grp * cinG) * cout + grp * coutG;
                    float s = 0f;
                    for (int t = 0; t < taps; t++) {
                        int o = tab[p * taps + t];
                        if (o < 0) {
                            continue;
                        }
                        for (int j = 0, yo = o + grp * coutG, wo = t * cinG * cout + wc; j < coutG; j++) {
                            s = Math.fma(yf[yo + j], wf[wo + j], s);
                        }
                    }
                    xf[(r0 + p) * cin + c] = s;
                }
            }
        } else {
            double[] xd = (double[]) x;
            double[] yd = (double[]) y;
            double[] wd = (double[]) w;
            for (int p = 0; p < m; p++) {
                for (int c = 0; c < cin; c++) {
                    int grp = c / cinG;
                    int wc = (c - grp * cinG) * cout + grp * coutG;
                    double s = 0.0;
                    for (int t = 0; t < taps; t++) {
                        int o = tab[p * taps + t];
                        if (o < 0) {
                            continue;
                        }
                        for (int j = 0, yo = o + grp * coutG, wo = t * cinG * cout + wc; j < coutG; j++) {
                            s = Math.fma(yd[yo + j], wd[wo + j], s);
                        }
                    }
                    xd[(r0 + p) * cin + c] = s;
                }
            }
        }
    }
}
