package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.MovementKernels;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Ops that move elements without arithmetic, and their factories; they take tensors of any dtype (the parts of a
 * concat share one). All are linear, so each VJP is the adjoint
 * movement: reshape ↔ reshape back, permute ↔ inverse permute, broadcast ↔ sum, slice ↔ pad with zeros,
 * concat ↔ slices. All are primitives; {@code transpose} (a permute of the last two axes), {@code squeeze},
 * {@code unsqueeze} and {@code flatten} (reshapes) are compositions.
 *
 * <p>Along the symbolic batch dimension {@code N} an op may only keep the axis whole: reshape must keep
 * one {@code N} per {@code N}, slicing and padding must take the full axis, and concatenation cannot run
 * along it.
 */
public sealed interface MovementOp extends Op {

    /** The same elements in {@code target} (which may contain N where the input has it). */
    static Node reshape(Node x, Shape target) {
        Objects.requireNonNull(x, "reshape: operand is null");
        Objects.requireNonNull(target, "reshape: target is null");
        return x.shape().equals(target) ? x : Node.apply(new Reshape(target), x);
    }

    /**
     * The same elements in the shape {@code dims}, NumPy style: at most one entry may be {@code -1}, "infer
     * this dimension" from the element count; {@link Shape#BATCH} stands for x's batch axis N (never -1).
     * {@code x : [N, 6]}: {@code reshape(x, Shape.BATCH, 3, -1)} is {@code [N, 3, 2]}.
     */
    static Node reshape(Node x, int... dims) {
        Objects.requireNonNull(x, "reshape: operand is null");
        Objects.requireNonNull(dims, "reshape: dims is null");
        int inferred = -1;
        int[] known = dims.clone();
        for (int a = 0; a < dims.length; a++) {
            if (dims[a] < -1 && dims[a] != Shape.BATCH) {
                throw new IllegalArgumentException("reshape: dimensions must be >= 0, -1 (inferred) or Shape.BATCH (N),"
                        + " got " + Arrays.toString(dims).replace(String.valueOf(Shape.BATCH), "N") + " (dimension " + a
                        + " is " + dims[a] + ") for " + x.describe());
            }
            if (dims[a] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape: at most one dimension may be -1 (inferred), got "
                            + Arrays.toString(dims));
                }
                inferred = a;
                known[a] = 1;
            }
        }
        Shape rest = Shape.of(known);
        if (inferred < 0) {
            return reshape(x, rest);
        }
        long count = Reshape.concreteProduct(x.shape());
        long product = Reshape.concreteProduct(rest);
        boolean batchMatches = Reshape.batchCount(x.shape()) == Reshape.batchCount(rest);
        if (!batchMatches || product == 0 || count % product != 0) {
            throw new IllegalArgumentException("reshape: the dimension -1 must be inferable from the element count,"
                    + " got " + x.shape() + " and " + Arrays.toString(dims).replace(String.valueOf(Shape.BATCH), "N")
                    + (!batchMatches ? "; N must appear as often in both, and -1 never stands for N"
                    : product == 0 ? "; the other dimensions hold no element, so any size would do"
                    : "; " + count + (Reshape.batchCount(rest) > 0 ? " elements per N are" : " elements are")
                    + " not a multiple of " + product + ", the other dimensions' product"));
        }
        known[inferred] = (int) (count / product);
        return reshape(x, Shape.of(known));
    }

    /**
     * Axis {@code a} of the result is axis {@code perm[a]} of x; a negative entry counts from the end, as in NumPy's
     * {@code transpose(x, axes)} and PyTorch's {@code permute}: {@code permute(x, 0, -1, 1)} of {@code [2, 3, 4]} is
     * {@code [2, 4, 3]}.
     *
     * @throws IllegalArgumentException unless {@code perm}, negative entries counted from the end, is a permutation
     *     of {@code 0..rank-1}
     */
    static Node permute(Node x, int... perm) {
        Objects.requireNonNull(x, "permute: operand is null");
        Objects.requireNonNull(perm, "permute: perm is null");
        int r = x.rank();
        int[] axes = Arrays.stream(perm).map(p -> p < 0 ? p + r : p).toArray();
        if (perm.length != r || Arrays.stream(axes).anyMatch(p -> p < 0 || p >= r)
                || Arrays.stream(axes).distinct().count() != r) {
            throw new IllegalArgumentException("permute: axes must be a permutation of 0.." + (r - 1) + ", got "
                    + Arrays.toString(perm) + " for " + x.describe()
                    + (Arrays.stream(perm).anyMatch(q -> q < 0) ? "; a negative axis counts from the end" : ""));
        }
        return Node.apply(new Permute(Arrays.stream(axes).boxed().toList()), x);
    }

    /** Swaps the last two axes (rank >= 2). */
    static Node transpose(Node x) {
        Objects.requireNonNull(x, "transpose: operand is null");
        if (x.rank() < 2) {
            throw new IllegalArgumentException("transpose: operand must have rank >= 2, got " + x.describe());
        }
        int[] perm = new int[x.rank()];
        for (int a = 0; a < perm.length; a++) {
            perm[a] = a;
        }
        perm[perm.length - 1] = perm.length - 2;
        perm[perm.length - 2] = perm.length - 1;
        return permute(x, perm);
    }

    /**
     * Repeats x along its size-1 axes and new leading axes: NumPy's {@code broadcast_to}, one-directional. The
     * shapes are aligned on the right; each dimension of x must equal the target's or be 1, and the target
     * may add leading axes; a size-1 axis may grow to the batch axis N. The target is never widened by x:
     * {@code [3, 1] -> [1, 4]} is an error, where ONNX's bidirectional {@code Expand} would give {@code [3, 4]};
     * for that, broadcast to {@code Shape.broadcast(x.shape(), target, op)}.
     */
    static Node broadcastTo(Node x, Shape target) {
        Objects.requireNonNull(x, "broadcastTo: operand is null");
        Objects.requireNonNull(target, "broadcastTo: target is null");
        return x.shape().equals(target) ? x : Node.apply(new BroadcastTo(target), x);
    }

    /** Removes axis {@code axis}, which must have size 1. */
    static Node squeeze(Node x, int axis) {
        Objects.requireNonNull(x, "squeeze: operand is null");
        int a = x.axis(axis, "squeeze");
        if (x.shape().dim(a) != 1) {
            throw new IllegalArgumentException("squeeze: axis must have size 1, got axis " + axis + " of "
                    + x.describe());
        }
        return reshape(x, x.shape().drop(a));
    }

    /** Removes every axis of size 1 ({@code torch.squeeze()}, {@code numpy.squeeze}); N is never one of them. */
    static Node squeeze(Node x) {
        Objects.requireNonNull(x, "squeeze: operand is null");
        return reshape(x, Shape.of(Arrays.stream(x.shape().dims()).filter(d -> d != 1).toArray()));
    }

    /** Inserts an axis of size 1 at position {@code axis} (in {@code [-(rank+1), rank]}). */
    static Node unsqueeze(Node x, int axis) {
        Objects.requireNonNull(x, "unsqueeze: operand is null");
        int r = x.rank();
        if (axis < -(r + 1) || axis > r) {
            throw new IllegalArgumentException("unsqueeze: axis must be in [" + (-(r + 1)) + ", " + r + "], got axis "
                    + axis + " for " + x.describe());
        }
        int a = axis < 0 ? axis + r + 1 : axis;
        int[] dims = x.shape().dims();
        int[] out = new int[r + 1];
        System.arraycopy(dims, 0, out, 0, a);
        out[a] = 1;
        System.arraycopy(dims, a, out, a + 1, r - a);
        return reshape(x, Shape.of(out));
    }

    /** {@code [d0, d1, ..., dk] -> [d0, d1*...*dk]}: keeps the first (batch) axis, flattens the rest. */
    static Node flatten(Node x) {
        Objects.requireNonNull(x, "flatten: operand is null");
        if (x.rank() < 1) {
            throw new IllegalArgumentException("flatten: operand must have rank >= 1, got " + x.describe());
        }
        int rest = 1;
        for (int a = 1; a < x.rank(); a++) {
            if (x.shape().dim(a) == Shape.BATCH) {
                throw new IllegalArgumentException("flatten: only the first axis may be N, got " + x.describe());
            }
            rest *= x.shape().dim(a);
        }
        return reshape(x, Shape.of(x.shape().dim(0), rest));
    }

    /**
     * Python's {@code x[start:end]} along one axis, all of the others: a negative bound counts from the end of
     * the axis, then both are clamped to {@code [0, dim]}, and an end at or before the start gives an empty
     * slice, so no bound is out of range; {@code Integer.MAX_VALUE} runs to the end. On the batch axis N only
     * the whole axis ({@code 0, Integer.MAX_VALUE}) may be taken. With a step: {@link ArrangeOp#slice}.
     */
    static Node slice(Node x, int axis, int start, int end) {
        Objects.requireNonNull(x, "slice: operand is null");
        int a = x.axis(axis, "slice");
        int d = x.shape().dim(a);
        if (start == Shape.BATCH || end == Shape.BATCH) { // a negative bound would count it from the end silently
            throw new IllegalArgumentException("slice: bounds are positions, got " + (start == Shape.BATCH ? "N"
                    : start) + ":" + (end == Shape.BATCH ? "N" : end) + " on axis " + a + " of " + x.describe()
                    + "; Shape.BATCH is not a position: run to the end with Integer.MAX_VALUE");
        }
        if (d != Shape.BATCH) {
            start = (int) Math.max(0, Math.min(d, start < 0 ? (long) start + d : start));
            end = (int) Math.max(start, Math.min(d, end < 0 ? (long) end + d : end));
        }
        Integer[] starts = new Integer[x.rank()];
        Integer[] ends = new Integer[x.rank()];
        Arrays.fill(starts, 0);
        Arrays.fill(ends, Integer.MAX_VALUE);
        starts[a] = start;
        ends[a] = end;
        return Node.apply(new Slice(List.of(starts), List.of(ends)), x);
    }

    /** Zeros around x: {@code before[a]} and {@code after[a]} along each axis. */
    static Node pad(Node x, int[] before, int[] after) {
        Objects.requireNonNull(x, "pad: operand is null");
        Objects.requireNonNull(before, "pad: before is null");
        Objects.requireNonNull(after, "pad: after is null");
        return Node.apply(new Pad(Arrays.stream(before).boxed().toList(), Arrays.stream(after).boxed().toList()), x);
    }

    /** The parts joined along {@code axis} (negative counts from the end). */
    static Node concat(int axis, Node... parts) {
        Objects.requireNonNull(parts, "concat: parts is null");
        return concat(axis, Arrays.asList(parts));
    }

    /** The parts joined along {@code axis} (negative counts from the end). */
    static Node concat(int axis, List<Node> parts) {
        Objects.requireNonNull(parts, "concat: parts is null");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: needs at least one part, got none");
        }
        List<Node> copy = new ArrayList<>(parts);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i) == null) {
                throw new NullPointerException("concat: part " + i + " is null");
            }
        }
        int a = copy.get(0).axis(axis, "concat");
        return Node.apply(new Concat(a), copy);
    }

    /** Movement takes tensors of any dtype. */
    @Override
    default DTypeSet accepts(int i) {
        return DTypeSet.ANY;
    }

    /** Checks the arity of a movement op. */
    default void requireArity(List<Node> inputs, int n) {
        if (inputs.size() != n) {
            throw new IllegalArgumentException(name() + ": takes " + n + " input(s), got " + inputs.size());
        }
    }

    /**
     * The same elements, row-major, in a new shape of equal element count; {@code xBar = reshape(yBar,
     * x.shape)}. With {@code N}: input and target must contain {@code N} equally often and the products of
     * their concrete dimensions must agree.
     *
     * @param shape the new shape
     */
    record Reshape(Shape shape) implements MovementOp {
        @Override public String name() { return "reshape"; }
        @Override public Notation notation(List<Node> in) { return Notation.reshape(in.get(0).shape(), shape); }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(inputs, 1);
            Shape in = inputs.get(0).shape();
            if (batchCount(in) != batchCount(shape) || concreteProduct(in) != concreteProduct(shape)) {
                throw new IllegalArgumentException("reshape: element count must be preserved, got "
                        + inputs.get(0).describe() + " and " + shape + (batchCount(in) + batchCount(shape) > 0
                        ? "; N must appear as often in both" : ""));
            }
            return shape;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return inputs.get(0).reshape(out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            return List.of(yBar.reshape(y.inputs().get(0).shape()));
        }

        static int batchCount(Shape s) {
            int n = 0;
            for (int d : s.dims()) {
                n += d == Shape.BATCH ? 1 : 0;
            }
            return n;
        }

        static long concreteProduct(Shape s) {
            long p = 1;
            for (int d : s.dims()) {
                p *= d == Shape.BATCH ? 1 : d;
            }
            return p;
        }
    }

    /**
     * Axis {@code a} of the output is axis {@code perm[a]} of the input; {@code xBar = permute(yBar,
     * inverse(perm))}.
     *
     * @param perm a permutation of {@code 0..rank-1}
     */
    record Permute(List<Integer> perm) implements MovementOp {
        /** Copies the permutation. */
        public Permute {
            perm = List.copyOf(perm);
        }

        @Override public String name() { return "permute" + perm; }
        @Override public Notation notation(List<Node> in) { return Notation.permute(perm); }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(inputs, 1);
            Shape in = inputs.get(0).shape();
            boolean[] seen = new boolean[in.rank()];
            boolean valid = perm.size() == in.rank();
            for (int i = 0; valid && i < perm.size(); i++) {
                int p = perm.get(i);
                valid = p >= 0 && p < in.rank() && !seen[p];
                if (valid) {
                    seen[p] = true;
                }
            }
            if (!valid) {
                throw new IllegalArgumentException("permute: axes must be a permutation of 0.." + (in.rank() - 1)
                        + ", got " + perm + " for " + inputs.get(0).describe());
            }
            int[] out = new int[in.rank()];
            for (int a = 0; a < out.length; a++) {
                out[a] = in.dim(perm.get(a));
            }
            return Shape.of(out);
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return MovementKernels.permute(inputs.get(0), perm.stream().mapToInt(Integer::intValue).toArray(), out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            int[] inverse = new int[perm.size()];
            for (int a = 0; a < inverse.length; a++) {
                inverse[perm.get(a)] = a;
            }
            return List.of(yBar.permute(inverse));
        }
    }

    /**
     * Repeats the input along its size-1 axes and along new leading axes (NumPy rules, aligned on the
     * right); {@code xBar = sum of yBar over the repeated axes}, reshaped to the input's shape.
     *
     * @param shape the output shape
     */
    record BroadcastTo(Shape shape) implements MovementOp {
        @Override public String name() { return "broadcastTo"; }
        @Override public Notation notation(List<Node> in) { return Notation.HIDDEN; }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(inputs, 1);
            Shape in = inputs.get(0).shape();
            int lead = shape.rank() - in.rank();
            boolean valid = lead >= 0;
            for (int a = 0; valid && a < in.rank(); a++) {
                valid = in.dim(a) == 1 || in.dim(a) == shape.dim(lead + a);
            }
            if (!valid) {
                throw new IllegalArgumentException("broadcastTo: each dimension must equal the target's or be 1,"
                        + " aligned on the right, got " + inputs.get(0).describe() + " and target " + shape);
            }
            return shape;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return MovementKernels.broadcastTo(inputs.get(0), out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Shape in = y.inputs().get(0).shape();
            int lead = shape.rank() - in.rank();
            List<Integer> axes = new ArrayList<>();
            for (int a = 0; a < shape.rank(); a++) {
                if (a < lead || (in.dim(a - lead) == 1 && shape.dim(a) != 1)) {
                    axes.add(a);
                }
            }
            Node summed = axes.isEmpty() ? yBar : Node.apply(new ReduceOp.Sum(axes, false), yBar);
            return List.of(summed.reshape(in));
        }
    }

    /**
     * The window {@code starts[a] <= i_a < ends[a]} of every axis; {@code xBar = pad(yBar)} with zeros
     * outside the window. On an {@code N} axis only the whole axis ({@code 0, Integer.MAX_VALUE}) is allowed.
     *
     * @param starts first index per axis
     * @param ends one past the last index per axis ({@code Integer.MAX_VALUE}: to the end)
     */
    record Slice(List<Integer> starts, List<Integer> ends) implements MovementOp {
        /** Copies the bounds. */
        public Slice {
            starts = List.copyOf(starts);
            ends = List.copyOf(ends);
        }

        @Override public String name() { return "slice" + starts + ends; }
        @Override public Notation notation(List<Node> in) { return Notation.slice(starts, ends, in.get(0).shape()); }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(inputs, 1);
            Shape in = inputs.get(0).shape();
            if (starts.size() != in.rank() || ends.size() != in.rank()) {
                throw new IllegalArgumentException("slice: needs one start and one end per axis, got starts "
                        + starts + " and ends " + ends + " for " + inputs.get(0).describe());
            }
            int[] out = new int[in.rank()];
            for (int a = 0; a < out.length; a++) {
                int d = in.dim(a);
                int s = starts.get(a);
                int e = ends.get(a);
                if (d == Shape.BATCH) {
                    if (s != 0 || e != Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("slice: the batch axis N can only be taken whole, got "
                                + "start " + s + " and end " + e + " on axis " + a + " of " + inputs.get(0).describe());
                    }
                    out[a] = Shape.BATCH;
                    continue;
                }
                int end = Math.min(e, d);
                if (s < 0 || s > end) {
                    throw new IllegalArgumentException("slice: bounds must satisfy 0 <= start <= min(end, dim), got"
                            + " start " + s + " and end " + e + " on axis " + a + " of " + inputs.get(0).describe());
                }
                out[a] = end - s;
            }
            return Shape.of(out);
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return MovementKernels.slice(inputs.get(0), starts.stream().mapToInt(Integer::intValue).toArray(), out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Shape in = y.inputs().get(0).shape();
            List<Integer> after = new ArrayList<>();
            for (int a = 0; a < in.rank(); a++) {
                after.add(in.dim(a) == Shape.BATCH ? 0 : in.dim(a) - starts.get(a) - y.shape().dim(a));
            }
            return List.of(Node.apply(new Pad(starts, after), yBar));
        }
    }

    /**
     * Surrounds the input with zeros: {@code before[a]} and {@code after[a]} zeros along each axis;
     * {@code xBar = slice(yBar)}. On an {@code N} axis both pads must be 0.
     *
     * @param before zeros added before each axis
     * @param after zeros added after each axis
     */
    record Pad(List<Integer> before, List<Integer> after) implements MovementOp {
        /** Copies the pads. */
        public Pad {
            before = List.copyOf(before);
            after = List.copyOf(after);
        }

        @Override public String name() { return "pad" + before + after; }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(inputs, 1);
            Shape in = inputs.get(0).shape();
            if (before.size() != in.rank() || after.size() != in.rank()) {
                throw new IllegalArgumentException("pad: needs one pair of pads per axis, got " + before + " and "
                        + after + " for " + inputs.get(0).describe());
            }
            long[] out = new long[in.rank()];
            for (int a = 0; a < out.length; a++) {
                int b = before.get(a);
                int e = after.get(a);
                if (b < 0 || e < 0 || (in.dim(a) == Shape.BATCH && b + e != 0)) {
                    throw new IllegalArgumentException("pad: pads must be >= 0 (and 0 on the batch axis N), got "
                            + b + " and " + e + " on axis " + a + " of " + inputs.get(0).describe());
                }
                long size = in.dim(a) == Shape.BATCH ? Shape.BATCH : (long) in.dim(a) + b + e;
                if (size > Shape.MAX_SIZE) {
                    throw new IllegalArgumentException("pad: the padded axis must have at most " + Shape.MAX_SIZE
                            + " elements, got " + size + " on axis " + a + " of " + inputs.get(0).describe());
                }
                out[a] = size;
            }
            return ElementCount.checked("pad", out, inputs.get(0).describe());
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return MovementKernels.pad(inputs.get(0), before.stream().mapToInt(Integer::intValue).toArray(), out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Shape in = y.inputs().get(0).shape();
            List<Integer> ends = new ArrayList<>();
            for (int a = 0; a < in.rank(); a++) {
                ends.add(in.dim(a) == Shape.BATCH ? Integer.MAX_VALUE : before.get(a) + in.dim(a));
            }
            return List.of(Node.apply(new Slice(before, ends), yBar));
        }
    }

    /**
     * The inputs laid one after another along {@code axis}; all other dimensions must agree. The VJP
     * slices {@code yBar} back into pieces.
     *
     * @param axis the (non-negative) axis joined along
     */
    record Concat(int axis) implements MovementOp {
        @Override public String name() { return "concat(" + axis + ")"; }

        @Override public Shape shape(List<Node> inputs) {
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("concat: needs at least one input, got none");
            }
            Shape first = inputs.get(0).shape();
            if (axis < 0 || axis >= first.rank()) {
                throw new IllegalArgumentException("concat: axis must be in [0, " + first.rank() + "), got axis "
                        + axis + " for " + Node.describe(inputs));
            }
            long total = 0;
            for (Node input : inputs) {
                Shape s = input.shape();
                boolean valid = s.rank() == first.rank() && s.dim(axis) != Shape.BATCH;
                for (int a = 0; valid && a < s.rank(); a++) {
                    valid = a == axis || s.dim(a) == first.dim(a);
                }
                if (!valid) {
                    throw new IllegalArgumentException("concat: shapes must agree except along axis " + axis
                            + " (which cannot be N), got " + Node.describe(inputs));
                }
                total += s.dim(axis);
            }
            if (total > Shape.MAX_SIZE) {
                throw new IllegalArgumentException("concat: the joined axis must have at most " + Shape.MAX_SIZE
                        + " elements, got " + total + " from " + Node.describe(inputs));
            }
            long[] out = Arrays.stream(first.dims()).asLongStream().toArray();
            out[axis] = total;
            return ElementCount.checked("concat", out, Node.describe(inputs));
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return MovementKernels.concat(inputs, axis, out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            List<Node> pieces = new ArrayList<>();
            int offset = 0;
            for (Node input : y.inputs()) {
                Shape s = input.shape();
                Integer[] starts = new Integer[s.rank()];
                Integer[] ends = new Integer[s.rank()];
                Arrays.fill(starts, 0);
                Arrays.fill(ends, Integer.MAX_VALUE);
                starts[axis] = offset;
                ends[axis] = offset + s.dim(axis);
                pieces.add(Node.apply(new Slice(List.of(starts), List.of(ends)), yBar));
                offset += s.dim(axis);
            }
            return pieces;
        }
    }
}
