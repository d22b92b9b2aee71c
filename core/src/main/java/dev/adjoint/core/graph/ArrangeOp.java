package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.ArrangeKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Rearranging elements beyond the textbook movement ops of {@link MovementOp}: one primitive, {@code flip}
 * (its own adjoint), and compositions of flip, slice, pad, reshape, broadcast and concat, each with NumPy's
 * semantics: {@code slice} with a step (negative too), {@code roll}, {@code tile}, {@code repeat},
 * {@code split}, and {@code pad} with a constant, by reflection, by the edge value or periodically. All are
 * linear, so their gradients are the adjoint movements of the ops they are built from.
 *
 * <p>Along the symbolic batch dimension {@code N} these ops keep the axis whole: flip may reverse it, the others
 * refuse to cut, repeat or pad it.
 */
public sealed interface ArrangeOp extends Op {

    /** How {@link #pad(Node, int[], int[], PadMode)} fills the border (NumPy's {@code mode}). */
    enum PadMode {
        /** The mirror image without the edge element: {@code [1, 2, 3]} padded by 2 is {@code 3 2 [1 2 3] 2 1}. */
        REFLECT,
        /** The edge element repeated: {@code [1, 2, 3]} padded by 2 is {@code 1 1 [1 2 3] 3 3}. */
        EDGE,
        /**
         * The axis continued periodically (NumPy's {@code 'wrap'}, PyTorch's {@code 'circular'}): {@code y_j =
         * x_{(j - before) mod d}}; {@code [1, 2, 3]} padded by 2 is {@code 2 3 [1 2 3] 1 2}. Pads are at most the
         * axis' size, as PyTorch requires (NumPy 1.x wraps longer pads inconsistently).
         */
        WRAP
    }

    /** x with the order of its elements reversed along each of {@code axes} (none given: along every axis). */
    static Node flip(Node x, int... axes) {
        Objects.requireNonNull(x, "flip: operand is null");
        Objects.requireNonNull(axes, "flip: axes is null");
        List<Integer> list = new ArrayList<>();
        for (int a = 0; a < (axes.length == 0 ? x.rank() : axes.length); a++) {
            int axis = axes.length == 0 ? a : x.shape().normalizeAxis(axes[a], "flip");
            if (list.contains(axis)) {
                throw new IllegalArgumentException("flip: axes must be distinct, got " + Arrays.toString(axes)
                        + " for shape " + x.shape());
            }
            list.add(axis);
        }
        return list.isEmpty() ? x : Node.apply(new Flip(list.stream().sorted().toList()), x);
    }

    /**
     * Python's {@code x[start:end:step]} along {@code axis}: the elements {@code start, start + step, ...}
     * before {@code end}. A negative start or end counts from the end of the axis; both are then clamped as
     * Python clamps them, so no bound is out of range. {@code Integer.MAX_VALUE} and {@code Integer.MIN_VALUE}
     * stand for Python's omitted bounds: {@code slice(x, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, -1)} is
     * {@code x[::-1]}. A negative step walks backwards (a flip, then a forward slice).
     *
     * @throws IllegalArgumentException when {@code step} is 0, or the axis is N and the slice is not the whole
     *     axis in order
     */
    static Node slice(Node x, int axis, int start, int end, int step) {
        Objects.requireNonNull(x, "slice: operand is null");
        int a = x.shape().normalizeAxis(axis, "slice");
        int d = x.shape().dim(a);
        if (step == 0) {
            throw new IllegalArgumentException("slice: step must not be 0, got step 0 on axis " + axis);
        }
        if (step == 1) { // MIN_VALUE, Python's omitted bound here, is position 0 (clamped from MIN_VALUE + d)
            return MovementOp.slice(x, axis, start == Integer.MIN_VALUE ? 0 : start,
                    end == Integer.MIN_VALUE ? 0 : end);
        }
        if (d == Shape.BATCH) {
            throw new IllegalArgumentException("slice: the batch axis N can only be taken whole, in order, got step "
                    + step + " on axis " + a + " of " + x.shape());
        }
        if (step < 0) {
            int s = clamp(start, d, -1, d - 1);
            int e = clamp(end, d, -1, d - 1);
            int count = s <= e ? 0 : (int) ((s - (long) e - 1) / -(long) step + 1);
            return every(flip(x, a), a, d - 1 - s, count, -(long) step);
        }
        int s = clamp(start, d, 0, d);
        int e = clamp(end, d, 0, d);
        int count = e <= s ? 0 : (int) ((e - (long) s - 1) / step + 1);
        return every(x, a, s, count, step);
    }

