package dev.adjoint.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ArrayOps} on the JDK Vector API: full vectors over the bulk of a range, the scalar loop of
 * {@link ScalarArrayOps} over the tail. Only exactly rounded lane operations are used, so results are
 * bit-identical to the scalar loops. The JIT does not auto-vectorize loops whose arrays are read from
 * different offsets; explicit vectors do not care.
 */
final class VectorArrayOps implements ArrayOps {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final ScalarArrayOps TAIL = new ScalarArrayOps();

    private static FloatVector apply(int op, FloatVector a, FloatVector b) {
        switch (op) {
            case ADD: return a.add(b);
            case SUB: return a.sub(b);
            case MUL: return a.mul(b);
            case DIV: return a.div(b);
            case MAX: return a.max(b);
            case MIN: return a.min(b);
            case GT: return FloatVector.zero(FS).blend(1f, a.compare(VectorOperators.GT, b));
            default: throw new IllegalArgumentException("binary: unknown op code " + op);
        }
    }

    private static DoubleVector apply(int op, DoubleVector a, DoubleVector b) {
        switch (op) {
            case ADD: return a.add(b);
            case SUB: return a.sub(b);
            case MUL: return a.mul(b);
            case DIV: return a.div(b);
            case MAX: return a.max(b);
            case MIN: return a.min(b);
            case GT: return DoubleVector.zero(DS).blend(1.0, a.compare(VectorOperators.GT, b));
            default: throw new IllegalArgumentException("binary: unknown op code " + op);
        }
    }

    @Override
    public void binary(int op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int len) {
        int bound = FS.loopBound(len);
        int i = 0;
        switch (op) {
            case ADD:
                for (; i < bound; i += FS.length()) {
                    FloatVector.fromArray(FS, a, ao + i).add(FloatVector.fromArray(FS, b, bo + i)).intoArray(y, yo + i);
                }
                break;
            case MUL:
                for (; i < bound; i += FS.length()) {
                    FloatVector.fromArray(FS, a, ao + i).mul(FloatVector.fromArray(FS, b, bo + i)).intoArray(y, yo + i);
                }
                break;
            default:
                for (; i < bound; i += FS.length()) {
                    apply(op, FloatVector.fromArray(FS, a, ao + i), FloatVector.fromArray(FS, b, bo + i))
                            .intoArray(y, yo + i);
                }
        }
        TAIL.binary(op, a, ao + i, b, bo + i, y, yo + i, len - i);
    }

    @Override
    public void binary(int op, double[] a, int ao, double[] b, int bo, double[] y, int yo, int len) {
        int bound = DS.loopBound(len);
        int i = 0;
        switch (op) {
            case ADD:
                for (; i < bound; i += DS.length()) {
                    DoubleVector.fromArray(DS, a, ao + i).add(DoubleVector.fromArray(DS, b, bo + i))
                            .intoArray(y, yo + i);
                }
                break;
            case MUL:
                for (; i < bound; i += DS.length()) {
                    DoubleVector.fromArray(DS, a, ao + i).mul(DoubleVector.fromArray(DS, b, bo + i))
                            .intoArray(y, yo + i);
                }
                break;
            default:
                for (; i < bound; i += DS.length()) {
                    apply(op, DoubleVector.fromArray(DS, a, ao + i), DoubleVector.fromArray(DS, b, bo + i))
                            .intoArray(y, yo + i);
                }
        }
        TAIL.binary(op, a, ao + i, b, bo + i, y, yo + i, len - i);
    }

    @Override
    public void binaryScalar(int op, float[] a, int ao, float s, float[] y, int yo, int len) {
        int bound = FS.loopBound(len);
        int i = 0;
        FloatVector sv = FloatVector.broadcast(FS, s);
        for (; i < bound; i += FS.length()) {
            apply(op, FloatVector.fromArray(FS, a, ao + i), sv).intoArray(y, yo + i);
        }
        TAIL.binaryScalar(op, a, ao + i, s, y, yo + i, len - i);
    }

    @Override
    public void binaryScalar(int op, double[] a, int ao, double s, double[] y, int yo, int len) {
        int bound = DS.loopBound(len);
        int i = 0;
        DoubleVector sv = DoubleVector.broadcast(DS, s);
        for (; i < bound; i += DS.length()) {
            apply(op, DoubleVector.fromArray(DS, a, ao + i), sv).intoArray(y, yo + i);
        }
        TAIL.binaryScalar(op, a, ao + i, s, y, yo + i, len - i);
    }

    @Override
    public void scalarBinary(int op, float s, float[] b, int bo, float[] y, int yo, int len) {
        int bound = FS.loopBound(len);
        int i = 0;
        FloatVector sv = FloatVector.broadcast(FS, s);
        for (; i < bound; i += FS.length()) {
            apply(op, sv, FloatVector.fromArray(FS, b, bo + i)).intoArray(y, yo + i);
        }
        TAIL.scalarBinary(op, s, b, bo + i, y, yo + i, len - i);
    }

    @Override
    public void scalarBinary(int op, double s, double[] b, int bo, double[] y, int yo, int len) {
        int bound = DS.loopBound(len);
        int i = 0;
        DoubleVector sv = DoubleVector.broadcast(DS, s);
        for (; i < bound; i += DS.length()) {
            apply(op, sv, DoubleVector.fromArray(DS, b, bo + i)).intoArray(y, yo + i);
        }
        TAIL.scalarBinary(op, s, b, bo + i, y, yo + i, len - i);
    }

    @Override
    public void unary(int op, float[] x, int xo, float[] y, int yo, int len) {
        int bound = FS.loopBound(len);
        int i = 0;
        FloatVector zero = FloatVector.zero(FS);
        for (; i < bound; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i);
            FloatVector r;
            switch (op) {
                case NEG: r = v.neg(); break;
                // max(x, 0) would turn NaN into 0 on some paths; blend keeps NaN: x > 0 ? x : (x == x ? 0 : x)
                case RELU: r = v.blend(zero, v.compare(VectorOperators.LE, zero)); break;
                case SQRT: r = v.sqrt(); break;
                case ABS: r = v.abs(); break;
                default: throw new IllegalArgumentException("unary: unknown op code " + op);
            }
            r.intoArray(y, yo + i);
        }
        TAIL.unary(op, x, xo + i, y, yo + i, len - i);
    }

    @Override
    public void unary(int op, double[] x, int xo, double[] y, int yo, int len) {
        int bound = DS.loopBound(len);
        int i = 0;
        DoubleVector zero = DoubleVector.zero(DS);
        for (; i < bound; i += DS.length()) {
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
            DoubleVector r;
            switch (op) {
                case NEG: r = v.neg(); break;
                case RELU: r = v.blend(zero, v.compare(VectorOperators.LE, zero)); break;
                case SQRT: r = v.sqrt(); break;
                case ABS: r = v.abs(); break;
                default: throw new IllegalArgumentException("unary: unknown op code " + op);
            }
            r.intoArray(y, yo + i);
        }
        TAIL.unary(op, x, xo + i, y, yo + i, len - i);
    }

    @Override
    public double sum(float[] x, int xo, int len) {
        return TAIL.sum(x, xo, len);
    }

    @Override
    public double sum(double[] x, int xo, int len) {
        return TAIL.sum(x, xo, len);
    }
}
