package dev.adjoint.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Transcendentals.Loops} on the JDK Vector API: fdlibm's {@code exp} (for the sigmoid) and
 * {@code expm1} (for tanh), as in {@code java.lang.FdLibm}, written lane by lane. Each branch of fdlibm on the
 * argument's range (by the high word of its bits, as fdlibm tests it) becomes a lane mask; every branch a lane
 * can take is computed and the lane keeps its own, so each lane performs exactly fdlibm's IEEE operations and
 * gets {@code StrictMath}'s bits. Only exactly rounded lane operations are used (add, subtract, multiply,
 * divide, comparisons, integer arithmetic on the bits, 2^k built in the exponent bits as fdlibm does). Where
 * two of fdlibm's branches perform the same IEEE operations on the arguments that reach them (its reduction for
 * |x| in (0.5 ln2, 1.5 ln2) is its general one with the k the general one finds there) one formula is
 * computed, and a branch no argument of the function reaches (expm1's k = 1 under tanh) is not computed. A
 * vector with an argument outside the handled ranges (|x| below 2^-28 or not finite; for the sigmoid |x| of 700
 * or more, for tanh 22 or more) is computed by the scalar functions.
 */
final class VectorTranscendentals implements Transcendentals.Loops {

    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    /** Adding and subtracting it rounds a double below 2^51 in magnitude to an integer (its bits then hold it). */
    private static final double ROUND = 0x1.8p52;

    private static final double LN2_HI = 0x1.62e42feep-1;
    private static final double LN2_LO = 0x1.a39ef35793c76p-33;
    private static final double INV_LN2 = 0x1.71547652b82fep0;

    private static final double P1 = 0x1.555555555553ep-3;
    private static final double P2 = -0x1.6c16c16bebd93p-9;
    private static final double P3 = 0x1.1566aaf25de2cp-14;
    private static final double P4 = -0x1.bbd41c5d26bf1p-20;
    private static final double P5 = 0x1.6376972bea4d0p-25;

    private static final double Q1 = -0x1.11111111110f4p-5;
    private static final double Q2 = 0x1.a01a019fe5585p-10;
    private static final double Q3 = -0x1.4ce199eaadbb7p-14;
    private static final double Q4 = 0x1.0cfca86e65239p-18;
    private static final double Q5 = -0x1.afdb76e09c32dp-23;

    /*
     * fdlibm tests the high word h of |x|'s bits; for x >= 0 the bits order as the values do, so h > H is
     * |x| >= word(H + 1) and h >= H is |x| >= word(H), with word(H) the double of high word H, low word 0.
     */
    /** |x| >= 2^-28: fdlibm takes no shortcut for tiny arguments. */
    private static final double TINY = word(0x3e300000);
    /** |x| > 0.5 ln2: the argument is reduced. */
    private static final double REDUCED = word(0x3fd62e42 + 1);

    private static double word(int high) {
        return Double.longBitsToDouble((long) high << 32);
    }

    /** Elements per block: the arrays between the passes stay in the L1 cache. */
    private static final int BLOCK = 256;

    /** |x| below it (and at least {@link #TINY}): the sigmoid's lanes handle it. */
    private static final double SIGMOID_LIMIT = 700.0;
    /** |x| below it (and at least {@link #TINY}): tanh's lanes handle it. */
    private static final double TANH_LIMIT = 22.0;

    /*
     * Each function runs in passes over blocks, each pass a loop of its own: a loop body holding all of fdlibm's
     * branches is more than C2 inlines (NodeCountInliningCutoff), and a vector that is not inlined is allocated.
     * The passes are called through one megamorphic call site (as VectorFloatTranscendentals' are), so each is
     * compiled on its own rather than inlined into the driver. The first pass lists the vectors holding an
     * argument outside the handled range; the lanes of those compute garbage that the scalar functions then
     * replace. Per thread, the arrays between the passes, each of BLOCK doubles: a copy of the arguments (so that
     * y may be x), k, then hi or r, lo or c, e, hxs.
     */
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[6 * BLOCK]);
    private static final int K = BLOCK;
    private static final int HI = 2 * BLOCK;
    private static final int LO = 3 * BLOCK;
    private static final int E = 4 * BLOCK;
    private static final int HXS = 5 * BLOCK;

    /** Per thread, the starts (within a block) of the vectors with an argument outside the handled ranges. */
    private static final ThreadLocal<int[]> OUTSIDE = ThreadLocal.withInitial(() -> new int[BLOCK]);

    /**
     * One pass over the first n elements of a block (a whole number of vectors): scratch s, results (of the last
     * pass) into y[yo..); returns the number of vector starts it put in {@code outside} (the first pass).
     */
    @FunctionalInterface
    private interface Pass {
        int run(double[] s, int[] outside, double[] y, int yo, int n);
    }

    private static final Pass[] SIGMOID = {VectorTranscendentals::expReduce, VectorTranscendentals::sigmoidFinish};
    private static final Pass[] TANH = {VectorTranscendentals::expm1Reduce, VectorTranscendentals::expm1Polynomial,
        VectorTranscendentals::expm1Finish, VectorTranscendentals::tanhFinish};

    @Override
    public void sigmoid(double[] x, int xo, double[] y, int yo, int n) {
        run(SIGMOID, true, x, xo, y, yo, n);
    }

    @Override
    public void tanh(double[] x, int xo, double[] y, int yo, int n) {
        run(TANH, false, x, xo, y, yo, n);
    }

    /**
     * The passes block by block; the vectors the first pass listed and the elements after the last whole vector
     * of a block by the scalar functions.
     */
    private static void run(Pass[] passes, boolean sigmoid, double[] x, int xo, double[] y, int yo, int n) {
        double[] s = SCRATCH.get();
        int[] outside = OUTSIDE.get();
        for (int b = 0; b < n; b += BLOCK) {
            int m = Math.min(BLOCK, n - b);
            int vectors = DS.loopBound(m);
            System.arraycopy(x, xo + b, s, 0, m);
            int count = 0;
            for (Pass pass : passes) {
                count += pass.run(s, outside, y, yo + b, vectors);
            }
            for (int j = 0; j < count; j++) {
                scalar(sigmoid, s, outside[j], y, yo + b, outside[j] + DS.length());
            }
            scalar(sigmoid, s, vectors, y, yo + b, m);
        }
    }

    /** {@code y[yo + i] = f(s[i])} for {@code from <= i < to}, by the scalar function. */
    private static void scalar(boolean sigmoid, double[] s, int from, double[] y, int yo, int to) {
        for (int i = from; i < to; i++) {
            y[yo + i] = sigmoid ? Transcendentals.sigmoid(s[i]) : StrictMath.tanh(s[i]);
        }
    }

    /**
     * Appends i, the start of the vector {@code a = |x|}, to {@code outside[0..count)} when a lane of a is not in
     * [{@link #TINY}, limit) (NaN is not): one comparison, after the lanes below TINY are moved to the limit.
     * Returns the new count.
     */
    private static int list(DoubleVector a, double limit, int i, int[] outside, int count) {
        boolean handled = a.blend(limit, a.compare(VectorOperators.LT, TINY)).compare(VectorOperators.LT, limit)
                .allTrue();
        if (!handled) {
            outside[count] = i;
            return count + 1;
        }
        return count;
    }

    /**
     * {@code 2^k}, or {@code 2^-k} when {@code inverse}, for integers k in [-1022, 1022] held in doubles: k + ROUND
     * is exact and its bits end in k's low 12 bits, so shifting {@code ±bits + 1023} left by 52 leaves the
     * biased exponent of the power. fdlibm scales its result by adding k to the exponent, which for the normal
     * results here is the exact product by 2^k.
     */
    private static DoubleVector power(DoubleVector k, boolean inverse) {
        LongVector bits = k.add(ROUND).reinterpretAsLongs();
        return (inverse ? bits.neg() : bits).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    }

    /**
     * fdlibm's {@code exp(-|v|)}, argument reduction, for -700 &lt; -|v| &lt;= -2^-28: k, hi, lo into their
     * arrays, with {@code r = hi - lo} the reduced argument; lists the vectors outside that range. fdlibm's
     * branch for |v| in (0.5 ln2, 1.5 ln2), k = -1, {@code hi = v + ln2_hi}, {@code lo = -ln2_lo}, is its
     * general formula with k = -1, which the general formula's k is there: one formula for both.
     */
    private static int expReduce(double[] s, int[] outside, double[] y, int yo, int n) {
        int count = 0;
        for (int i = 0; i < n; i += DS.length()) {
            DoubleVector a = DoubleVector.fromArray(DS, s, i).abs();
            count = list(a, SIGMOID_LIMIT, i, outside, count);
            DoubleVector v = a.neg();
            VectorMask<Double> notReduced = a.compare(VectorOperators.LT, REDUCED);
            // k = (int) (x / ln2 - 0.5), rounding toward zero, here upward (x < 0)
            DoubleVector w = v.mul(INV_LN2).sub(0.5);
            DoubleVector rw = w.add(ROUND).sub(ROUND);
            DoubleVector kw = rw.blend(rw.add(1.0), rw.compare(VectorOperators.LT, w));
            // not reduced: k = 0, hi = x, lo = 0 (fdlibm's k = 0 formula is the general one with these)
            kw.blend(0.0, notReduced).intoArray(s, K + i);
            v.sub(kw.mul(LN2_HI)).blend(v, notReduced).intoArray(s, HI + i);
            kw.mul(LN2_LO).blend(0.0, notReduced).intoArray(s, LO + i);
        }
        return count;
    }

    /**
     * fdlibm's {@code exp}, after {@link #expReduce}: e = 2^k (1 - ((lo - r c / (2 - c)) - hi)); then
     * {@code 1 / (1 + e)} for v &gt;= 0, {@code e / (1 + e)} below, into y.
     */
    private static int sigmoidFinish(double[] s, int[] outside, double[] y, int yo, int n) {
        for (int i = 0; i < n; i += DS.length()) {
            DoubleVector hi = DoubleVector.fromArray(DS, s, HI + i);
            DoubleVector lo = DoubleVector.fromArray(DS, s, LO + i);
            DoubleVector r = hi.sub(lo);
            DoubleVector t = r.mul(r);
            DoubleVector c = r.sub(t.mul(t.mul(t.mul(t.mul(t.mul(P5).add(P4)).add(P3)).add(P2)).add(P1)));
            DoubleVector q = r.mul(c).div(DoubleVector.broadcast(DS, 2.0).sub(c));
            DoubleVector e = DoubleVector.broadcast(DS, 1.0).sub(lo.sub(q).sub(hi))
                    .mul(power(DoubleVector.fromArray(DS, s, K + i), false));
            VectorMask<Double> negative = DoubleVector.fromArray(DS, s, i).compare(VectorOperators.LT, 0.0);
            DoubleVector.broadcast(DS, 1.0).blend(e, negative).div(e.add(1.0)).intoArray(y, yo + i);
        }
        return 0;
    }

    /**
     * tanh's argument of expm1, u = 2|v| for |v| &gt;= 1 else -2|v|, and fdlibm's reduction of it: k, r, c into
     * their arrays (k = 0, r = u, c = 0 when not reduced); lists the vectors with |v| outside [2^-28, 22).
     * fdlibm's branch for |u| in (0.5 ln2, 1.5 ln2) (here only u &lt; 0: u &gt;= 2 otherwise) is its general
     * formula with k = -1, which the general formula's k is there. Round to nearest is symmetric, so with
     * {@code a = |u|}, {@code m = a / ln2 + 0.5} and {@code f = floor(m)} fdlibm's k, hi - lo and
     * (hi - r) - lo are u's sign times f, {@code (a - f ln2_hi) - f ln2_lo} and the same from a: computed on
     * magnitudes, then signed (f = 0 when not reduced gives r = u).
     */
    private static int expm1Reduce(double[] s, int[] outside, double[] y, int yo, int n) {
        int count = 0;
        for (int i = 0; i < n; i += DS.length()) {
            DoubleVector abs = DoubleVector.fromArray(DS, s, i).abs();
            count = list(abs, TANH_LIMIT, i, outside, count);
            DoubleVector a = abs.mul(2.0);
            DoubleVector sign = DoubleVector.broadcast(DS, 1.0).blend(-1.0, abs.compare(VectorOperators.LT, 1.0));
            DoubleVector m = a.mul(INV_LN2).add(0.5);
            DoubleVector rm = m.add(ROUND).sub(ROUND);
            DoubleVector f = rm.blend(rm.sub(1.0), rm.compare(VectorOperators.GT, m))
                    .blend(0.0, a.compare(VectorOperators.LT, REDUCED));
            DoubleVector hi = a.sub(f.mul(LN2_HI));
            DoubleVector lo = f.mul(LN2_LO);
            DoubleVector r = hi.sub(lo);
            f.mul(sign).intoArray(s, K + i);
            r.mul(sign).intoArray(s, HI + i);
            hi.sub(r).sub(lo).mul(sign).intoArray(s, LO + i);
        }
        return count;
    }

    /** fdlibm's rational approximation in expm1: e and hxs = r r / 2 into their arrays. */
    private static int expm1Polynomial(double[] s, int[] outside, double[] y, int yo, int n) {
        for (int i = 0; i < n; i += DS.length()) {
            DoubleVector r = DoubleVector.fromArray(DS, s, HI + i);
            DoubleVector hfx = r.mul(0.5);
            DoubleVector hxs = r.mul(hfx);
            DoubleVector r1 = hxs.mul(hxs.mul(hxs.mul(hxs.mul(hxs.mul(Q5).add(Q4)).add(Q3)).add(Q2)).add(Q1))
                    .add(1.0);
            DoubleVector t = DoubleVector.broadcast(DS, 3.0).sub(r1.mul(hfx));
            hxs.mul(r1.sub(t).div(DoubleVector.broadcast(DS, 6.0).sub(r.mul(t)))).intoArray(s, E + i);
            hxs.intoArray(s, HXS + i);
        }
        return 0;
    }

    /**
     * fdlibm's reconstruction of expm1 from k, r, c, e, hxs, by the branches on k, into the array of e. Its
     * branch k = 1 is left out: tanh's u is either below 2 in magnitude and negative (k in 0..-3) or at least 2
     * (k at least 3).
     */
    private static int expm1Finish(double[] s, int[] outside, double[] y, int yo, int n) {
        for (int i = 0; i < n; i += DS.length()) {
            DoubleVector k = DoubleVector.fromArray(DS, s, K + i);
            DoubleVector r = DoubleVector.fromArray(DS, s, HI + i);
            DoubleVector c = DoubleVector.fromArray(DS, s, LO + i);
            DoubleVector e = DoubleVector.fromArray(DS, s, E + i);
            DoubleVector hxs = DoubleVector.fromArray(DS, s, HXS + i);
            DoubleVector pow = power(k, false);
            DoubleVector k0 = r.sub(r.mul(e).sub(hxs));
            DoubleVector e2 = r.mul(e.sub(c)).sub(c).sub(hxs);
            DoubleVector kMinus1 = r.sub(e2).mul(0.5).sub(0.5);
            DoubleVector one = DoubleVector.broadcast(DS, 1.0);
            DoubleVector outer = one.sub(e2.sub(r)).mul(pow).sub(1.0);
            // 2 <= k < 20: (1 - 2^-k) - (e - r), scaled; 20 <= k <= 56: (r - (e + 2^-k)) + 1, scaled
            DoubleVector twoMinusK = power(k, true);
            DoubleVector small = one.sub(twoMinusK).sub(e2.sub(r)).mul(pow);
            DoubleVector large = r.sub(e2.add(twoMinusK)).add(1.0).mul(pow);
            // (mask algebra, and, not, is not compiled to vector code by every JDK: single comparisons only)
            outer.blend(small, k.compare(VectorOperators.GE, 2.0))
                    .blend(large, k.compare(VectorOperators.GE, 20.0))
                    .blend(outer, k.compare(VectorOperators.GT, 56.0))
                    .blend(kMinus1, k.compare(VectorOperators.EQ, -1.0))
                    .blend(k0, k.compare(VectorOperators.EQ, 0.0))
                    .intoArray(s, E + i);
        }
        return 0;
    }

    /** tanh from t = expm1(u): {@code 1 - 2 / (t + 2)} for |v| >= 1, else {@code -t / (t + 2)}; v's sign. */
    private static int tanhFinish(double[] s, int[] outside, double[] y, int yo, int n) {
        for (int i = 0; i < n; i += DS.length()) {
            DoubleVector v = DoubleVector.fromArray(DS, s, i);
            DoubleVector t = DoubleVector.fromArray(DS, s, E + i);
            DoubleVector a = v.abs();
            VectorMask<Double> above1 = a.compare(VectorOperators.GE, 1.0);
            DoubleVector q = t.neg().blend(2.0, above1).div(t.add(2.0));
            DoubleVector z = q.blend(DoubleVector.broadcast(DS, 1.0).sub(q), above1);
            z.blend(z.neg(), v.compare(VectorOperators.LT, 0.0)).intoArray(y, yo + i);
        }
        return 0;
    }
}