    /** A bound counted from the end when negative, clamped to {@code [lo, hi]} as Python clamps slices. */
    private static int clamp(int bound, int d, int lo, int hi) {
        long b = bound < 0 ? (long) bound + d : bound;
        return (int) Math.max(lo, Math.min(hi, b));
    }

    /** The {@code count} elements {@code s, s + step, ...} along axis a: window, pad to a multiple, fold, pick. */
    private static Node every(Node x, int a, int s, int count, long step) {
        if (count == 0) {
            return MovementOp.slice(x, a, s, s);
        }
        Node window = MovementOp.slice(x, a, s, (int) (s + (count - 1) * step + 1));
        if (step == 1 || count == 1) {
            return window;
        }
        int[] after = new int[x.rank()];
        after[a] = (int) step - 1;
        Node padded = MovementOp.pad(window, new int[x.rank()], after);
        int[] dims = x.shape().dims();
        int[] folded = new int[dims.length + 1];
        System.arraycopy(dims, 0, folded, 0, a);
        folded[a] = count;
        folded[a + 1] = (int) step;
        System.arraycopy(dims, a + 1, folded, a + 2, dims.length - a - 1);
        Node picked = MovementOp.slice(padded.reshape(Shape.of(folded)), a + 1, 0, 1);
        return picked.reshape(x.shape().with(a, count));
    }

    /** NumPy's {@code roll}: {@code y[i] = x[(i - shift) mod d]} along {@code axis}; a shift wraps around. */
    static Node roll(Node x, int shift, int axis) {
        Objects.requireNonNull(x, "roll: operand is null");
        int a = x.shape().normalizeAxis(axis, "roll");
        int d = requireConcrete(x, a, "roll");
        int s = d == 0 ? 0 : Math.floorMod(shift, d);
        return s == 0 ? x : MovementOp.concat(a, MovementOp.slice(x, a, d - s, d), MovementOp.slice(x, a, 0, d - s));
    }

    /**
     * NumPy's {@code tile}: x repeated {@code reps[a]} times as a whole along each axis; fewer reps than axes
     * are padded with leading 1s, more promote x with leading axes of size 1. {@code tile([1, 2], 2) = [1, 2,
     * 1, 2]}.
     */
    static Node tile(Node x, int... reps) {
        Objects.requireNonNull(x, "tile: operand is null");
        Objects.requireNonNull(reps, "tile: reps is null");
        int rank = Math.max(x.rank(), reps.length);
        int[] r = new int[rank];
        int[] in = new int[rank];
        Arrays.fill(r, 1);
        Arrays.fill(in, 1);
        System.arraycopy(reps, 0, r, rank - reps.length, reps.length);
        System.arraycopy(x.shape().dims(), 0, in, rank - x.rank(), x.rank());
        int[] spread = new int[2 * rank];
        int[] target = new int[2 * rank];
        long[] out = new long[rank];
        for (int a = 0; a < rank; a++) {
            if (r[a] < 0 || (in[a] == Shape.BATCH && r[a] != 1)) {
                throw new IllegalArgumentException("tile: reps must be >= 0 (and 1 on the batch axis N), got "
                        + Arrays.toString(reps) + " for shape " + x.shape());
            }
            spread[2 * a] = 1;
            spread[2 * a + 1] = in[a];
            target[2 * a] = r[a];
            target[2 * a + 1] = in[a];
            out[a] = in[a] == Shape.BATCH ? Shape.BATCH : (long) in[a] * r[a];
        }
        Shape result = ElementCount.checked("tile", out, x.describe());
        return x.reshape(Shape.of(spread)).broadcastTo(Shape.of(target)).reshape(result);
    }

