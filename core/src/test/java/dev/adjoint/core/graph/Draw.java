package dev.adjoint.core.graph;

import dev.adjoint.core.check.Choices;
import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The draws the op table makes, all from one {@link Choices} (so every case replays and shrinks) and in one
 * dtype. Sizes stay small (rank at most 3, dimensions at most 4, or 2..6 for distinct shapes) so that a
 * property of 20 to 30 tries costs milliseconds.
 */
final class Draw {

    static final int MAX_RANK = 3;
    static final int MAX_DIM = 4;

    final Choices choices;
    final DType dtype;

    Draw(Choices choices, DType dtype) {
        this.choices = choices;
        this.dtype = dtype;
    }

    /** The generator of cases per dtype from a drawing function. */
    static Function<DType, Gen<OpCase>> cases(Function<Draw, OpCase> f) {
        return dtype -> choices -> f.apply(new Draw(choices, dtype));
    }

    Shape shape(int minRank, int maxRank) {
        return Gens.shapes(minRank, maxRank, MAX_DIM).next(choices);
    }

    Shape distinctShape(int minRank, int maxRank) {
        return Gens.distinctShapes(minRank, maxRank).next(choices);
    }

    Tensor tensor(Shape shape, Domain domain) {
        return Gens.tensors(shape, domain, dtype).next(choices);
    }

    /**
     * The op {@code build} puts at the root when given placeholder inputs of these shapes (in this dtype): the
     * op whose {@link Op#domain} tells where to draw each argument's values.
     */
    Op opOf(Function<List<Node>, Node> build, Shape... shapes) {
        List<Node> inputs = new ArrayList<>();
        for (int i = 0; i < shapes.length; i++) {
            inputs.add(SourceOp.input("probe" + i, shapes[i], dtype));
        }
        return build.apply(inputs).op();
    }

    /**
     * Tensors of the given shapes whose elements are all pairwise at least 0.25 apart, across the tensors
     * too (one {@link Gens#distinctTensors} split in pieces), so that max, min, maximum and minimum never
     * meet a tie.
     */
    List<Tensor> distinctTensors(Shape... shapes) {
        int total = 0;
        for (Shape s : shapes) {
            total += s.size();
        }
        double[] all = Gens.distinctTensors(Shape.of(total), dtype).next(choices).toDoubleArray();
        List<Tensor> out = new ArrayList<>();
        int offset = 0;
        for (Shape s : shapes) {
            double[] part = java.util.Arrays.copyOfRange(all, offset, offset + s.size());
            out.add(Tensor.of(dtype, s, part));
            offset += s.size();
        }
        return out;
    }

    /**
     * Indices in {@code [0, bound)}: INT64 or INT32, or, as the legacy the index ops still accept, integers held
     * in this float dtype.
     */
    Tensor indices(Shape shape, int bound) {
        long[] data = new long[shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = choices.drawInt(bound);
        }
        return Tensor.ofLongs(shape, data).cast(oneOf(DType.INT64, DType.INT32, dtype));
    }

    /** A BOOL tensor. */
    Tensor mask(Shape shape) {
        return Gens.booleanTensors(shape).next(choices);
    }

    /** Integers of INT64 or INT32 reaching their overflow edges ({@link Gens#integerTensors}). */
    Tensor integers(Shape shape, DType integerType) {
        return Gens.integerTensors(shape, integerType).next(choices);
    }

    int integer(int low, int high) {
        return Gens.integers(low, high).next(choices);
    }

    boolean bool() {
        return choices.drawInt(2) == 1;
    }

    @SafeVarargs
    final <T> T oneOf(T... values) {
        return Gens.oneOf(values).next(choices);
    }

    /** An axis of a rank-{@code rank} tensor ({@code rank >= 1}), in {@code [0, rank)}. */
    int axis(int rank) {
        return choices.drawInt(rank);
    }

    /** {@code axis} as given or in its negative form {@code axis - rank}, to exercise both spellings. */
    int spelled(int axis, int rank) {
        return bool() ? axis - rank : axis;
    }

    /** A uniformly random permutation of {@code 0..n-1} (the identity for choice 0). */
    int[] permutation(int n) {
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
        return perm;
    }

    /**
     * A random subset of {@code 0..rank-1} (each axis kept with probability 1/2, some spelled negative); the
     * empty subset means all axes to the reductions.
     */
    int[] axes(int rank) {
        List<Integer> axes = new ArrayList<>();
        for (int a = 0; a < rank; a++) {
            if (bool()) {
                axes.add(spelled(a, rank));
            }
        }
        return axes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A shape that broadcasts to {@code target}: some leading axes dropped, some axes set to 1. */
    Shape broadcastableTo(Shape target) {
        int drop = choices.drawInt(target.rank() + 1);
        int[] dims = java.util.Arrays.copyOfRange(target.dims(), drop, target.rank());
        for (int a = 0; a < dims.length; a++) {
            if (choices.drawInt(3) == 1) {
                dims[a] = 1;
            }
        }
        return Shape.of(dims);
    }
}
