package dev.adjoint.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ArrayOps} on the JDK Vector API: full vectors over the bulk of a range, the scalar loop of
 * {@link ScalarArrayOps} over the tail. Only exactly rounded lane operations are used, so results are
 * bit-identical to the scalar loops. Float32 products by a scalar, quotients and square roots go through
 * {@link SubnormalSafeFloats}, which keeps vectors touching subnormal numbers off the CPU's slow path. The JIT
 * does not auto-vectorize loops whose arrays are read from different offsets; explicit vectors do not care.
 */
final class VectorArrayOps implements ArrayOps {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final ScalarArrayOps TAIL = new ScalarArrayOps();

    /** {@code y[yo + i] = x[xo + i] op z[zo + i]} for {@code 0 <= i < bound}, one operator per implementation. */
    @FunctionalInterface
    private interface FloatLoop {
        void run(float[] x, int xo, float[] z, int zo, float[] y, int yo, int bound);
    }

    /** {@code y[yo + i] = x[xo + i] op s}. */
    @FunctionalInterface
    private interface FloatScalarLoop {
        void run(float[] x, int xo, float s, float[] y, int yo, int bound);
    }

    /** {@code y[yo + i] = s op x[xo + i]}. */
    @FunctionalInterface
    private interface ScalarFloatLoop {
        void run(float s, float[] x, int xo, float[] y, int yo, int bound);
    }

    /** {@code y[yo + i] = f(x[xo + i])}. */
    @FunctionalInterface
    private interface FloatUnaryLoop {
        void run(float[] x, int xo, float[] y, int yo, int bound);
    }

    /** The float64 loops, as above. */
    @FunctionalInterface
    private interface DoubleLoop {
        void run(double[] x, int xo, double[] z, int zo, double[] y, int yo, int bound);
    }

    @FunctionalInterface
    private interface DoubleScalarLoop {
        void run(double[] x, int xo, double s, double[] y, int yo, int bound);
    }

    @FunctionalInterface
    private interface ScalarDoubleLoop {
        void run(double s, double[] x, int xo, double[] y, int yo, int bound);
    }

    @FunctionalInterface
    private interface DoubleUnaryLoop {
        void run(double[] x, int xo, double[] y, int yo, int bound);
    }

    /*
     * One loop per operator and operand kind, indexed by op code (binary: ADD, SUB, MUL, DIV, MAX, MIN, GT;
     * unary: NEG, RELU, SQRT, ABS). Each lambda is its own method, compiled on its own, in which the operator
     * is a constant: that is what lets the JIT turn a.add(b) into one vector instruction, whichever caller it
     * was compiled for (a loop taking the operator as a value is intrinsified only when inlined into a caller
     * with a constant op code). The call through a table is megamorphic, so a range shorter than one vector
     * skips it and goes straight to the scalar tail: graphs of scalars pay nothing for the vector loops.
     */

    private static FloatVector f(float[] x, int at) {
        return FloatVector.fromArray(FS, x, at);
    }

    private static DoubleVector d(double[] x, int at) {
        return DoubleVector.fromArray(DS, x, at);
    }

