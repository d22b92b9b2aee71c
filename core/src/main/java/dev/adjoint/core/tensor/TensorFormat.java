package dev.adjoint.core.tensor;

/**
 * The printed form of a tensor: {@code f64[2, 3] [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}, {@code i64[2] [3, 7]},
 * {@code bool[2] [true, false]}. Along each axis at most six entries are shown, the first three and last three
 * with {@code ...} between; when even that would show more than 1,000 numbers (many short axes), only the
 * element count is printed: {@code f32[2, 2, ..., 2] <1048576 elements>}.
 */
final class TensorFormat {

    private static final int PRINT_LIMIT = 6;
    private static final int PRINT_TOTAL = 1000;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        Shape shape = t.shape();
        StringBuilder sb = new StringBuilder(t.dtype().shortName()).append(shape).append(' ');
        int rank = shape.rank();
        if (rank == 0) {
            return sb.append(element(t, 0)).toString();
        }
        long shown = 1;
        for (int a = 0; a < rank && shown <= PRINT_TOTAL; a++) {
            shown *= Math.min(shape.dim(a), PRINT_LIMIT);
        }
        if (shown > PRINT_TOTAL) {
            return sb.append('<').append(t.size()).append(" elements>").toString();
        }
        int[] dims = shape.dims();
        int[] strides = shape.strides();
        int[] index = new int[rank];
        int axis = 0;
        sb.append('[');
        while (axis >= 0) {
            if (index[axis] == dims[axis]) {
                sb.append(']');
                axis--;
                if (axis >= 0) {
                    advance(sb, index, axis, dims[axis]);
                }
            } else if (axis == rank - 1) {
                int offset = 0;
                for (int a = 0; a < rank; a++) {
                    offset += index[a] * strides[a];
                }
                sb.append(element(t, offset));
                advance(sb, index, axis, dims[axis]);
            } else {
                axis++;
                index[axis] = 0;
                sb.append('[');
            }
        }
        return sb.toString();
    }

    /** Moves to the next shown entry of {@code axis}, writing the separator and any {@code ...} before it. */
    private static void advance(StringBuilder sb, int[] index, int axis, int n) {
        index[axis]++;
        if (index[axis] < n) {
            sb.append(", ");
            if (n > PRINT_LIMIT && index[axis] == PRINT_LIMIT / 2) {
                sb.append("..., ");
                index[axis] = n - PRINT_LIMIT / 2;
            }
        }
    }

    private static String element(Tensor t, int i) {
        return switch (t.dtype()) {
            case FLOAT64 -> Double.toString(t.flat(i));
            case FLOAT32 -> Float.toString((float) t.flat(i));
            case INT64, INT32 -> Long.toString(t.flatLong(i));
            case BOOL -> Boolean.toString(t.flatLong(i) == 1);
        };
    }
}
