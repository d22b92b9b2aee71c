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
 * divide, comparisons, integer arithmetic on the bits). A vector with an argument outside the handled ranges
 * (|x| below 2^-28 or not finite; for the sigmoid |x| of 700 or more, for tanh 22 or more) is computed by the
 * scalar functions.
 */
final class VectorTranscendentals implements Transcendentals.Loops {

    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED.length() == DS.length()
            ? LongVector.SPECIES_PREFERRED : VectorSpecies.of(long.class, DS.vectorShape());

    /** Adding and subtracting it rounds a double below 2^51 in magnitude to an integer (its bits then hold it). */
    private static final double ROUND = 0x1.8p52;
    private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);

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

    /** |x| >= 2^-28, as fdlibm's high-word test. */
    private static final long TINY = 0x3e300000L;

    @Override
    public void sigmoid(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
            DoubleVector a = v.abs();
            LongVector h = high(a);
            // 2^-28 <= |x| < 700: exp(-|x|) is normal and fdlibm takes no early exit
            if (!h.compare(VectorOperators.GE, TINY).and(a.compare(VectorOperators.LT, 700.0).cast(LS)).allTrue()) {
                scalarSigmoid(x, xo + i, y, yo + i, DS.length());
                continue;
            }
            DoubleVector e = expNegative(a.neg(), h);
            DoubleVector one = DoubleVector.broadcast(DS, 1.0);
            DoubleVector d = e.add(1.0);
            one.div(d).blend(e.div(d), v.compare(VectorOperators.LT, 0.0)).intoArray(y, yo + i);
        }
        scalarSigmoid(x, xo + i, y, yo + i, n - i);
    }

    @Override
    public void tanh(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
            DoubleVector a = v.abs();
            LongVector h = high(a);
            // 2^-28 <= |x| < 22 (fdlibm's range of tanh computed from expm1)
            if (!h.compare(VectorOperators.GE, TINY).and(h.compare(VectorOperators.LT, 0x40360000L)).allTrue()) {
                for (int j = 0; j < DS.length(); j++) {
                    y[yo + i + j] = StrictMath.tanh(x[xo + i + j]);
                }
                continue;
            }
            VectorMask<Double> big = h.compare(VectorOperators.GE, 0x3ff00000L).cast(DS); // |x| >= 1
            DoubleVector twice = a.mul(2.0);
            DoubleVector u = twice.blend(twice.neg(), big.not());
            DoubleVector t = expm1(u);
            DoubleVector t2 = t.add(2.0);
            DoubleVector z = DoubleVector.broadcast(DS, 1.0).sub(DoubleVector.broadcast(DS, 2.0).div(t2))
                    .blend(t.neg().div(t2), big.not());
            z.blend(z.neg(), v.compare(VectorOperators.LT, 0.0)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = StrictMath.tanh(x[xo + i]);
        }
    }

    private static void scalarSigmoid(double[] x, int xo, double[] y, int yo, int n) {
        for (int j = 0; j < n; j++) {
            y[yo + j] = Transcendentals.sigmoid(x[xo + j]);
        }
    }

    /** The high word of the bits of {@code a} (a >= 0), as a long per lane. */
    private static LongVector high(DoubleVector a) {
        return ((LongVector) a.viewAsIntegralLanes()).lanewise(VectorOperators.LSHR, 32);
    }

    /** {@code v} rounded toward zero (|v| < 2^51). */
    private static DoubleVector trunc(DoubleVector v) {
        DoubleVector r = v.add(ROUND).sub(ROUND);
        DoubleVector floor = r.blend(r.sub(1.0), r.compare(VectorOperators.GT, v));
        DoubleVector ceil = r.blend(r.add(1.0), r.compare(VectorOperators.LT, v));
        return floor.blend(ceil, v.compare(VectorOperators.LT, 0.0));
    }

    /** The integer value of {@code k} (an integer-valued double, |k| < 2^51) as a long per lane. */
    private static LongVector toLong(DoubleVector k) {
        return ((LongVector) k.add(ROUND).viewAsIntegralLanes()).sub(ROUND_BITS);
    }

    /** {@code y * 2^k} by adding k to the exponent, as fdlibm does (the result must be normal). */
    private static DoubleVector scale(DoubleVector y, LongVector k) {
        return ((LongVector) y.viewAsIntegralLanes()).add(k.lanewise(VectorOperators.LSHL, 52))
                .viewAsFloatingLanes().reinterpretAsDoubles();
    }

    /**
     * fdlibm's {@code exp(x)} for {@code -700 < x <= -2^-28}; {@code h}: the high word of |x|.
     */
    private static DoubleVector expNegative(DoubleVector x, LongVector h) {
        VectorMask<Double> reduced = h.compare(VectorOperators.GT, 0x3fd62e42L).cast(DS);  // |x| > 0.5 ln2
        VectorMask<Double> wide = h.compare(VectorOperators.GE, 0x3ff0a2b2L).cast(DS);     // |x| >= 1.5 ln2
        DoubleVector kw = trunc(x.mul(INV_LN2).sub(0.5));
        // |x| in (0.5 ln2, 1.5 ln2): k = -1, hi = x - (-ln2_hi), lo = -ln2_lo; wider: k from x / ln2
        DoubleVector k = DoubleVector.broadcast(DS, -1.0).blend(kw, wide);
        DoubleVector hiW = x.sub(kw.mul(LN2_HI));
        DoubleVector loW = kw.mul(LN2_LO);
        DoubleVector hi = x.sub(-LN2_HI).blend(hiW, wide).blend(x, reduced.not());
        DoubleVector lo = DoubleVector.broadcast(DS, -LN2_LO).blend(loW, wide).blend(0.0, reduced.not());
        k = k.blend(0.0, reduced.not());
        DoubleVector r = hi.sub(lo).blend(x, reduced.not());
        DoubleVector t = r.mul(r);
        DoubleVector c = r.sub(t.mul(t.mul(t.mul(t.mul(t.mul(P5).add(P4)).add(P3)).add(P2)).add(P1)));
        // k == 0: 1 - ((r c)/(c - 2) - r), which equals the general form with lo = 0, hi = r
        DoubleVector q = r.mul(c).div(DoubleVector.broadcast(DS, 2.0).sub(c));
        DoubleVector y = DoubleVector.broadcast(DS, 1.0).sub(lo.sub(q).sub(hi));
        return scale(y, toLong(k));
    }

    /**
     * fdlibm's {@code expm1(x)} for {@code 2^-54 <= |x| < 56 ln2}, {@code x} not in (0.5 ln2, 1.5 ln2) for
     * x > 0 excepted (every branch is computed, so any such x works).
     */
    private static DoubleVector expm1(DoubleVector x) {
        LongVector h = high(x.abs());
        VectorMask<Double> negative = x.compare(VectorOperators.LT, 0.0);
        VectorMask<Double> reduced = h.compare(VectorOperators.GT, 0x3fd62e42L).cast(DS);
        VectorMask<Double> wide = h.compare(VectorOperators.GE, 0x3ff0a2b2L).cast(DS);
        DoubleVector half = DoubleVector.broadcast(DS, 0.5).blend(-0.5, negative);
        DoubleVector kw = trunc(x.mul(INV_LN2).add(half));
        DoubleVector one = DoubleVector.broadcast(DS, 1.0).blend(-1.0, negative);
        DoubleVector k = one.blend(kw, wide).blend(0.0, reduced.not());
        DoubleVector hiN = x.sub(DoubleVector.broadcast(DS, LN2_HI).blend(-LN2_HI, negative));
        DoubleVector loN = DoubleVector.broadcast(DS, LN2_LO).blend(-LN2_LO, negative);
        DoubleVector hi = hiN.blend(x.sub(kw.mul(LN2_HI)), wide);
        DoubleVector lo = loN.blend(kw.mul(LN2_LO), wide);
        DoubleVector rr = hi.sub(lo);
        DoubleVector c = hi.sub(rr).sub(lo).blend(0.0, reduced.not());
        DoubleVector r = rr.blend(x, reduced.not());
        DoubleVector hfx = r.mul(0.5);
        DoubleVector hxs = r.mul(hfx);
        DoubleVector r1 = hxs.mul(hxs.mul(hxs.mul(hxs.mul(hxs.mul(Q5).add(Q4)).add(Q3)).add(Q2)).add(Q1)).add(1.0);
        DoubleVector t = DoubleVector.broadcast(DS, 3.0).sub(r1.mul(hfx));
        DoubleVector e = hxs.mul(r1.sub(t).div(DoubleVector.broadcast(DS, 6.0).sub(r.mul(t))));
        DoubleVector k0 = r.sub(r.mul(e).sub(hxs));
        DoubleVector e2 = r.mul(e.sub(c)).sub(c).sub(hxs);
        DoubleVector kMinus1 = r.sub(e2).mul(0.5).sub(0.5);
        DoubleVector kPlus1 = e2.sub(r.add(0.5)).mul(-2.0)
                .blend(r.sub(e2).mul(2.0).add(1.0), r.compare(VectorOperators.GE, -0.25));
        LongVector kl = toLong(k);
        DoubleVector outer = scale(DoubleVector.broadcast(DS, 1.0).sub(e2.sub(r)), kl).sub(1.0);
        // 2 <= k < 20: (1 - 2^-k) - (e - r), scaled; 20 <= k <= 56: (r - (e + 2^-k)) + 1, scaled
        DoubleVector twoMinusK = scale(DoubleVector.broadcast(DS, 1.0), kl.neg());
        DoubleVector small = scale(DoubleVector.broadcast(DS, 1.0).sub(twoMinusK).sub(e2.sub(r)), kl);
        DoubleVector large = scale(r.sub(e2.add(twoMinusK)).add(1.0), kl);
        DoubleVector result = outer
                .blend(small, k.compare(VectorOperators.GE, 2.0).and(k.compare(VectorOperators.LT, 20.0)))
                .blend(large, k.compare(VectorOperators.GE, 20.0).and(k.compare(VectorOperators.LE, 56.0)))
                .blend(kPlus1, k.compare(VectorOperators.EQ, 1.0))
                .blend(kMinus1, k.compare(VectorOperators.EQ, -1.0));
        return result.blend(k0, reduced.not());
    }
}
