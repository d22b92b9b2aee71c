package dev.adjoint.core.kernel;

/**
 * Row-major index arithmetic shared by the kernels: for every element of an iteration shape, the offset of
 * the matching element of another array given that array's strides (a stride of 0 repeats along an axis,
 * which is how broadcasting and reduction are read).
 */
public final class Strides {

    private Strides() {
    }

    /** Row-major strides of {@code dims}. */
    public static int[] rowMajor(int[] dims) {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= dims[i];
        }
        return strides;
    }

    /**
     * For each flat row-major position {@code i} in {@code dims}, the offset {@code sum_a index_a(i) *
     * strides[a]}. Computed with an odometer, no division per element.
     */
    public static int[] offsets(int[] dims, int[] strides) {
        int size = 1;
        for (int d : dims) {
            size *= d;
        }
        int[] out = new int[size];
        if (size == 0) {
            return out;
        }
        int rank = dims.length;
        int[] counter = new int[rank];
        int offset = 0;
        for (int i = 0; i < size; i++) {
            out[i] = offset;
            for (int a = rank - 1; a >= 0; a--) {
                counter[a]++;
                offset += strides[a];
                if (counter[a] < dims[a]) {
                    break;
                }
                offset -= strides[a] * dims[a];
                counter[a] = 0;
            }
        }
        return out;
    }
}
