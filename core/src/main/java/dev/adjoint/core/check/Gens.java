package dev.adjoint.core.check;

import dev.adjoint.core.graph.Domain;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Generators for property tests: integers, doubles in a {@link Domain}, shapes (with distinct dimension
 * sizes, with size-1 axes, in broadcasting pairs) and tensors (floats from a domain, integers reaching their
 * overflow edges, bools). Each maps choice 0 to its simplest value, so
 * shrinking moves failing cases towards small ranks, small sizes and simple numbers.
 */
public final class Gens {

    private static final long VALUE_RESOLUTION = 1L << 24;

    private Gens() {
    }

    /** A constant. */
    public static <T> Gen<T> constant(T value) {
        return choices -> value;
    }

    /** Integers in {@code [low, high]}, shrinking towards {@code low}. */
    public static Gen<Integer> integers(int low, int high) {
        if (low > high) {
            throw new IllegalArgumentException("integers: needs low <= high, got " + low + " and " + high);
        }
        long count = (long) high - low + 1;
        return choices -> (int) (low + choices.draw(count));
    }

    /** One of the given values, shrinking towards the first. */
    @SafeVarargs
    public static <T> Gen<T> oneOf(T... values) {
        Objects.requireNonNull(values, "oneOf: values is null");
        if (values.length == 0) {
            throw new IllegalArgumentException("oneOf: needs at least one value, got none");
        }
        for (int i = 0; i < values.length; i++) {
            Objects.requireNonNull(values[i], "oneOf: value " + i + " is null");
        }
        List<T> copy = List.of(values);
        return choices -> copy.get(choices.drawInt(copy.size()));
    }

    /**
     * Doubles in the domain: choice 0 gives {@code domain.simplest()}, larger choices move further from it,
     * alternately above and below; values in the exclusion zone are pushed to its edge.
     */
    public static Gen<Double> doubles(Domain domain) {
        Objects.requireNonNull(domain, "doubles: domain is null");
        return choices -> value(domain, choices.draw(VALUE_RESOLUTION));
    }

    private static double value(Domain d, long c) {
        double magnitude = (c >>> 1) / (double) (VALUE_RESOLUTION >>> 1);
        double v = (c & 1) == 0
                ? d.simplest() + magnitude * (d.high() - d.simplest())
                : d.simplest() - magnitude * (d.simplest() - d.low());
        if (Math.abs(v - d.kink()) < d.gap()) {
            double up = d.kink() + d.gap();
            double down = d.kink() - d.gap();
            v = (v >= d.kink() && up <= d.high()) || down < d.low() ? up : down;
        }
        return v;
    }

    /** Shapes of rank in {@code [minRank, maxRank]} with dimensions in {@code [1, maxDim]} (size 1 included). */
    public static Gen<Shape> shapes(int minRank, int maxRank, int maxDim) {
        checkRanks(minRank, maxRank, maxDim, "shapes");
        return choices -> {
            int rank = minRank + choices.drawInt(maxRank - minRank + 1);
            int[] dims = new int[rank];
            for (int a = 0; a < rank; a++) {
                dims[a] = 1 + choices.drawInt(maxDim);
            }
            return Shape.of(dims);
        };
    }

    /**
     * Shapes of rank in {@code [minRank, maxRank]} whose dimensions are pairwise distinct and at least 2, so
     * that a transposed or misplaced axis cannot go unnoticed.
     */
    public static Gen<Shape> distinctShapes(int minRank, int maxRank) {
        checkRanks(minRank, maxRank, 2, "distinctShapes");
        return choices -> {
            int rank = minRank + choices.drawInt(maxRank - minRank + 1);
            List<Integer> sizes = new ArrayList<>();
            for (int s = 2; s < 2 + rank + 3; s++) {
                sizes.add(s);
            }
            int[] dims = new int[rank];
            for (int a = 0; a < rank; a++) {
                dims[a] = sizes.remove(choices.drawInt(sizes.size()));
            }
            return Shape.of(dims);
        };
    }

    /**
     * Pairs of shapes that broadcast against each other: a base shape, and a second one that drops some
     * leading axes (possibly all of them: a scalar operand, as in {@code x + 1}) and sets some axes to 1;
     * either may come first.
     */
    public static Gen<Shape[]> broadcastPairs(int maxRank, int maxDim) {
        return shapes(1, maxRank, maxDim).flatMap(base -> choices -> {
            int drop = choices.drawInt(base.rank() + 1);
            int[] dims = Arrays.copyOfRange(base.dims(), drop, base.rank());
            for (int a = 0; a < dims.length; a++) {
                if (choices.drawInt(3) == 1) {
                    dims[a] = 1;
                }
            }
            Shape other = Shape.of(dims);
            return choices.drawInt(2) == 0 ? new Shape[] {base, other} : new Shape[] {other, base};
        });
    }

