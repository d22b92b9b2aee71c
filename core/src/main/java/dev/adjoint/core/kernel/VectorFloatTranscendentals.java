package dev.adjoint.core.kernel;

import static dev.adjoint.core.kernel.FloatTranscendentals.INV_LN2;
import static dev.adjoint.core.kernel.FloatTranscendentals.P0;
import static dev.adjoint.core.kernel.FloatTranscendentals.P1;
import static dev.adjoint.core.kernel.FloatTranscendentals.P2;
import static dev.adjoint.core.kernel.FloatTranscendentals.P3;
import static dev.adjoint.core.kernel.FloatTranscendentals.P4;
import static dev.adjoint.core.kernel.FloatTranscendentals.Q0;
import static dev.adjoint.core.kernel.FloatTranscendentals.Q1;
import static dev.adjoint.core.kernel.FloatTranscendentals.Q2;
import static dev.adjoint.core.kernel.FloatTranscendentals.Q3;
import static dev.adjoint.core.kernel.FloatTranscendentals.Q4;
import static dev.adjoint.core.kernel.FloatTranscendentals.Q5;
import static dev.adjoint.core.kernel.FloatTranscendentals.LN2_HI;
import static dev.adjoint.core.kernel.FloatTranscendentals.LN2_LO;
import static dev.adjoint.core.kernel.FloatTranscendentals.ROUND;
import static dev.adjoint.core.kernel.FloatTranscendentals.ROUND_BITS;
import static dev.adjoint.core.kernel.FloatTranscendentals.SIGMOID_CLAMP;
import static dev.adjoint.core.kernel.FloatTranscendentals.TANH_CLAMP;
import static dev.adjoint.core.kernel.FloatTranscendentals.TANH_SMALL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Transcendentals.FloatLoops} on the JDK Vector API: {@link FloatTranscendentals}' sigmoid and tanh,
 * lane by lane, with the same IEEE float operations in the same order (a lanewise {@code fma} for every
 * {@link Math#fma(float, float, float)}, the same integer arithmetic on the bits), so every lane gets the
 * scalar reference's bits on every vector width. Where the reference branches, both sides are computed and each
 * lane keeps its own. The elements after the last whole vector of a block are computed by the reference.
 */
final class VectorFloatTranscendentals implements Transcendentals.FloatLoops {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    /** Elements per pass: the arrays between passes stay in the L1 cache. */
    private static final int BLOCK = 256;

    /*
     * Each function runs in passes over blocks, each pass a loop of its own: a loop body holding the whole
     * function is more than C2 inlines (NodeCountInliningCutoff), and a vector that is not inlined is allocated.
     * The passes are called through one megamorphic call site (as VectorArrayOps' loops are), so each is
     * compiled on its own rather than inlined into the driver. Per thread, the arrays between the passes, each
     * of BLOCK floats: a copy of the arguments (so that y may be x), t (whose bits hold k), eh and el.
     */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[4 * BLOCK]);
    private static final int T = BLOCK;
    private static final int EH = 2 * BLOCK;
    private static final int EL = 3 * BLOCK;

    /** One pass over the first n elements of a block: scratch s, results (of the last pass) into y[yo..). */
    @FunctionalInterface
    private interface Pass {
        void run(float[] s, float[] y, int yo, int n);
    }

    private static final Pass[] SIGMOID = {(s, y, yo, n) -> exp(s, n, SIGMOID_CLAMP, -1f),
        VectorFloatTranscendentals::sigmoidFinish};
    private static final Pass[] TANH = {(s, y, yo, n) -> exp(s, n, TANH_CLAMP, -2f),
        (s, y, yo, n) -> tanhQuotient(s, n), VectorFloatTranscendentals::tanhFinish};

    @Override
    public void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        run(SIGMOID, true, x, xo, y, yo, n);
    }

    @Override
    public void tanh(float[] x, int xo, float[] y, int yo, int n) {
        run(TANH, false, x, xo, y, yo, n);
    }

    /** The passes block by block; the elements after the last whole vector of a block by the reference. */
    private static void run(Pass[] passes, boolean sigmoid, float[] x, int xo, float[] y, int yo, int n) {
        float[] s = SCRATCH.get();
        for (int b = 0; b < n; b += BLOCK) {
            int m = Math.min(BLOCK, n - b);
            int vectors = FS.loopBound(m);
            System.arraycopy(x, xo + b, s, 0, m);
            for (Pass pass : passes) {
                pass.run(s, y, yo + b, vectors);
            }
            for (int i = vectors; i < m; i++) {
                y[yo + b + i] = sigmoid ? FloatTranscendentals.sigmoid(s[i]) : FloatTranscendentals.tanh(s[i]);
            }
        }
    }

    /**
     * {@code e^v = 2^k (eh + el)} for {@code v = scale * min(|x|, clamp)}, x from {@code s[0..n)}: t (its bits
     * hold k), eh, el into their arrays. {@code scale} is -1 or -2, so that v is exact.
     */
    private static void exp(float[] s, int n, float clamp, float scale) {
        for (int i = 0; i < n; i += FS.length()) {
            FloatVector a = FloatVector.fromArray(FS, s, i).abs();
            FloatVector v = a.blend(clamp, a.compare(VectorOperators.GT, clamp)).mul(scale);
            FloatVector t = v.fma(INV_LN2, ROUND);
            // r = v - k ln 2 and its rounding error dr; tail = r^2 Q(r) + dr; eh + el = 1 + r + tail
            FloatVector minusK = t.sub(ROUND).neg();
            FloatVector rh = minusK.fma(c(LN2_HI), v);
            FloatVector r = minusK.fma(c(LN2_LO), rh);
            FloatVector dr = minusK.fma(c(LN2_LO), rh.sub(r));
            FloatVector q = r.fma(Q5, Q4).fma(r, c(Q3)).fma(r, c(Q2)).fma(r, c(Q1)).fma(r, c(Q0));
            FloatVector tail = r.mul(r).fma(q, dr);
            FloatVector sum = r.add(tail);
            FloatVector eh = sum.add(1f);
            t.intoArray(s, T + i);
            eh.intoArray(s, EH + i);
            oneMinus(eh).add(sum).add(r.sub(sum).add(tail)).intoArray(s, EL + i);
        }
    }

    /**
     * {@code 2^(k >> 1)} (first) or {@code 2^(k - (k >> 1))}, k from the bits of t, as in
     * {@link FloatTranscendentals#scaled}.
     */
    private static FloatVector scale(FloatVector t, boolean first) {
        IntVector k = t.reinterpretAsInts().sub(ROUND_BITS);
        IntVector half = k.lanewise(VectorOperators.ASHR, 1);
        return (first ? half : k.sub(half)).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /** {@code 1 / (1 + e)} for x &gt;= 0, {@code e / (1 + e)} below, NaN kept, after {@link #exp}. */
    private static void sigmoidFinish(float[] s, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += FS.length()) {
            FloatVector x = FloatVector.fromArray(FS, s, i);
            FloatVector t = FloatVector.fromArray(FS, s, T + i);
            FloatVector eh = FloatVector.fromArray(FS, s, EH + i);
            FloatVector el = FloatVector.fromArray(FS, s, EL + i);
            FloatVector s1 = scale(t, true);
            FloatVector s2 = scale(t, false);
            FloatVector e = eh.mul(s1).mul(s2);
            FloatVector dh = e.add(1f);
            FloatVector dl = oneMinus(dh).add(e).add(el.mul(s1).mul(s2));
            VectorMask<Float> negative = x.compare(VectorOperators.LT, 0f);
            FloatVector w = divide(c(1f).blend(eh, negative), FloatVector.zero(FS).blend(el, negative), dh, dl);
            w.blend(w.mul(s1).mul(s2), negative).blend(x, x.compare(VectorOperators.NE, x)).intoArray(y, yo + i);
        }
    }

    /** tanh's {@code sign(x) (1 - e) / (1 + e)} after {@link #exp}, into the array of t. */
    private static void tanhQuotient(float[] s, int n) {
        for (int i = 0; i < n; i += FS.length()) {
            FloatVector t = FloatVector.fromArray(FS, s, T + i);
            FloatVector s1 = scale(t, true);
            FloatVector s2 = scale(t, false);
            FloatVector e = FloatVector.fromArray(FS, s, EH + i).mul(s1).mul(s2);
            FloatVector f = FloatVector.fromArray(FS, s, EL + i).mul(s1).mul(s2);
            FloatVector nh = oneMinus(e);
            FloatVector dh = e.add(1f);
            FloatVector w = divide(nh, oneMinus(nh).sub(e).sub(f), dh, oneMinus(dh).add(e).add(f));
            w.blend(w.neg(), FloatVector.fromArray(FS, s, i).compare(VectorOperators.LT, 0f)).intoArray(s, T + i);
        }
    }

    /** tanh: the odd polynomial below {@code TANH_SMALL}, else {@link #tanhQuotient}'s; NaN and ±0 kept. */
    private static void tanhFinish(float[] s, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += FS.length()) {
            FloatVector x = FloatVector.fromArray(FS, s, i);
            FloatVector z = x.mul(x);
            FloatVector p = z.fma(P4, P3).fma(z, c(P2)).fma(z, c(P1)).fma(z, c(P0));
            FloatVector.fromArray(FS, s, T + i).blend(x.mul(z).fma(p, x), x.abs().compare(VectorOperators.LT,
                    TANH_SMALL)).blend(x, x.compare(VectorOperators.NE, x)).blend(x, x.compare(VectorOperators.EQ, 0f))
                    .intoArray(y, yo + i);
        }
    }

    /** {@link FloatTranscendentals#divide}: {@code (nh + nl) / (dh + dl)}, corrected by the remainder. */
    private static FloatVector divide(FloatVector nh, FloatVector nl, FloatVector dh, FloatVector dl) {
        FloatVector inverse = c(1f).div(dh);
        FloatVector q = nh.mul(inverse);
        FloatVector minusQ = q.neg();
        return minusQ.fma(dl, minusQ.fma(dh, nh).add(nl)).fma(inverse, q);
    }

    /** The constant {@code value} in every lane. */
    private static FloatVector c(float value) {
        return FloatVector.broadcast(FS, value);
    }

    /** {@code 1 - u}. */
    private static FloatVector oneMinus(FloatVector u) {
        return c(1f).sub(u);
    }
}
