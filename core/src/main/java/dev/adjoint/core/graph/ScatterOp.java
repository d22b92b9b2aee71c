package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.IndexKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Per-element writes along an axis, PyTorch's {@code scatter_add(x, dim, index, src)} and
 * {@code scatter(x, dim, index, src)}, and the gather that reads them back. For every position
 * {@code i = (i_0, ..., i_r)} of the indices, in row-major order, the element of a copy of x at i with its
 * coordinate along {@code axis} replaced by {@code idx[i]} receives {@code src[i]}:
 * <pre>
 *   scatterAddAlongAxis:  y = x;  y[i_0, ..., idx[i], ..., i_r] += src[i]
 *   scatterAlongAxis:     y = x;  y[i_0, ..., idx[i], ..., i_r]  = src[i]   (the last write wins)
 *   gatherAlongAxis:      y[i] = x[i_0, ..., idx[i], ..., i_r]
 * </pre>
 *
 * <p><b>Shape rule</b> (PyTorch's, with src fixed to the indices' shape): idx has x's rank; along every axis
 * but {@code axis} its dimension is at most x's (elements of x beyond it are neither read nor written), along
 * {@code axis} any. src has idx's shape exactly: PyTorch also takes a larger src and reads its leading block,
 * which silently ignores the rest, so here slice it first. A batch axis N of x must be N in idx (and src) too,
 * and x cannot be indexed along N. The scatters return x's shape and dtype, gather idx's shape.
 *
 * <p><b>Indices</b> are INT32 or INT64 ({@link DTypeSet#INDEX}; a float dtype holding integers is accepted as a
 * legacy, as by the other index ops, a fractional value refused at evaluation) in {@code [0, x.dim(axis))}, checked at
 * evaluation: a bad one is an {@link IndexOutOfBoundsException} naming the op, its position in the indices, its
 * value and the bound. A negative index is an error, not counted from the end (PyTorch refuses it too).
 *
 * <p><b>Order.</b> The writes run one after the other in the row-major order of src, in x's dtype: repeated
 * indices of scatterAddAlongAxis add up as {@code ((x + s_1) + s_2) + ...} in that order, and for
 * scatterAlongAxis the last write wins. The result is the same, bit for bit, for any number of threads.
 *
 * <p><b>Gradients.</b> The indices get none (a zero cotangent). scatterAddAlongAxis:
 * {@code xBar = yBar}, {@code srcBar = gatherAlongAxis(yBar, idx)}. scatterAlongAxis: {@code xBar} is yBar with
 * zeros where something was written ({@code scatterAlongAxis(yBar, idx, 0)}), and {@code srcBar} is
 * {@code gatherAlongAxis(yBar, idx)} where src's element is the last write to its target and 0 where a later
 * one overwrote it (PyTorch gives every duplicate the cotangent, which is the derivative only without
 * duplicates). gatherAlongAxis is {@link IndexOp#takeAlongAxis} (NumPy's rule: idx of x's dimensions off the
 * axis) of x sliced to idx's extent, so its VJP is the scatter-add of {@link IndexOp.PutAlongAxis}: gather and
 * scatter-add are each other's adjoints, and gradients of any order exist.
 */
public sealed interface ScatterOp extends Op {

    /**
     * PyTorch's {@code gather(x, dim, idx)}: {@code y[i] = x[i_0, ..., idx[i], ..., i_r]}, of idx's shape; idx
     * has x's rank and at most x's dimensions off {@code axis}. A composition: takeAlongAxis of x sliced to idx.
     */
    static Node gatherAlongAxis(Node x, Node indices, int axis) {
        Objects.requireNonNull(x, "gatherAlongAxis: operand is null");
        Objects.requireNonNull(indices, "gatherAlongAxis: indices is null");
        int a = x.axis(axis, "gatherAlongAxis");
        checkIndices("gatherAlongAxis", x.shape(), indices.shape(), indices.shape(), a, List.of(x, indices));
        Node read = x;
        for (int b = 0; b < x.rank(); b++) {
            if (b != a && indices.shape().dim(b) != x.shape().dim(b)) {
                read = MovementOp.slice(read, b, 0, indices.shape().dim(b));
            }
        }
        return Node.apply(new IndexOp.TakeAlongAxis(a, "gatherAlongAxis"), read, indices);
    }

    /**
     * PyTorch's {@code scatter_add(x, dim, idx, src)}: x with each {@code src[i]} added at i with its coordinate
     * along {@code axis} replaced by {@code idx[i]}, repeated indices adding up in row-major order of src.
     */
    static Node scatterAddAlongAxis(Node x, Node indices, Node src, int axis) {
        Objects.requireNonNull(x, "scatterAddAlongAxis: operand is null");
        Objects.requireNonNull(indices, "scatterAddAlongAxis: indices is null");
        Objects.requireNonNull(src, "scatterAddAlongAxis: src is null");
        return Node.apply(new ScatterAddAlongAxis(x.axis(axis, "scatterAddAlongAxis")), x, indices, src);
    }

    /**
     * PyTorch's {@code scatter(x, dim, idx, src)}: x with each {@code src[i]} written at i with its coordinate
     * along {@code axis} replaced by {@code idx[i]}; where indices repeat, the last in row-major order wins.
     */
    static Node scatterAlongAxis(Node x, Node indices, Node src, int axis) {
        Objects.requireNonNull(x, "scatterAlongAxis: operand is null");
        Objects.requireNonNull(indices, "scatterAlongAxis: indices is null");
        Objects.requireNonNull(src, "scatterAlongAxis: src is null");
        return Node.apply(new ScatterAlongAxis(x.axis(axis, "scatterAlongAxis")), x, indices, src);
    }

    /** The op's name in messages: its printed name without the parameters. */
    private static String bare(Op op) {
        String name = op.name();
        return name.substring(0, name.indexOf('('));
    }

    /** Checks arity and the axis, then the shape rule of the class documentation; returns x's shape. */
    private static Shape writeShape(String op, int axis, List<Node> inputs) {
        if (inputs.size() != 3) {
            throw new IllegalArgumentException(op + ": takes x, indices and src, got " + inputs.size() + " inputs");
        }
        Shape x = inputs.get(0).shape();
        if (axis < 0 || axis >= x.rank()) {
            throw new IllegalArgumentException(op + ": axis must be in [0, " + x.rank() + "), got axis " + axis
                    + " for shape " + x);
        }
        checkIndices(op, x, inputs.get(1).shape(), inputs.get(2).shape(), axis, inputs);
        return x;
    }

    /** The shape rule: idx of x's rank, at most x's dimensions off the axis (N matching N), src of idx's shape. */
    private static void checkIndices(String op, Shape x, Shape idx, Shape src, int axis, List<Node> operands) {
        if (x.dim(axis) == Shape.BATCH) {
            throw new IllegalArgumentException(op + ": cannot index along the batch axis N, got axis " + axis
                    + " of " + Node.describe(operands));
        }
        boolean fits = idx.rank() == x.rank();
        for (int a = 0; fits && a < x.rank(); a++) {
            boolean batch = x.dim(a) == Shape.BATCH || idx.dim(a) == Shape.BATCH;
            fits = a == axis || (batch ? x.dim(a) == idx.dim(a) : idx.dim(a) <= x.dim(a));
        }
        if (!fits) {
            throw new IllegalArgumentException(op + ": indices must have x's rank and at most x's dimensions off"
                    + " axis " + axis + " (N where x has N), got " + Node.describe(operands));
        }
        if (!src.equals(idx)) {
            boolean larger = src.rank() == idx.rank();
            for (int a = 0; larger && a < src.rank(); a++) {
                larger = src.dim(a) >= idx.dim(a) && idx.dim(a) != Shape.BATCH;
            }
            throw new IllegalArgumentException(op + ": src must have the indices' shape " + idx + ", got "
                    + Node.describe(operands) + (larger ? "; PyTorch would read its leading block: slice it" : ""));
        }
    }

    /** x and src of one dtype, which x's set accepts; indices INDEX. */
    private static DType writeDtype(ScatterOp op, List<Node> inputs) {
        DType x = op.accepts(0).require(bare(op), "x", inputs.get(0));
        DTypeSet.INDEX.require(bare(op), "indices", inputs.get(1));
        DType src = op.accepts(2).require(bare(op), "src", inputs.get(2));
        if (src != x) {
            throw new IllegalArgumentException(bare(op) + ": x and src must have the same dtype, got "
                    + Node.describe(inputs) + "; insert a cast");
        }
        return x;
    }

    /**
     * {@code y = x; y[i_0, ..., idx[i], ..., i_r] += src[i]} for each position i of idx in row-major order (see
     * {@link ScatterOp}). Linear in (x, src): {@code xBar = yBar}, {@code srcBar = gatherAlongAxis(yBar, idx)}.
     * x and src are floating, of one dtype.
     *
     * @param axis the axis the indices point along, in {@code [0, rank)}
     */
    record ScatterAddAlongAxis(int axis) implements ScatterOp {
        @Override public String name() { return "scatterAddAlongAxis(" + axis + ")"; }
        @Override public DTypeSet accepts(int i) { return i == 1 ? DTypeSet.INDEX : DTypeSet.FLOATING; }
        @Override public DType dtype(List<Node> inputs) { return writeDtype(this, inputs); }
        @Override public Shape shape(List<Node> inputs) { return writeShape(bare(this), axis, inputs); }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return IndexKernels.scatterAddAlongAxis(inputs.get(0), inputs.get(1), inputs.get(2), axis);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node idx = y.inputs().get(1);
            return List.of(yBar, SourceOp.zerosLike(idx), gatherAlongAxis(yBar, idx, axis));
        }
    }

    /**
     * {@code y = x; y[i_0, ..., idx[i], ..., i_r] = src[i]} for each position i of idx in row-major order, so the
     * last write to an element wins (see {@link ScatterOp}). x and src have one dtype, any. {@code xBar} is yBar
     * with zeros where written, {@code srcBar = where(lastWrites(idx), gatherAlongAxis(yBar, idx), 0)}.
     *
     * @param axis the axis the indices point along, in {@code [0, rank)}
     */
    record ScatterAlongAxis(int axis) implements ScatterOp {
        @Override public String name() { return "scatterAlongAxis(" + axis + ")"; }
        @Override public DTypeSet accepts(int i) { return i == 1 ? DTypeSet.INDEX : DTypeSet.ANY; }
        @Override public DType dtype(List<Node> inputs) { return writeDtype(this, inputs); }
        @Override public Shape shape(List<Node> inputs) { return writeShape(bare(this), axis, inputs); }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return IndexKernels.scatterAlongAxis(inputs.get(0), inputs.get(1), inputs.get(2), axis);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            Node idx = y.inputs().get(1);
            Node src = y.inputs().get(2);
            Node kept = Node.apply(new LastWrites(axis, x.shape().dim(axis)), idx);
            Node gathered = gatherAlongAxis(yBar, idx, axis);
            return List.of(Node.apply(this, yBar, idx, SourceOp.zerosLike(src)), SourceOp.zerosLike(idx),
                    kept.where(gathered, SourceOp.zerosLike(gathered)));
        }
    }

    /**
     * Which writes of {@link ScatterAlongAxis} into an axis of {@code size} survive: a BOOL tensor of the indices'
     * shape, true at i when no later position of idx (in row-major order) writes the same element. Indices are
     * checked as the scatter checks them. No gradient (the indices are discrete).
     *
     * @param axis the axis the indices point along
     * @param size the target's dimension along it
     */
    record LastWrites(int axis, int size) implements ScatterOp {
        /** Checks the size. */
        public LastWrites {
            if (size < 0) {
                throw new IllegalArgumentException("lastWrites: size must be >= 0, got " + size);
            }
        }

        @Override public String name() { return "lastWrites(" + axis + ", " + size + ")"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.INDEX; }

        @Override public DType dtype(List<Node> inputs) {
            DTypeSet.INDEX.require("lastWrites", "indices", inputs.get(0));
            return DType.BOOL;
        }

        @Override public Shape shape(List<Node> inputs) {
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("lastWrites: takes the indices, got " + inputs.size() + " inputs");
            }
            Shape idx = inputs.get(0).shape();
            if (axis < 0 || axis >= idx.rank()) {
                throw new IllegalArgumentException("lastWrites: axis must be in [0, " + idx.rank() + "), got axis "
                        + axis + " for shape " + idx);
            }
            return idx;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return IndexKernels.lastWrites(inputs.get(0), axis, size);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            return List.of(SourceOp.zerosLike(y.inputs().get(0)));
        }
    }
}
