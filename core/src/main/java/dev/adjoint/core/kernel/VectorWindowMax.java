package dev.adjoint.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link WindowMax} on the Vector API, one vector of channels at a time; loaded reflectively by {@link Kernels}. */
final class VectorWindowMax implements WindowMax {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final FloatVector F_IOTA = FloatVector.fromArray(FS, iotaF(FS.length()), 0);
    private static final DoubleVector D_IOTA = DoubleVector.fromArray(DS, iotaD(DS.length()), 0);

    @Override
    public void challenge(float[] x, int xo, float[] best, float[] arg, int cell, int c) {
        int ch = 0;
        for (int end = FS.loopBound(c); ch < end; ch += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + ch);
            FloatVector b = FloatVector.fromArray(FS, best, ch);
            VectorMask<Float> take = v.compare(VectorOperators.GT, b)
                    .or(v.test(VectorOperators.IS_NAN).andNot(b.test(VectorOperators.IS_NAN)));
            b.blend(v, take).intoArray(best, ch);
            FloatVector.fromArray(FS, arg, ch).blend(F_IOTA.add((float) (cell + ch)), take).intoArray(arg, ch);
        }
        WindowMax.scalar(x, xo, best, arg, cell, ch, c);
    }

    @Override
    public void challenge(double[] x, int xo, double[] best, double[] arg, int cell, int c) {
        int ch = 0;
        for (int end = DS.loopBound(c); ch < end; ch += DS.length()) {
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + ch);
            DoubleVector b = DoubleVector.fromArray(DS, best, ch);
            VectorMask<Double> take = v.compare(VectorOperators.GT, b)
                    .or(v.test(VectorOperators.IS_NAN).andNot(b.test(VectorOperators.IS_NAN)));
            b.blend(v, take).intoArray(best, ch);
            DoubleVector.fromArray(DS, arg, ch).blend(D_IOTA.add(cell + ch), take).intoArray(arg, ch);
        }
        WindowMax.scalar(x, xo, best, arg, cell, ch, c);
    }

    private static float[] iotaF(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static double[] iotaD(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
