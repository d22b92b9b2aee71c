package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.Objects;

/** Factories for random tensors driven by an explicit key node (see {@link RandomOp}). */
public final class Randoms {

    private Randoms() {
    }

    /** Uniform samples in {@code [0, 1)} from the rank-0 {@code key}, salted by {@code salt}. */
    public static Node uniform(Node key, Shape shape, DType dtype, long salt) {
        Objects.requireNonNull(key, "uniform: key is null");
        return Node.apply(new RandomOp.Uniform(shape, dtype, salt), key);
    }

    /**
     * Uniform samples in {@code [0, 1)}, row {@code r} drawn from {@code key} and the row index {@code rows[r]}
     * (see {@link RandomOp.UniformByRow}).
     *
     * @param rows the rank-1 row indices, one per row of {@code shape}
     */
    public static Node uniformByRow(Node key, Node rows, Shape shape, DType dtype, long salt) {
        Objects.requireNonNull(key, "uniform_by_row: key is null");
        Objects.requireNonNull(rows, "uniform_by_row: rows is null");
        return Node.apply(new RandomOp.UniformByRow(shape, dtype, salt), key, rows);
    }

    /** A 0/1 mask with {@code P(1) = keep} drawn row by row: {@code [uniformByRow < keep]}. */
    public static Node bernoulliByRow(Node key, Node rows, Shape shape, DType dtype, double keep, long salt) {
        checkKeep(keep);
        return Elementwise.less(uniformByRow(key, rows, shape, dtype, salt), Nodes.scalar(keep, dtype));
    }

    private static void checkKeep(double keep) {
        if (!(keep >= 0 && keep <= 1)) {
            throw new IllegalArgumentException("bernoulli: keep must be in [0, 1], got " + keep);
        }
    }

    /** A 0/1 mask with {@code P(1) = keep}: {@code [uniform < keep]}. */
    public static Node bernoulli(Node key, Shape shape, DType dtype, double keep, long salt) {
        checkKeep(keep);
        return Elementwise.less(uniform(key, shape, dtype, salt), Nodes.scalar(keep, dtype));
    }
}
