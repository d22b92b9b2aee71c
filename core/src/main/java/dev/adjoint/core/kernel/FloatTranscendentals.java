package dev.adjoint.core.kernel;

/**
 * The float32 logistic sigmoid and hyperbolic tangent, computed in float: the scalar reference that
 * {@link VectorFloatTranscendentals} reproduces bit for bit. Every step is an IEEE float operation rounded to
 * nearest (add, subtract, multiply, divide, {@link Math#fma(float, float, float)}, comparisons, integer
 * arithmetic on the bits), so the results are the same on every CPU.
 *
 * <p><b>exp.</b> For {@code v <= 0}, {@code e^v = 2^k (1 + s)}: {@code k = round(v / ln 2)} (one
 * {@code fma} against {@code 1.5 * 2^23}, whose bits then hold {@code k}), {@code r = v - k ln 2} with
 * {@code ln 2 = LN2_HI + LN2_LO} ({@code v - k LN2_HI} is exact; the rounding error of subtracting
 * {@code k LN2_LO} is kept as {@code dr}), {@code |r| <= ln(2)/2}, and
 *
 * <pre>
 * s = expm1(r) = r + r^2 Q(r) + dr,   Q(r) ~ (e^r - 1 - r) / r^2   (degree 5, |r^2 (Q - q)| &lt; 2^-29.7)
 * </pre>
 *
 * carried as an unevaluated sum {@code eh + el} of {@code 1 + s} (Fast2Sum), about 2^-29 relative. {@code 2^k} is
 * applied as {@code 2^(k >> 1) 2^(k - (k >> 1))}, two normal powers of two, so that results down to the
 * subnormals are rounded once.
 *
 * <p><b>sigmoid.</b> With {@code e = e^-|x|} ({@code |x|} clamped to 110, where the result is 0 or 1):
 * {@code 1 / (1 + e)} for {@code x >= 0}, {@code e / (1 + e)} for {@code x < 0} (neither overflows).
 * <b>tanh.</b> {@code x + x^3 P(x^2)} for {@code |x| < 0.5625} (degree 4, relative error below 2^-28.6, no
 * cancellation), else {@code sign(x) (1 - e) / (1 + e)} with {@code e = e^-2|x|} ({@code |x|} clamped to 10,
 * where tanh rounds to 1). The quotients {@code (nh + nl) / (dh + dl)} of the two-float numerators and
 * denominators are corrected by one step: {@code i = 1 / dh}, {@code q = nh i},
 * {@code q + (nh - q dh + nl - q dl) i}, the remainder by {@code fma}.
 *
 * <p><b>Error.</b> Measured over every float of magnitude below 128 against StrictMath's float64 values: at
 * most 0.765 ulp for the sigmoid (in its subnormal results) and 0.748 ulp for tanh, so never more than one
 * float from the correctly rounded value; beyond 128 the clamps give exactly 0, 1 and ±1.
 * {@code FloatTranscendentalsTest} checks a dense sample. NaN returns the argument, {@code ±inf} give the
 * limits, {@code sigmoid(±0) = 0.5} and {@code tanh(±0) = ±0}.
 */
final class FloatTranscendentals {

    /** {@code 1.5 * 2^23}: adding it rounds a float of magnitude below 2^22 to an integer held in the bits. */
    static final float ROUND = 0x1.8p23f;
    static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    static final float INV_LN2 = 0x1.715476p0f;
    /** {@code ln 2} rounded to float; {@code v - k LN2_HI} is exact for the k of a reduction. */
    static final float LN2_HI = 0x1.62e43p-1f;
    static final float LN2_LO = -0x1.05c61p-29f;

    /** Q(r), low to high degree. */
    static final float Q0 = 0.5f;
    static final float Q1 = 0x1.555556p-3f;
    static final float Q2 = 0x1.55548p-5f;
    static final float Q3 = 0x1.11107cp-7f;
    static final float Q4 = 0x1.6d96b8p-10f;
    static final float Q5 = 0x1.a1b83cp-13f;

    /** P(z), z = x^2, low to high degree. */
    static final float P0 = -0x1.555548p-2f;
    static final float P1 = 0x1.110c72p-3f;
    static final float P2 = -0x1.b90946p-5f;
    static final float P3 = 0x1.582faep-6f;
    static final float P4 = -0x1.95001p-8f;