    /** NumPy's {@code repeat}: each element repeated {@code repeats} times in place along {@code axis}. */
    static Node repeat(Node x, int repeats, int axis) {
        Objects.requireNonNull(x, "repeat: operand is null");
        int a = x.shape().normalizeAxis(axis, "repeat");
        if (repeats < 0 || (x.shape().dim(a) == Shape.BATCH && repeats != 1)) {
            throw new IllegalArgumentException("repeat: repeats must be >= 0 (and 1 on the batch axis N), got "
                    + repeats + " on axis " + axis + " of " + x.shape());
        }
        int d = x.shape().dim(a);
        long[] out = Arrays.stream(x.shape().dims()).asLongStream().toArray();
        out[a] = d == Shape.BATCH ? Shape.BATCH : (long) d * repeats;
        Shape result = ElementCount.checked("repeat", out, x.describe());
        Node column = x.unsqueeze(a + 1);
        return column.broadcastTo(column.shape().with(a + 1, repeats)).reshape(result);
    }

    /** NumPy's {@code split} into {@code sections} equal parts along {@code axis}, which must divide it. */
    static List<Node> split(Node x, int sections, int axis) {
        Objects.requireNonNull(x, "split: operand is null");
        int a = x.shape().normalizeAxis(axis, "split");
        int d = requireConcrete(x, a, "split");
        if (sections <= 0 || d % sections != 0) {
            throw new IllegalArgumentException("split: sections must be > 0 and divide the axis, got " + sections
                    + " sections of axis " + axis + " of " + x.shape() + "; pass the sizes to split unequally");
        }
        int[] sizes = new int[sections];
        Arrays.fill(sizes, d / sections);
        return split(x, sizes, axis);
    }

    /** PyTorch's {@code split} with sizes: consecutive parts of {@code sizes[k]} along {@code axis}, summing to it. */
    static List<Node> split(Node x, int[] sizes, int axis) {
        Objects.requireNonNull(x, "split: operand is null");
        Objects.requireNonNull(sizes, "split: sizes is null");
        int a = x.shape().normalizeAxis(axis, "split");
        int d = requireConcrete(x, a, "split");
        long total = 0;
        for (int s : sizes) {
            total += s < 0 ? Integer.MIN_VALUE : s;
        }
        if (total != d) {
            throw new IllegalArgumentException("split: sizes must be >= 0 and sum to the axis, got "
                    + Arrays.toString(sizes) + " for axis " + axis + " of " + x.shape());
        }
        List<Node> parts = new ArrayList<>();
        int at = 0;
        for (int s : sizes) {
            parts.add(MovementOp.slice(x, a, at, at + s));
            at += s;
        }
        return parts;
    }

    /**
     * NumPy's {@code pad} with {@code mode='constant'}: {@code value} around x, {@code before[a]} and {@code after[a]}.
     */
    static Node pad(Node x, int[] before, int[] after, double value) {
        Objects.requireNonNull(x, "pad: operand is null");
        SourceOp.requireHeld("pad", x.dtype(), value);
        Node padded = MovementOp.pad(x, before, after);
        if (value == 0 && Double.doubleToRawLongBits(value) == 0) {
            return padded;
        }
        Node inside = MovementOp.pad(SourceOp.fill(x.shape(), DType.BOOL, 1), before, after);
        return inside.where(padded, SourceOp.fill(padded.shape(), x.dtype(), value));
    }

