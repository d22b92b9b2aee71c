package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.IndexKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Ops that read or write at positions given by an index tensor: INT32 or INT64 ({@link DTypeSet#INDEX}; a
 * float tensor holding exact integers is accepted as a legacy, and one that is not an integer is an error at
 * evaluation). The index input is not differentiable: its cotangent is zero. Indices are checked at evaluation;
 * a bad one is reported with its position and value. Gathered values may have any dtype.
 *
 * <p>{@code gather} ↔ {@code scatterAdd} and {@code takeAlongAxis} ↔ {@code putAlongAxis} are adjoint pairs:
 * each is the other's VJP, so gradients of any order exist. {@code oneHot} has no gradient. The writing factories
 * ({@link #scatterAdd}, {@link #scatter}, {@link #putAlongAxis}) start from a tensor x and are compositions of
 * the adjoint records with add and where. Gather and scatter take indices in {@code [-d, d)}, a negative one
 * counted from the end (NumPy's {@code take}); {@link #lookup} (gather for an embedding table), take/put along
 * an axis and oneHot take {@code [0, d)}: they carry token ids and class labels, where {@code -1} is a mistake,
 * not the last row (NumPy would wrap it).
 *
 * <p>{@code scatterAdd} is PyTorch's {@code index_add}; PyTorch's per-element {@code scatter_add},
 * {@code scatter} and {@code gather} along a dimension are {@link ScatterOp}'s.
 */
public sealed interface IndexOp extends Op {

    /** Rows of {@code x} along {@code axis} at {@code indices}: an embedding lookup for axis 0. */
    static Node gather(Node x, Node indices, int axis) {
        Objects.requireNonNull(x, "gather: operand is null");
        Objects.requireNonNull(indices, "gather: indices is null");
        return Node.apply(new IndexOp.Gather(x.axis(axis, "gather")), x, indices);
    }

    /**
     * Rows of a table at {@code indices}: {@code y[j, s] = table[idx[j], s]}, an embedding lookup. Gather along
     * axis 0 with indices in {@code [0, rows)} only: a negative index is an error at evaluation (PyTorch's
     * {@code embedding}, TensorFlow's {@code embedding_lookup}), not a row counted from the end, and so is it in
     * the gradient, a scatter-add with the same rule.
     */
    static Node lookup(Node table, Node indices) {
        Objects.requireNonNull(table, "lookup: table is null");
        Objects.requireNonNull(indices, "lookup: indices is null");
        if (table.rank() == 0) {
            throw new IllegalArgumentException("lookup: the table must have rows (rank 1 or more, rows along axis 0),"
                    + " got " + table.describe());
        }
        return Node.apply(new IndexOp.Gather(0, false), table, indices);
    }

    /**
     * x with {@code src} added at {@code indices} along {@code axis}: {@code y[p, idx[j], s] += src[p, j, s]},
     * repeated indices adding up (PyTorch's {@code index_add}, NumPy's {@code add.at}); src has gather's shape.
     */
    static Node scatterAdd(Node x, Node indices, Node src, int axis) {
        Objects.requireNonNull(x, "scatterAdd: operand is null");
        Objects.requireNonNull(src, "scatterAdd: src is null");
        return x.add(Node.apply(new ScatterAdd(x.shape().normalizeAxis(axis, "scatterAdd"), x.shape()), src,
                Objects.requireNonNull(indices, "scatterAdd: indices is null")));
    }

    /**
     * x with the slices at {@code indices} along {@code axis} replaced by src's ({@code y[p, idx[j], s] =
     * src[p, j, s]}). Where an index repeats, its sources add up (PyTorch leaves the winner undefined).
     */
    static Node scatter(Node x, Node indices, Node src, int axis) {
        Objects.requireNonNull(x, "scatter: operand is null");
        Objects.requireNonNull(src, "scatter: src is null");
        int a = x.shape().normalizeAxis(axis, "scatter");
        DTypeSet.FLOATING.require("scatter", "operand", x);
        DTypeSet.FLOATING.require("scatter", "src", src);
        Op.commonDtype("scatter", List.of(x, src)); // named as scatter, not as the add or where inside
        Node written = scatterAdd(SourceOp.zerosLike(x), indices, src, a);
        Node hits = scatterAdd(SourceOp.zerosLike(x), indices, SourceOp.onesLike(src), a);
        return hits.greater(SourceOp.zerosLike(x)).where(written, x);
    }

    /**
     * NumPy's {@code put_along_axis}: x with {@code y[p, idx[p, j, s], s] = src[p, j, s]}; src has the indices'
     * shape. Where an index repeats along the axis, the last source in row-major order wins, as NumPy's assignment
     * leaves it (and as {@link ScatterOp#scatterAlongAxis}, which computes it).
     */
    static Node putAlongAxis(Node x, Node indices, Node src, int axis) {
        Objects.requireNonNull(x, "putAlongAxis: operand is null");
        Objects.requireNonNull(src, "putAlongAxis: src is null");
        Objects.requireNonNull(indices, "putAlongAxis: indices is null");
        int a = x.shape().normalizeAxis(axis, "putAlongAxis");
        Op.commonDtype("putAlongAxis", List.of(x, src)); // named as putAlongAxis, not as the scatter inside
        new PutAlongAxis(a, x.shape()).shape(List.of(src, indices)); // NumPy's shape rule, in putAlongAxis's name
        return ScatterOp.scatterAlongAxis(x, indices, src, a);
    }

    /** One pick per position along {@code axis}: {@code y[p, j, s] = x[p, idx[p, j, s], s]}. */
    static Node takeAlongAxis(Node x, Node indices, int axis) {
        Objects.requireNonNull(x, "takeAlongAxis: operand is null");
        Objects.requireNonNull(indices, "takeAlongAxis: indices is null");
        return Node.apply(new IndexOp.TakeAlongAxis(x.axis(axis, "takeAlongAxis")), x, indices);
    }

    /**
     * For labels of shape {@code [N]} and scores {@code [N, C]}: each row's score at its label, shape
     * {@code [N]}. A composition of unsqueeze, takeAlongAxis and squeeze.
     */
    static Node pickPerRow(Node scores, Node labels) {
        Objects.requireNonNull(scores, "pickPerRow: scores is null");
        Objects.requireNonNull(labels, "pickPerRow: labels is null");
        if (scores.rank() != 2 || labels.rank() != 1 || scores.shape().dim(0) != labels.shape().dim(0)) {
            throw new IllegalArgumentException("pickPerRow: needs scores [N, C] and labels [N] (one per row), got "
                    + Node.describe(List.of(scores, labels)));
        }
        return scores.takeAlongAxis(labels.unsqueeze(1), 1).squeeze(1);
    }

    /**
     * The sparse softmax cross-entropy from logits, per row: {@code l_n = logSumExp(z_n) − z[n, y_n]}, which
     * is {@code −pickPerRow(logSoftmax(z), y)}, as one fused op ({@link SoftmaxCrossEntropy}) whose gradient
     * {@code (softmax(z) − onehot(y)) · lBar} is one fused op too. Labels are integers in {@code [0, C)}, INT32 or
     * INT64 (or, as a legacy, exact integers in any float dtype, read exactly, never rounded to the logits'
     * dtype); one that is not is reported at evaluation with its row.
     */
    static Node softmaxCrossEntropy(Node logits, Node labels) {
        Objects.requireNonNull(logits, "softmaxCrossEntropy: logits is null");
        Objects.requireNonNull(labels, "softmaxCrossEntropy: labels is null");
        if (logits.rank() != 2 || labels.rank() != 1 || logits.shape().dim(0) != labels.shape().dim(0)) {
            throw new IllegalArgumentException("softmaxCrossEntropy: needs logits [N, C] and labels [N] (one per"
                    + " row), got " + Node.describe(List.of(logits, labels)));
        }
        return SoftmaxCrossEntropy.of(logits, labels);
    }

    /** {@code y[..., c] = [labels[...] = c]}, with a new last axis of size {@code depth}. */
    static Node oneHot(Node labels, int depth, DType dtype) {
        Objects.requireNonNull(labels, "oneHot: labels is null");
        Objects.requireNonNull(dtype, "oneHot: dtype is null");
        return Node.apply(new IndexOp.OneHot(depth, dtype), labels);
    }

    /** One-hot in the labels' dtype (an integer one-hot for integer labels). */
    static Node oneHot(Node labels, int depth) {
        return oneHot(labels, depth, labels == null ? DType.FLOAT64 : labels.dtype());
    }

    /** Checks arity. */
    default void requireArity(List<Node> inputs, int n) {
        if (inputs.size() != n) {
            throw new IllegalArgumentException(name() + ": takes " + n + " inputs, got " + inputs.size());
        }
    }

    /** Checks an axis of x. */
    default void requireAxis(int axis, Shape x) {
        if (axis < 0 || axis >= x.rank()) {
            throw new IllegalArgumentException(name() + ": axis must be in [0, " + x.rank() + "), got axis "
                    + axis + " for shape " + x);
        }
    }

    /** Values of any dtype for gather and takeAlongAxis (floats for the scatters, which add); indices INDEX. */
    @Override
    default DTypeSet accepts(int i) {
        return i == 1 ? DTypeSet.INDEX : DTypeSet.ANY;
    }

    /** The values' dtype, each input checked against {@link #accepts}. */
    @Override
    default DType dtype(List<Node> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            accepts(i).require(name(), i == 0 ? "values" : "indices", inputs.get(i));
        }
        return inputs.get(0).dtype();
    }

    /** Replaces axis {@code axis} of {@code x} by the dimensions of {@code idx}. */
    private static Shape spliced(Shape x, int axis, Shape idx) {
        int[] xd = x.dims();
        int[] id = idx.dims();
        int[] out = new int[xd.length - 1 + id.length];
        System.arraycopy(xd, 0, out, 0, axis);
        System.arraycopy(id, 0, out, axis, id.length);
        System.arraycopy(xd, axis + 1, out, axis + id.length, xd.length - axis - 1);
        return Shape.of(out);
    }

    /**
     * {@code y[p, j, s] = x[p, idx[j], s]}: rows of x picked along {@code axis} (an embedding lookup for
     * axis 0). The output is x's shape with {@code axis} replaced by idx's shape.
     * {@code xBar = scatterAdd(yBar, idx)}.
     *
     * @param axis the axis of x indexed
     * @param fromEnd whether a negative index counts from the end ({@code [-d, d)}); else indices are in
     *     {@code [0, d)} ({@link #lookup})
     */
    record Gather(int axis, boolean fromEnd) implements IndexOp {
        /** Gather with indices in {@code [-d, d)}. */
        public Gather(int axis) {
            this(axis, true);
        }

        @Override public String name() { return fromEnd ? "gather(" + axis + ")" : "lookup"; }
        @Override public Notation notation(List<Node> in) { return new Notation.Index(axis); }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(inputs, 2);
            Shape x = inputs.get(0).shape();
            requireAxis(axis, x);
            if (x.dim(axis) == Shape.BATCH) {
                throw new IllegalArgumentException("gather: cannot index along the batch axis N, got axis " + axis
                        + " of " + inputs.get(0).describe());
            }
            return spliced(x, axis, inputs.get(1).shape());
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return IndexKernels.gather(inputs.get(0), inputs.get(1), axis, fromEnd, out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            Node idx = y.inputs().get(1);
            return List.of(Node.apply(new ScatterAdd(axis, x.shape(), fromEnd, fromEnd ? "gradient of gather"
                    : "gradient of lookup"), yBar, idx), SourceOp.zerosLike(idx));
        }
    }

    /**
     * The adjoint of gather: zeros of shape {@code target} with {@code src[p, j, s]} added at
     * {@code [p, idx[j], s]}. {@code srcBar = gather(yBar, idx)}.
     *
     * @param axis the axis written along
     * @param shape the output shape
     * @param fromEnd whether a negative index counts from the end, as in {@link Gather}
     * @param caller what an index out of range is reported under: {@code scatterAdd}, or the gradient it computes
     *     ({@code gradient of gather}, {@code gradient of lookup}); not part of equality
     */
    record ScatterAdd(int axis, Shape shape, boolean fromEnd, String caller) implements IndexOp {
        /** Scatter-add with indices in {@code [-d, d)}. */
        public ScatterAdd(int axis, Shape shape) {
            this(axis, shape, true);
        }

        /** Scatter-add, or lookup's adjoint when not {@code fromEnd}. */
        public ScatterAdd(int axis, Shape shape, boolean fromEnd) {
            this(axis, shape, fromEnd, fromEnd ? "scatterAdd" : "gradient of lookup");
        }

        /** Checks the caller's name is present. */
        public ScatterAdd {
            Objects.requireNonNull(caller, "scatterAdd: caller is null");
        }

        /** Equal when they compute the same: the caller names errors only, so common subexpressions still merge. */
        @Override public boolean equals(Object o) {
            return o instanceof ScatterAdd t && t.axis == axis && t.shape.equals(shape) && t.fromEnd == fromEnd;
        }
        @Override public int hashCode() { return Objects.hash(axis, shape, fromEnd); }

        @Override public String name() { return fromEnd ? "scatterAdd(" + axis + ")" : "lookupAdjoint"; }
        @Override public DTypeSet accepts(int i) { return i == 1 ? DTypeSet.INDEX : DTypeSet.FLOATING; }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(inputs, 2);
            requireAxis(axis, shape);
            Shape expected = spliced(shape, axis, inputs.get(1).shape());
            if (!inputs.get(0).shape().equals(expected)) {
                throw new IllegalArgumentException("scatterAdd: source must have shape " + expected + " for target "
                        + shape + " and indices " + inputs.get(1).describe() + ", got " + inputs.get(0).describe());
            }
            return shape;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return IndexKernels.scatterAdd(inputs.get(0), inputs.get(1), axis, fromEnd, out, caller);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node idx = y.inputs().get(1);
            return List.of(Node.apply(new Gather(axis, fromEnd), yBar, idx), SourceOp.zerosLike(idx));
        }
    }

    /**
     * {@code y[p, j, s] = x[p, idx[p, j, s], s]}: one pick per position, e.g. the logit of each row's label
     * ({@code x : [N, C]}, {@code idx : [N, 1]}). idx has x's rank and x's dimensions except along
     * {@code axis}; the output has idx's shape. {@code xBar = putAlongAxis(yBar, idx)}.
     *
     * @param axis the axis picked along
     * @param caller the op the user called, which names an index out of range at evaluation (takeAlongAxis, or
     *     gatherAlongAxis, which is a takeAlongAxis of x sliced to idx); not part of equality
     */
    record TakeAlongAxis(int axis, String caller) implements IndexOp {
        /** takeAlongAxis itself. */
        public TakeAlongAxis(int axis) {
            this(axis, "takeAlongAxis");
        }

        /** Checks the caller's name is present. */
        public TakeAlongAxis {
            Objects.requireNonNull(caller, "takeAlongAxis: caller is null");
        }

        /** Equal when they compute the same: the caller names errors only, so common subexpressions still merge. */
        @Override public boolean equals(Object o) { return o instanceof TakeAlongAxis t && t.axis == axis; }
        @Override public int hashCode() { return Integer.hashCode(axis); }

        @Override public String name() { return "takeAlongAxis(" + axis + ")"; }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(inputs, 2);
            Shape x = inputs.get(0).shape();
            Shape idx = inputs.get(1).shape();
            requireAxis(axis, x);
            checkAlong(name(), x, idx, axis, Node.describe(inputs));
            return idx;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return IndexKernels.takeAlongAxis(inputs.get(0), inputs.get(1), axis, caller);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            Node idx = y.inputs().get(1);
            return List.of(Node.apply(new PutAlongAxis(axis, x.shape(), "gradient of " + caller), yBar, idx),
                    SourceOp.zerosLike(idx));
        }
    }

    /**
     * The adjoint of takeAlongAxis: zeros of shape {@code target} with {@code src[p, j, s]} added at
     * {@code [p, idx[p, j, s], s]}. {@code srcBar = takeAlongAxis(yBar, idx)}.
     *
     * @param axis the axis written along
     * @param shape the output shape
     * @param caller what an index out of range is reported under: {@code putAlongAxis}, or the gradient it
     *     computes ({@code gradient of takeAlongAxis}); not part of equality
     */
    record PutAlongAxis(int axis, Shape shape, String caller) implements IndexOp {
        /** putAlongAxis itself. */
        public PutAlongAxis(int axis, Shape shape) {
            this(axis, shape, "putAlongAxis");
        }

        /** Checks the caller's name is present. */
        public PutAlongAxis {
            Objects.requireNonNull(caller, "putAlongAxis: caller is null");
        }

        /** Equal when they compute the same: the caller names errors only, so common subexpressions still merge. */
        @Override public boolean equals(Object o) {
            return o instanceof PutAlongAxis t && t.axis == axis && t.shape.equals(shape);
        }
        @Override public int hashCode() { return Objects.hash(axis, shape); }

        @Override public String name() { return "putAlongAxis(" + axis + ")"; }
        @Override public DTypeSet accepts(int i) { return i == 1 ? DTypeSet.INDEX : DTypeSet.FLOATING; }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(inputs, 2);
            requireAxis(axis, shape);
            Shape idx = inputs.get(1).shape();
            checkAlong(name(), shape, idx, axis, "target " + shape + " and " + inputs.get(1).describe());
            if (!inputs.get(0).shape().equals(idx)) {
                throw new IllegalArgumentException("putAlongAxis: source must have the indices' shape, got "
                        + Node.describe(inputs));
            }
            return shape;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return IndexKernels.putAlongAxis(inputs.get(0), inputs.get(1), axis, out, caller);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node idx = y.inputs().get(1);
            return List.of(Node.apply(new TakeAlongAxis(axis), yBar, idx), SourceOp.zerosLike(idx));
        }
    }

    private static void checkAlong(String op, Shape x, Shape idx, int axis, String operands) {
        boolean valid = idx.rank() == x.rank() && x.dim(axis) != Shape.BATCH;
        for (int a = 0; valid && a < x.rank(); a++) {
            valid = a == axis || idx.dim(a) == x.dim(a);
        }
        if (!valid) {
            throw new IllegalArgumentException(op + ": indices must have the values' rank and dimensions except"
                    + " along axis " + axis + " (which cannot be N), got " + operands);
        }
    }

    /**
     * {@code y[..., c] = [labels[...] = c]} for classes {@code 0 <= c < depth}; the output appends an axis of
     * size {@code depth} and has dtype {@code dtype}. No gradient (labels are discrete).
     *
     * @param depth the number of classes
     * @param dtype the output dtype
     */
    record OneHot(int depth, DType dtype) implements IndexOp {
        /** Validates the parameters. */
        public OneHot {
            Objects.requireNonNull(dtype, "dtype is null");
            if (depth <= 0) {
                throw new IllegalArgumentException("oneHot: depth must be a number of classes > 0, got "
                        + (depth == Shape.BATCH ? "Shape.BATCH (N), which is not a number" : depth));
            }
        }

        @Override public String name() { return "oneHot(" + depth + ")"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.INDEX; }

        @Override public DType dtype(List<Node> inputs) {
            DTypeSet.INDEX.require(name(), "labels", inputs.get(0));
            return dtype;
        }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(inputs, 1);
            int[] in = inputs.get(0).shape().dims();
            int[] out = java.util.Arrays.copyOf(in, in.length + 1);
            out[in.length] = depth;
            return Shape.of(out);
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return IndexKernels.oneHot(inputs.get(0), depth, dtype, out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            return List.of(SourceOp.zerosLike(y.inputs().get(0)));
        }
    }
}