    private static final FloatLoop[] FLOAT = {
            /* ADD */ (x, xo, z, zo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    FloatVector b = f(z, zo + i);
                    a.add(b).intoArray(y, yo + i);
                }
            },
            /* SUB */ (x, xo, z, zo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    FloatVector b = f(z, zo + i);
                    a.sub(b).intoArray(y, yo + i);
                }
            },
            /* MUL */ (x, xo, z, zo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    FloatVector b = f(z, zo + i);
                    a.mul(b).intoArray(y, yo + i);
                }
            },
            /* DIV */ (x, xo, z, zo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    FloatVector b = f(z, zo + i);
                    if (SubnormalSafeFloats.quotientMayBeSubnormal(a, b)) {
                        TAIL.binary(DIV, x, xo + i, z, zo + i, y, yo + i, FS.length());
                    } else {
                        a.div(b).intoArray(y, yo + i);
                    }
                }
            },
            /* MAX */ (x, xo, z, zo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    FloatVector b = f(z, zo + i);
                    a.max(b).intoArray(y, yo + i);
                }
            },
            /* MIN */ (x, xo, z, zo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    FloatVector b = f(z, zo + i);
                    a.min(b).intoArray(y, yo + i);
                }
            },
            /* GT */ (x, xo, z, zo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    FloatVector b = f(z, zo + i);
                    FloatVector.zero(FS).blend(1f, a.compare(VectorOperators.GT, b)).intoArray(y, yo + i);
                }
            }
    };

    private static final FloatScalarLoop[] FLOAT_SCALAR = {
            /* ADD */ (x, xo, s, y, yo, bound) -> {
                FloatVector b = FloatVector.broadcast(FS, s);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    a.add(b).intoArray(y, yo + i);
                }
            },
            /* SUB */ (x, xo, s, y, yo, bound) -> {
                FloatVector b = FloatVector.broadcast(FS, s);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    a.sub(b).intoArray(y, yo + i);
                }
            },
            /* MUL */ (x, xo, s, y, yo, bound) -> {
                FloatVector b = FloatVector.broadcast(FS, s);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    if (SubnormalSafeFloats.productMayBeSubnormal(a, b)) {
                        TAIL.binaryScalar(MUL, x, xo + i, s, y, yo + i, FS.length());
                    } else {
                        a.mul(b).intoArray(y, yo + i);
                    }
                }
            },
            /* DIV */ (x, xo, s, y, yo, bound) -> {
                FloatVector b = FloatVector.broadcast(FS, s);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    if (SubnormalSafeFloats.quotientMayBeSubnormal(a, b)) {
                        TAIL.binaryScalar(DIV, x, xo + i, s, y, yo + i, FS.length());
                    } else {
                        a.div(b).intoArray(y, yo + i);
                    }
                }
            },
            /* MAX */ (x, xo, s, y, yo, bound) -> {
                FloatVector b = FloatVector.broadcast(FS, s);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    a.max(b).intoArray(y, yo + i);
                }
            },
            /* MIN */ (x, xo, s, y, yo, bound) -> {
                FloatVector b = FloatVector.broadcast(FS, s);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    a.min(b).intoArray(y, yo + i);
                }
            },
            /* GT */ (x, xo, s, y, yo, bound) -> {
                FloatVector b = FloatVector.broadcast(FS, s);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    FloatVector.zero(FS).blend(1f, a.compare(VectorOperators.GT, b)).intoArray(y, yo + i);
                }
            }
    };

    private static final ScalarFloatLoop[] FLOAT_OF_SCALAR = {
            /* ADD */ (s, x, xo, y, yo, bound) -> {
                FloatVector a = FloatVector.broadcast(FS, s);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector b = f(x, xo + i);
                    a.add(b).intoArray(y, yo + i);
                }
            },
            /* SUB */ (s, x, xo, y, yo, bound) -> {
                FloatVector a = FloatVector.broadcast(FS, s);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector b = f(x, xo + i);
                    a.sub(b).intoArray(y, yo + i);
                }
            },
            /* MUL */ (s, x, xo, y, yo, bound) -> {
                FloatVector a = FloatVector.broadcast(FS, s);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector b = f(x, xo + i);
                    if (SubnormalSafeFloats.productMayBeSubnormal(a, b)) {
                        TAIL.scalarBinary(MUL, s, x, xo + i, y, yo + i, FS.length());
                    } else {
                        a.mul(b).intoArray(y, yo + i);
                    }
                }
            },
            /* DIV */ (s, x, xo, y, yo, bound) -> {
                FloatVector a = FloatVector.broadcast(FS, s);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector b = f(x, xo + i);
                    if (SubnormalSafeFloats.quotientMayBeSubnormal(a, b)) {
                        TAIL.scalarBinary(DIV, s, x, xo + i, y, yo + i, FS.length());
                    } else {
                        a.div(b).intoArray(y, yo + i);
                    }
                }
            },
            /* MAX */ (s, x, xo, y, yo, bound) -> {
                FloatVector a = FloatVector.broadcast(FS, s);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector b = f(x, xo + i);
                    a.max(b).intoArray(y, yo + i);
                }
            },
            /* MIN */ (s, x, xo, y, yo, bound) -> {
                FloatVector a = FloatVector.broadcast(FS, s);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector b = f(x, xo + i);
                    a.min(b).intoArray(y, yo + i);
                }
            },
            /* GT */ (s, x, xo, y, yo, bound) -> {
                FloatVector a = FloatVector.broadcast(FS, s);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector b = f(x, xo + i);
                    FloatVector.zero(FS).blend(1f, a.compare(VectorOperators.GT, b)).intoArray(y, yo + i);
                }
            }
    };

    private static final FloatUnaryLoop[] FLOAT_UNARY = {
            /* NEG */ (x, xo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    a.neg().intoArray(y, yo + i);
                }
            },
            // max(x, 0) would turn NaN into 0 on some paths; blend keeps NaN and -0.0 (PyTorch's relu(-0.0)):
            // x < 0 ? 0 : x
            /* RELU */ (x, xo, y, yo, bound) -> {
                FloatVector zero = FloatVector.zero(FS);
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    a.blend(zero, a.compare(VectorOperators.LT, zero)).intoArray(y, yo + i);
                }
            },
            /* SQRT */ (x, xo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    if (SubnormalSafeFloats.rootMayBeSubnormal(a)) {
                        TAIL.unary(SQRT, x, xo + i, y, yo + i, FS.length());
                    } else {
                        a.sqrt().intoArray(y, yo + i);
                    }
                }
            },
            /* ABS */ (x, xo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += FS.length()) {
                    FloatVector a = f(x, xo + i);
                    a.abs().intoArray(y, yo + i);
                }
            }
    };

    private static final DoubleLoop[] DOUBLE = {
            /* ADD */ (x, xo, z, zo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    DoubleVector b = d(z, zo + i);
                    a.add(b).intoArray(y, yo + i);
                }
            },
            /* SUB */ (x, xo, z, zo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    DoubleVector b = d(z, zo + i);
                    a.sub(b).intoArray(y, yo + i);
                }
            },
            /* MUL */ (x, xo, z, zo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    DoubleVector b = d(z, zo + i);
                    a.mul(b).intoArray(y, yo + i);
                }
            },
            /* DIV */ (x, xo, z, zo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    DoubleVector b = d(z, zo + i);
                    a.div(b).intoArray(y, yo + i);
                }
            },
            /* MAX */ (x, xo, z, zo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    DoubleVector b = d(z, zo + i);
                    a.max(b).intoArray(y, yo + i);
                }
            },
            /* MIN */ (x, xo, z, zo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    DoubleVector b = d(z, zo + i);
                    a.min(b).intoArray(y, yo + i);
                }
            },
            /* GT */ (x, xo, z, zo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    DoubleVector b = d(z, zo + i);
                    DoubleVector.zero(DS).blend(1.0, a.compare(VectorOperators.GT, b)).intoArray(y, yo + i);
                }
            }
    };

    private static final DoubleScalarLoop[] DOUBLE_SCALAR = {
            /* ADD */ (x, xo, s, y, yo, bound) -> {
                DoubleVector b = DoubleVector.broadcast(DS, s);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    a.add(b).intoArray(y, yo + i);
                }
            },
            /* SUB */ (x, xo, s, y, yo, bound) -> {
                DoubleVector b = DoubleVector.broadcast(DS, s);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    a.sub(b).intoArray(y, yo + i);
                }
            },
            /* MUL */ (x, xo, s, y, yo, bound) -> {
                DoubleVector b = DoubleVector.broadcast(DS, s);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    a.mul(b).intoArray(y, yo + i);
                }
            },
            /* DIV */ (x, xo, s, y, yo, bound) -> {
                DoubleVector b = DoubleVector.broadcast(DS, s);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    a.div(b).intoArray(y, yo + i);
                }
            },
            /* MAX */ (x, xo, s, y, yo, bound) -> {
                DoubleVector b = DoubleVector.broadcast(DS, s);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    a.max(b).intoArray(y, yo + i);
                }
            },
            /* MIN */ (x, xo, s, y, yo, bound) -> {
                DoubleVector b = DoubleVector.broadcast(DS, s);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    a.min(b).intoArray(y, yo + i);
                }
            },
            /* GT */ (x, xo, s, y, yo, bound) -> {
                DoubleVector b = DoubleVector.broadcast(DS, s);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    DoubleVector.zero(DS).blend(1.0, a.compare(VectorOperators.GT, b)).intoArray(y, yo + i);
                }
            }
    };

    private static final ScalarDoubleLoop[] DOUBLE_OF_SCALAR = {
            /* ADD */ (s, x, xo, y, yo, bound) -> {
                DoubleVector a = DoubleVector.broadcast(DS, s);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector b = d(x, xo + i);
                    a.add(b).intoArray(y, yo + i);
                }
            },
            /* SUB */ (s, x, xo, y, yo, bound) -> {
                DoubleVector a = DoubleVector.broadcast(DS, s);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector b = d(x, xo + i);
                    a.sub(b).intoArray(y, yo + i);
                }
            },
            /* MUL */ (s, x, xo, y, yo, bound) -> {
                DoubleVector a = DoubleVector.broadcast(DS, s);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector b = d(x, xo + i);
                    a.mul(b).intoArray(y, yo + i);
                }
            },
            /* DIV */ (s, x, xo, y, yo, bound) -> {
                DoubleVector a = DoubleVector.broadcast(DS, s);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector b = d(x, xo + i);
                    a.div(b).intoArray(y, yo + i);
                }
            },
            /* MAX */ (s, x, xo, y, yo, bound) -> {
                DoubleVector a = DoubleVector.broadcast(DS, s);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector b = d(x, xo + i);
                    a.max(b).intoArray(y, yo + i);
                }
            },
            /* MIN */ (s, x, xo, y, yo, bound) -> {
                DoubleVector a = DoubleVector.broadcast(DS, s);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector b = d(x, xo + i);
                    a.min(b).intoArray(y, yo + i);
                }
            },
            /* GT */ (s, x, xo, y, yo, bound) -> {
                DoubleVector a = DoubleVector.broadcast(DS, s);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector b = d(x, xo + i);
                    DoubleVector.zero(DS).blend(1.0, a.compare(VectorOperators.GT, b)).intoArray(y, yo + i);
                }
            }
    };

    private static final DoubleUnaryLoop[] DOUBLE_UNARY = {
            /* NEG */ (x, xo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    a.neg().intoArray(y, yo + i);
                }
            },
            /* RELU */ (x, xo, y, yo, bound) -> {
                DoubleVector zero = DoubleVector.zero(DS);
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    a.blend(zero, a.compare(VectorOperators.LT, zero)).intoArray(y, yo + i);
                }
            },
            /* SQRT */ (x, xo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    a.sqrt().intoArray(y, yo + i);
                }
            },
            /* ABS */ (x, xo, y, yo, bound) -> {
                for (int i = 0; i < bound; i += DS.length()) {
                    DoubleVector a = d(x, xo + i);
                    a.abs().intoArray(y, yo + i);
                }
            }
    };

    private static void check(int op, int count, String kind) {
        if (op < 0 || op >= count) {
            throw new IllegalArgumentException(kind + ": unknown op code " + op);
        }
    }

    @Override
    public void binary(int op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int len) {
        check(op, FLOAT.length, "binary");
        int bound = FS.loopBound(len);
        if (bound > 0) {
            FLOAT[op].run(a, ao, b, bo, y, yo, bound);
        }
        TAIL.binary(op, a, ao + bound, b, bo + bound, y, yo + bound, len - bound);
    }

    @Override
    public void binary(int op, double[] a, int ao, double[] b, int bo, double[] y, int yo, int len) {
        check(op, DOUBLE.length, "binary");
        int bound = DS.loopBound(len);
        if (bound > 0) {
            DOUBLE[op].run(a, ao, b, bo, y, yo, bound);
        }
        TAIL.binary(op, a, ao + bound, b, bo + bound, y, yo + bound, len - bound);
    }

    @Override
    public void binaryScalar(int op, float[] a, int ao, float s, float[] y, int yo, int len) {
        check(op, FLOAT_SCALAR.length, "binary");
        int bound = FS.loopBound(len);
        if (bound > 0) {
            FLOAT_SCALAR[op].run(a, ao, s, y, yo, bound);
        }
        TAIL.binaryScalar(op, a, ao + bound, s, y, yo + bound, len - bound);
    }

    @Override
    public void binaryScalar(int op, double[] a, int ao, double s, double[] y, int yo, int len) {
        check(op, DOUBLE_SCALAR.length, "binary");
        int bound = DS.loopBound(len);
        if (bound > 0) {
            DOUBLE_SCALAR[op].run(a, ao, s, y, yo, bound);
        }
        TAIL.binaryScalar(op, a, ao + bound, s, y, yo + bound, len - bound);
    }

    @Override
    public void scalarBinary(int op, float s, float[] b, int bo, float[] y, int yo, int len) {
        check(op, FLOAT_OF_SCALAR.length, "binary");
        int bound = FS.loopBound(len);
        if (bound > 0) {
            FLOAT_OF_SCALAR[op].run(s, b, bo, y, yo, bound);
        }
        TAIL.scalarBinary(op, s, b, bo + bound, y, yo + bound, len - bound);
    }

    @Override
    public void scalarBinary(int op, double s, double[] b, int bo, double[] y, int yo, int len) {
        check(op, DOUBLE_OF_SCALAR.length, "binary");
        int bound = DS.loopBound(len);
        if (bound > 0) {
            DOUBLE_OF_SCALAR[op].run(s, b, bo, y, yo, bound);
        }
        TAIL.scalarBinary(op, s, b, bo + bound, y, yo + bound, len - bound);
    }

    @Override
    public void unary(int op, float[] x, int xo, float[] y, int yo, int len) {
        check(op, FLOAT_UNARY.length, "unary");
        int bound = FS.loopBound(len);
        if (bound > 0) {
            FLOAT_UNARY[op].run(x, xo, y, yo, bound);
        }
        TAIL.unary(op, x, xo + bound, y, yo + bound, len - bound);
    }

    @Override
    public void unary(int op, double[] x, int xo, double[] y, int yo, int len) {
        check(op, DOUBLE_UNARY.length, "unary");
        int bound = DS.loopBound(len);
        if (bound > 0) {
            DOUBLE_UNARY[op].run(x, xo, y, yo, bound);
        }
        TAIL.unary(op, x, xo + bound, y, yo + bound, len - bound);
    }

    /**
     * Each vector of columns accumulates in a register over the rows, four vectors (then two, then one) at a time:
     * independent chains, one per lane; the columns past the last whole vector, on the tail.
     */
    @Override
    public void addRows(float[] x, int xo, int ld, int rows, float[] y, int yo, int len) {
        int lanes = FS.length();
        int bound = FS.loopBound(len);
        int j = 0;
        for (; j + 4 * lanes <= bound; j += 4 * lanes) {
            FloatVector a0 = FloatVector.fromArray(FS, y, yo + j);
            FloatVector a1 = FloatVector.fromArray(FS, y, yo + j + lanes);
            FloatVector a2 = FloatVector.fromArray(FS, y, yo + j + 2 * lanes);
            FloatVector a3 = FloatVector.fromArray(FS, y, yo + j + 3 * lanes);
            for (int t = 0, at = xo + j; t < rows; t++, at += ld) {
                a0 = a0.add(FloatVector.fromArray(FS, x, at));
                a1 = a1.add(FloatVector.fromArray(FS, x, at + lanes));
                a2 = a2.add(FloatVector.fromArray(FS, x, at + 2 * lanes));
                a3 = a3.add(FloatVector.fromArray(FS, x, at + 3 * lanes));
            }
            a0.intoArray(y, yo + j);
            a1.intoArray(y, yo + j + lanes);
            a2.intoArray(y, yo + j + 2 * lanes);
            a3.intoArray(y, yo + j + 3 * lanes);
        }
        for (; j + 2 * lanes <= bound; j += 2 * lanes) {
            FloatVector a0 = FloatVector.fromArray(FS, y, yo + j);
            FloatVector a1 = FloatVector.fromArray(FS, y, yo + j + lanes);
            for (int t = 0, at = xo + j; t < rows; t++, at += ld) {
                a0 = a0.add(FloatVector.fromArray(FS, x, at));
                a1 = a1.add(FloatVector.fromArray(FS, x, at + lanes));
            }
            a0.intoArray(y, yo + j);
            a1.intoArray(y, yo + j + lanes);
        }
        for (; j < bound; j += lanes) {
            FloatVector acc = FloatVector.fromArray(FS, y, yo + j);
            for (int t = 0, at = xo + j; t < rows; t++, at += ld) {
                acc = acc.add(FloatVector.fromArray(FS, x, at));
            }
            acc.intoArray(y, yo + j);
        }
        if (bound < len) {
            for (int t = 0; t < rows; t++) {
                TAIL.binary(ADD, y, yo + bound, x, xo + t * ld + bound, y, yo + bound, len - bound);
            }
        }
    }

    @Override
    public void addRows(double[] x, int xo, int ld, int rows, double[] y, int yo, int len) {
        // four (then two, then one) vectors of columns at a time: independent chains, one per lane as before
        int lanes = DS.length();
        int bound = DS.loopBound(len);
        int j = 0;
        for (; j + 4 * lanes <= bound; j += 4 * lanes) {
            DoubleVector a0 = DoubleVector.fromArray(DS, y, yo + j);
            DoubleVector a1 = DoubleVector.fromArray(DS, y, yo + j + lanes);
            DoubleVector a2 = DoubleVector.fromArray(DS, y, yo + j + 2 * lanes);
            DoubleVector a3 = DoubleVector.fromArray(DS, y, yo + j + 3 * lanes);
            for (int t = 0, at = xo + j; t < rows; t++, at += ld) {
                a0 = a0.add(DoubleVector.fromArray(DS, x, at));
                a1 = a1.add(DoubleVector.fromArray(DS, x, at + lanes));
                a2 = a2.add(DoubleVector.fromArray(DS, x, at + 2 * lanes));
                a3 = a3.add(DoubleVector.fromArray(DS, x, at + 3 * lanes));
            }
            a0.intoArray(y, yo + j);
            a1.intoArray(y, yo + j + lanes);
            a2.intoArray(y, yo + j + 2 * lanes);
            a3.intoArray(y, yo + j + 3 * lanes);
        }
        for (; j + 2 * lanes <= bound; j += 2 * lanes) {
            DoubleVector a0 = DoubleVector.fromArray(DS, y, yo + j);
            DoubleVector a1 = DoubleVector.fromArray(DS, y, yo + j + lanes);
            for (int t = 0, at = xo + j; t < rows; t++, at += ld) {
                a0 = a0.add(DoubleVector.fromArray(DS, x, at));
                a1 = a1.add(DoubleVector.fromArray(DS, x, at + lanes));
            }
            a0.intoArray(y, yo + j);
            a1.intoArray(y, yo + j + lanes);
        }
        for (; j < bound; j += lanes) {
            DoubleVector acc = DoubleVector.fromArray(DS, y, yo + j);
            for (int t = 0, at = xo + j; t < rows; t++, at += ld) {
                acc = acc.add(DoubleVector.fromArray(DS, x, at));
            }
            acc.intoArray(y, yo + j);
        }
        if (bound < len) {
            for (int t = 0; t < rows; t++) {
                TAIL.binary(ADD, y, yo + bound, x, xo + t * ld + bound, y, yo + bound, len - bound);
            }
        }
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