    /**
     * NumPy's {@code pad} with {@code mode='reflect'}, {@code 'edge'} or {@code 'wrap'}, axis by axis in order (so
     * corners are filled from the already padded axes, as NumPy does). Reflection needs pads below the axis' size,
     * wrapping pads up to it, and the edge a non-empty axis.
     */
    static Node pad(Node x, int[] before, int[] after, PadMode mode) {
        Objects.requireNonNull(x, "pad: operand is null");
        Objects.requireNonNull(before, "pad: before is null");
        Objects.requireNonNull(after, "pad: after is null");
        Objects.requireNonNull(mode, "pad: mode is null");
        if (before.length != x.rank() || after.length != x.rank()) {
            throw new IllegalArgumentException("pad: needs one pair of pads per axis, got " + Arrays.toString(before)
                    + " and " + Arrays.toString(after) + " for shape " + x.shape());
        }
        long[] out = new long[x.rank()];
        for (int a = 0; a < x.rank(); a++) {
            int d = x.shape().dim(a);
            out[a] = d == Shape.BATCH ? Shape.BATCH : (long) d + Math.max(0, before[a]) + Math.max(0, after[a]);
        }
        ElementCount.checked("pad", out, x.describe());
        Node y = x;
        for (int a = 0; a < x.rank(); a++) {
            int b = before[a];
            int e = after[a];
            if (b == 0 && e == 0) {
                continue;
            }
            int d = x.shape().dim(a);
            int limit = switch (mode) {
                case REFLECT -> d - 1;
                case WRAP -> d;
                case EDGE -> d > 0 ? Integer.MAX_VALUE : 0;
            };
            if (d == Shape.BATCH || b < 0 || e < 0 || b > limit || e > limit) {
                throw new IllegalArgumentException("pad: " + mode.name().toLowerCase() + " pads must be >= 0 and "
                        + switch (mode) {
                            case REFLECT -> "< the axis' size";
                            case WRAP -> "<= the axis' size";
                            case EDGE -> "need a non-empty axis";
                        }
                        + " (0 on the batch axis N), got " + b + " and " + e + " on axis " + a + " of " + x.shape());
            }
            if (mode == PadMode.WRAP) {
                y = MovementOp.concat(a, MovementOp.slice(y, a, d - b, d), y, MovementOp.slice(y, a, 0, e));
                continue;
            }
            Node head = mode == PadMode.REFLECT ? flip(MovementOp.slice(y, a, 1, b + 1), a)
                    : repeat(MovementOp.slice(y, a, 0, 1), b, a);
            Node tail = mode == PadMode.REFLECT ? flip(MovementOp.slice(y, a, d - 1 - e, d - 1), a)
                    : repeat(MovementOp.slice(y, a, d - 1, d), e, a);
            y = MovementOp.concat(a, head, y, tail);
        }
        return y;
    }

    private static int requireConcrete(Node x, int a, String op) {
        int d = x.shape().dim(a);
        if (d == Shape.BATCH) {
            throw new IllegalArgumentException(op + ": cannot cut the batch axis N, got axis " + a + " of "
                    + x.shape());
        }
        return d;
    }

    /** Rearranging takes tensors of any dtype. */
    @Override
    default DTypeSet accepts(int i) {
        return DTypeSet.ANY;
    }

    /**
     * {@code y[..., i_a, ...] = x[..., d_a - 1 - i_a, ...]} along each of {@code axes}; {@code xBar = flip(yBar)}
     * (a flip is its own inverse and its own adjoint). It may reverse the batch axis N.
     *
     * @param axes the distinct non-negative axes reversed, in increasing order
     */
    record Flip(List<Integer> axes) implements ArrangeOp {
        /** Copies the axes. */
        public Flip {
            axes = List.copyOf(axes);
        }

        @Override public String name() { return "flip" + axes; }

        @Override public Shape shape(List<Node> inputs) {
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("flip: takes 1 input, got " + inputs.size());
            }
            Shape in = inputs.get(0).shape();
            for (int a : axes) {
                if (a < 0 || a >= in.rank()) {
                    throw new IllegalArgumentException("flip: axes must be in [0, " + in.rank() + "), got " + axes
                            + " for shape " + in);
                }
            }
            return in;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            boolean[] flipped = new boolean[out.rank()];
            axes.forEach(a -> flipped[a] = true);
            return ArrangeKernels.flip(inputs.get(0), flipped);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            return List.of(Node.apply(this, yBar));
        }
    }
}