    /**
     * Floating-point tensors of the shape with elements from the domain.
     *
     * @throws IllegalArgumentException if {@code dtype} is not FLOAT32 or FLOAT64 (see {@link #integerTensors}
     *     and {@link #booleanTensors})
     */
    public static Gen<Tensor> tensors(Shape shape, Domain domain, DType dtype) {
        Objects.requireNonNull(shape, "tensors: shape is null");
        Objects.requireNonNull(dtype, "tensors: dtype is null");
        requireFloating("tensors", dtype);
        Gen<Double> element = doubles(domain);
        return choices -> {
            double[] data = new double[shape.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = element.next(choices);
            }
            return Tensor.of(dtype, shape, data);
        };
    }

    /**
     * Tensors of the shape whose elements are pairwise at least 0.25 apart (a shuffled grid plus jitter), so
     * that ops with kinks at ties ({@code max}, {@code maximum}) are differentiable at every generated point.
     */
    public static Gen<Tensor> distinctTensors(Shape shape, DType dtype) {
        Objects.requireNonNull(shape, "distinctTensors: shape is null");
        Objects.requireNonNull(dtype, "distinctTensors: dtype is null");
        requireFloating("distinctTensors", dtype);
        return choices -> {
            int n = shape.size();
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = i - choices.drawInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            double[] data = new double[n];
            for (int i = 0; i < n; i++) {
                data[i] = (perm[i] - n / 2) * 0.3 + 0.05 * choices.draw(2) + 0.01;
            }
            return Tensor.of(dtype, shape, data);
        };
    }

    /**
     * Tensors of an integer dtype (INT32 or INT64) whose elements mix three kinds, so that arithmetic meets its
     * overflow edges: small values in {@code [-8, 8]}, the edges of the type ({@code 0, 1, -1, MIN, MAX,
     * MIN + 1, MAX - 1}) and values uniform over the whole type. Choice 0 gives 0.
     */
    public static Gen<Tensor> integerTensors(Shape shape, DType dtype) {
        Objects.requireNonNull(shape, "integerTensors: shape is null");
        Objects.requireNonNull(dtype, "integerTensors: dtype is null");
        if (!dtype.isInteger()) {
            throw new IllegalArgumentException("integerTensors: dtype must be INT32 or INT64, got " + dtype);
        }
        boolean wide = dtype == DType.INT64;
        long min = wide ? Long.MIN_VALUE : Integer.MIN_VALUE;
        long max = wide ? Long.MAX_VALUE : Integer.MAX_VALUE;
        long[] edges = {0, 1, -1, min, max, min + 1, max - 1};
        return choices -> {
            long[] data = new long[shape.size()];
            for (int i = 0; i < data.length; i++) {
                int kind = choices.drawInt(3);
                if (kind == 0) {
                    long c = choices.draw(17);
                    data[i] = (c & 1) == 0 ? c / 2 : -(c + 1) / 2;
                } else if (kind == 1) {
                    data[i] = edges[choices.drawInt(edges.length)];
                } else {
                    long bits = choices.draw(1L << 32) << 32 | choices.draw(1L << 32);
                    data[i] = wide ? bits : (int) bits;
                }
            }
            if (wide) {
                return Tensor.ofLongs(shape, data);
            }
            int[] narrow = new int[data.length];
            for (int i = 0; i < narrow.length; i++) {
                narrow[i] = (int) data[i];
            }
            return Tensor.ofInts(shape, narrow);
        };
    }

    /** BOOL tensors of the shape; choice 0 gives false. */
    public static Gen<Tensor> booleanTensors(Shape shape) {
        Objects.requireNonNull(shape, "booleanTensors: shape is null");
        return choices -> {
            boolean[] data = new boolean[shape.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = choices.drawInt(2) == 1;
            }
            return Tensor.ofBooleans(shape, data);
        };
    }

    /**
     * Lists of {@code count} independent values.
     *
     * @throws IllegalArgumentException if {@code count < 0}
     */
    public static <T> Gen<List<T>> listsOf(Gen<T> element, int count) {
        Objects.requireNonNull(element, "listsOf: element is null");
        if (count < 0) {
            throw new IllegalArgumentException("listsOf: count must be >= 0, got " + count);
        }
        return choices -> {
            List<T> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(element.next(choices));
            }
            return List.copyOf(out);
        };
    }

    private static void requireFloating(String op, DType dtype) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": dtype must be FLOAT32 or FLOAT64, got " + dtype
                    + "; use integerTensors or booleanTensors for " + dtype.shortName() + " tensors");
        }
    }

    private static void checkRanks(int minRank, int maxRank, int maxDim, String op) {
        if (minRank < 0 || minRank > maxRank || maxDim < 1) {
            throw new IllegalArgumentException(op + ": needs 0 <= minRank <= maxRank and maxDim >= 1, got minRank "
                    + minRank + ", maxRank " + maxRank + ", maxDim " + maxDim);
        }
    }
}