    /** Below it tanh is the odd polynomial. */
    static final float TANH_SMALL = 0.5625f;
    /** |x| clamped to this: tanh rounds to ±1 from about 9.01 on. */
    static final float TANH_CLAMP = 10f;
    /** |x| clamped to this: the sigmoid rounds to 0 below about -103.98, to 1 above about 17.3. */
    static final float SIGMOID_CLAMP = 110f;

    private FloatTranscendentals() {
    }

    /** The logistic sigmoid of a float, as in the class comment. */
    static float sigmoid(float x) {
        float a = Math.abs(x);
        a = a > SIGMOID_CLAMP ? SIGMOID_CLAMP : a;
        float v = -a;
        float t = Math.fma(v, INV_LN2, ROUND);
        float eh = onePlusExpm1(v, t);
        float el = onePlusExpm1Error(v, t, eh);
        float e = scaled(eh, t);
        float dh = 1f + e;
        float dl = ((1f - dh) + e) + scaled(el, t);
        float y = x >= 0 ? divide(1f, 0f, dh, dl) : scaled(divide(eh, el, dh, dl), t);
        return x != x ? x : y;
    }

    /** The hyperbolic tangent of a float, as in the class comment. */
    static float tanh(float x) {
        float a = Math.abs(x);
        float y;
        if (a < TANH_SMALL) {
            float z = x * x;
            y = Math.fma(x * z, Math.fma(Math.fma(Math.fma(Math.fma(P4, z, P3), z, P2), z, P1), z, P0), x);
        } else {
            a = a > TANH_CLAMP ? TANH_CLAMP : a;
            float v = -2f * a;
            float t = Math.fma(v, INV_LN2, ROUND);
            float e = scaled(onePlusExpm1(v, t), t);
            float f = scaled(onePlusExpm1Error(v, t, onePlusExpm1(v, t)), t);
            float nh = 1f - e;
            float nl = ((1f - nh) - e) - f;
            float dh = 1f + e;
            float dl = ((1f - dh) + e) + f;
            float w = divide(nh, nl, dh, dl);
            y = x < 0 ? -w : w;
        }
        return x != x || x == 0 ? x : y; // NaN, and -0 (the polynomial gives +0)
    }

    /** {@code r = v - k ln 2}, rounded, for {@code t = fma(v, INV_LN2, ROUND)}. */
    static float reduced(float v, float t) {
        float k = t - ROUND;
        return Math.fma(-k, LN2_LO, Math.fma(-k, LN2_HI, v));
    }

    /** {@code r^2 Q(r) + dr}, with dr the rounding error of {@link #reduced}: {@code expm1(r) - r}. */
    static float expm1Tail(float v, float t, float r) {
        float k = t - ROUND;
        float rh = Math.fma(-k, LN2_HI, v);
        float dr = Math.fma(-k, LN2_LO, rh - r);
        float q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Q5, r, Q4), r, Q3), r, Q2), r, Q1), r, Q0);
        return Math.fma(r * r, q, dr);
    }

    /** {@code eh}, the float nearest {@code 1 + expm1(r)}: {@code e^v = 2^k (eh + el)}. */
    static float onePlusExpm1(float v, float t) {
        float r = reduced(v, t);
        return 1f + (r + expm1Tail(v, t, r));
    }

    /** {@code el = 1 + expm1(r) - eh}, by Fast2Sum twice. */
    static float onePlusExpm1Error(float v, float t, float eh) {
        float r = reduced(v, t);
        float tail = expm1Tail(v, t, r);
        float s = r + tail;
        return ((1f - eh) + s) + ((r - s) + tail);
    }

    /**
     * {@code u 2^k} as {@code (u 2^(k >> 1)) 2^(k - (k >> 1))}, k from the bits of t: two normal powers of two
     * (for k &gt;= -252), the second product the only rounding (into the subnormals).
     */
    static float scaled(float u, float t) {
        int k = Float.floatToRawIntBits(t) - ROUND_BITS;
        int half = k >> 1;
        return u * Float.intBitsToFloat((half + 127) << 23) * Float.intBitsToFloat((k - half + 127) << 23);
    }

    /**
     * {@code (nh + nl) / (dh + dl)} with one correction step: {@code q = nh (1 / dh)}, the remainder
     * {@code nh - q dh + nl - q dl} (by fma), {@code q + remainder (1 / dh)} rounded once.
     */
    static float divide(float nh, float nl, float dh, float dl) {
        float inverse = 1f / dh;
        float q = nh * inverse;
        float remainder = Math.fma(-q, dl, Math.fma(-q, dh, nh) + nl);
        return Math.fma(remainder, inverse, q);
    }
}
