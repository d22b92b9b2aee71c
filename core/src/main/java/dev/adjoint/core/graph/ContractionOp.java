package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.ContractionKernels;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Tensor contractions: the primitive {@code contract} (XLA's {@code dot_general}) and the products built on it,
 * {@code tensordot}, {@code outer} and {@code einsum}, and their factories.
 *
 * <p>{@code contract(a, b)} pairs some axes of {@code a} with axes of {@code b} as <em>batch</em> axes (kept,
 * elementwise) and others as <em>contracted</em> axes (summed over); the rest are <em>free</em>. Its result is
 * laid out {@code [batch..., a's free axes..., b's free axes...]}, free axes in their original order:
 * <pre>
 *   C[β, i, j] = sum_γ A[β, i, γ] B[β, γ, j]
 * </pre>
 * with {@code β, i, j, γ} each a group of axes. It runs as {@code P} GEMMs of {@code M × K} by {@code K × N}
 * over the flattened groups, reading operands in place when their axes are stored in a GEMM-compatible order
 * ({@link ContractionKernels}); the batch and contracted axes may include the symbolic batch dimension N.
 */
public sealed interface ContractionOp extends Op {

    /**
     * The general contraction: {@code aBatch[i]} paired with {@code bBatch[i]} as batch axes,
     * {@code aContracted[i]} with {@code bContracted[i]} summed over (negative axes count from the end).
     *
     * @throws IllegalArgumentException naming the axes when they are out of range, repeated, or their sizes differ
     */
    static Node contract(Node a, Node b, int[] aBatch, int[] bBatch, int[] aContracted, int[] bContracted) {
        Objects.requireNonNull(a, "contract: first operand is null");
        Objects.requireNonNull(b, "contract: second operand is null");
        return Node.apply(new Contraction(axes(a, aBatch, "aBatch"), axes(b, bBatch, "bBatch"),
                axes(a, aContracted, "aContracted"), axes(b, bContracted, "bContracted")), a, b);
    }

    /**
     * NumPy's {@code tensordot(a, b, axes)}: the last {@code axes} axes of {@code a} contracted with the first
     * {@code axes} of {@code b}, in order; {@code axes = 0} is the outer product. The result's axes are a's free
     * axes, then b's.
     */
    static Node tensordot(Node a, Node b, int axes) {
        Objects.requireNonNull(a, "tensordot: first operand is null");
        Objects.requireNonNull(b, "tensordot: second operand is null");
        if (axes < 0 || axes > Math.min(a.rank(), b.rank())) {
            throw new IllegalArgumentException("tensordot: axes must be in [0, " + Math.min(a.rank(), b.rank())
                    + "] (the smaller rank), got " + axes + " for " + Node.describe(List.of(a, b)));
        }
        int[] aAxes = new int[axes];
        int[] bAxes = new int[axes];
        for (int i = 0; i < axes; i++) {
            aAxes[i] = a.rank() - axes + i;
            bAxes[i] = i;
        }
        return tensordot(a, b, aAxes, bAxes);
    }

    /** NumPy's {@code tensordot(a, b, (aAxes, bAxes))}: {@code aAxes[i]} contracted with {@code bAxes[i]}. */
    static Node tensordot(Node a, Node b, int[] aAxes, int[] bAxes) {
        Objects.requireNonNull(a, "tensordot: first operand is null");
        Objects.requireNonNull(b, "tensordot: second operand is null");
        Objects.requireNonNull(aAxes, "tensordot: aAxes is null");
        Objects.requireNonNull(bAxes, "tensordot: bAxes is null");
        DTypeSet.FLOATING.common("tensordot", List.of(a, b)); // named as tensordot, not as contract
        for (int i = 0; i < Math.min(aAxes.length, bAxes.length); i++) {
            int aAxis = aAxes[i] < 0 ? aAxes[i] + a.rank() : aAxes[i];
            int bAxis = bAxes[i] < 0 ? bAxes[i] + b.rank() : bAxes[i];
            boolean inRange = aAxis >= 0 && aAxis < a.rank() && bAxis >= 0 && bAxis < b.rank();
            if (inRange && a.shape().dim(aAxis) != b.shape().dim(bAxis)) { // the rest is contract's to name
                throw new IllegalArgumentException("tensordot: paired axes must have equal sizes, got axis " + aAxes[i]
                        + " of " + a.describe() + " and axis " + bAxes[i] + " of " + b.describe());
            }
        }
        return contract(a, b, new int[0], new int[0], aAxes, bAxes);
    }

    /**
     * The outer product of two vectors, {@code C[i, j] = a_i b_j}. Like PyTorch (unlike NumPy, which
     * flattens), both must be vectors; {@code tensordot(a, b, 0)} is the outer product of any ranks.
     */
    static Node outer(Node a, Node b) {
        Objects.requireNonNull(a, "outer: first operand is null");
        Objects.requireNonNull(b, "outer: second operand is null");
        if (a.rank() != 1 || b.rank() != 1) {
            throw new IllegalArgumentException("outer: operands must be vectors, got " + Node.describe(List.of(a, b))
                    + "; tensordot(a, b, 0) is the outer product of any ranks");
        }
        DTypeSet.FLOATING.common("outer", List.of(a, b));
        return tensordot(a, b, 0);
    }

    /**
     * The trace of each matrix of {@code x : [..., m, n]}, the sum of its {@code min(m, n)} diagonal elements:
     * {@code [..., m, n] -> [...]} (NumPy's {@code trace} of the last two axes, {@code torch.trace} of a matrix).
     * Linear: its gradient puts {@code yBar} on the diagonal.
     */
    static Node trace(Node x) {
        Objects.requireNonNull(x, "trace: operand is null");
        if (x.rank() < 2) {
            throw new IllegalArgumentException("trace: operand must be a matrix or a stack of them [..., m, n], got "
                    + x.describe());
        }
        for (int a = x.rank() - 2; a < x.rank(); a++) {
            if (x.shape().dim(a) == Shape.BATCH) {
                throw new IllegalArgumentException("trace: the matrix axes (the last two) must be concrete, got "
                        + x.describe());
            }
        }
        return ReduceOp.sum(Assembly.diagonal(x, 0, -2, -1), -1);
    }

    /**
     * The Kronecker product, NumPy's {@code kron}: with {@code a} and {@code b} brought to one rank by leading 1s,
     * {@code y[i_0 q_0 + j_0, i_1 q_1 + j_1, ...] = a[i_0, i_1, ...] b[j_0, j_1, ...]}, of shape
     * {@code [p_0 q_0, p_1 q_1, ...]} for {@code a : [p_0, ...]}, {@code b : [q_0, ...]}. Bilinear, built as an
     * elementwise product of the two with their axes interleaved ({@code [p_0, 1, p_1, 1, ...]} times
     * {@code [1, q_0, 1, q_1, ...]}) and a reshape.
     */
    static Node kron(Node a, Node b) {
        Objects.requireNonNull(a, "kron: first operand is null");
        Objects.requireNonNull(b, "kron: second operand is null");
        DTypeSet.FLOATING.common("kron", List.of(a, b));
        int rank = Math.max(a.rank(), b.rank());
        int[] left = new int[2 * rank];
        int[] right = new int[2 * rank];
        int[] out = new int[rank];
        for (int k = 0; k < rank; k++) {
            int p = k < rank - a.rank() ? 1 : a.shape().dim(k - (rank - a.rank()));
            int q = k < rank - b.rank() ? 1 : b.shape().dim(k - (rank - b.rank()));
            if (p == Shape.BATCH || q == Shape.BATCH) {
                throw new IllegalArgumentException("kron: N cannot be an axis of a Kronecker product (its size is"
                        + " a product of sizes), got " + Node.describe(List.of(a, b)));
            }
            left[2 * k] = p;
            left[2 * k + 1] = 1;
            right[2 * k] = 1;
            right[2 * k + 1] = q;
            out[k] = Math.multiplyExact(p, q);
        }
        return a.reshape(Shape.of(left)).mul(b.reshape(Shape.of(right))).reshape(Shape.of(out));
    }

    /**
     * The cross product of 3-vectors along {@code axis} ({@code torch.linalg.cross}, NumPy's {@code cross} with
     * {@code axis}): {@code y_0 = a_1 b_2 - a_2 b_1}, {@code y_1 = a_2 b_0 - a_0 b_2}, {@code y_2 = a_0 b_1 - a_1 b_0}.
     * The operands have one rank and size 3 along the axis; the other axes broadcast. Bilinear.
     *
     * @param axis the axis of the vectors' components; negative counts from the end
     */
    static Node cross(Node a, Node b, int axis) {
        Objects.requireNonNull(a, "cross: first operand is null");
        Objects.requireNonNull(b, "cross: second operand is null");
        DTypeSet.FLOATING.common("cross", List.of(a, b));
        if (a.rank() != b.rank()) {
            throw new IllegalArgumentException("cross: operands must have one rank, got " + Node.describe(List.of(a,
                    b)));
        }
        int at = a.axis(axis, "cross");
        if (a.shape().dim(at) != 3 || b.shape().dim(at) != 3) {
            throw new IllegalArgumentException("cross: both operands must have size 3 along axis " + axis + ", got "
                    + Node.describe(List.of(a, b)));
        }
        Node[] y = new Node[3];
        for (int k = 0; k < 3; k++) {
            int i = (k + 1) % 3;
            int j = (k + 2) % 3;
            y[k] = component(a, at, i).mul(component(b, at, j)).sub(component(a, at, j).mul(component(b, at, i)));
        }
        return MovementOp.concat(at, y);
    }

    /** Component k of the vectors along axis {@code at}, the axis kept with size 1. */
    private static Node component(Node x, int at, int k) {
        return x.slice(at, k, k + 1);
    }

    /**
     * Einstein summation, NumPy's {@code einsum}: e.g. {@code einsum("ij,jk->ik", a, b)} is a matrix product,
     * {@code "bij,bjk->bik"} a batched one, {@code "ii->"} the trace, {@code "...ij,...jk"} a product broadcast
     * over leading axes. Without {@code ->}, the output holds the {@code ...} axes, then the letters that occur
     * once, in alphabetical order. Labels of size 1 broadcast. The operands are contracted two at a time onto
     * {@code contract} (so onto the GEMM), the pair with the smallest result first; see {@link Einsum}.
     *
     * @throws IllegalArgumentException naming the subscripts for bad subscripts or mismatched sizes
     */
    static Node einsum(String subscripts, Node... operands) {
        Objects.requireNonNull(operands, "einsum: operands is null");
        return einsum(subscripts, Arrays.asList(operands));
    }

    /** {@link #einsum(String, Node...)} with the operands in a list. */
    static Node einsum(String subscripts, List<Node> operands) {
        Objects.requireNonNull(subscripts, "einsum: subscripts is null");
        Objects.requireNonNull(operands, "einsum: operands is null");
        for (int i = 0; i < operands.size(); i++) {
            Objects.requireNonNull(operands.get(i), "einsum: operand " + i + " is null");
            DTypeSet.FLOATING.require("einsum", "operand " + i, operands.get(i)); // not as contract or sum
        }
        if (!operands.isEmpty()) {
            Op.commonDtype("einsum", operands);
        }
        return Einsum.build(subscripts, List.copyOf(operands));
    }

    /** Normalized axes (negative ones counted from the end), range-checked. */
    private static List<Integer> axes(Node x, int[] axes, String what) {
        Objects.requireNonNull(axes, "contract: " + what + " is null");
        List<Integer> out = new ArrayList<>();
        for (int axis : axes) {
            out.add(x.shape().normalizeAxis(axis, "contract"));
        }
        return out;
    }

    /**
     * The contraction {@code C[β, i, j] = sum_γ A[β, i, γ] B[β, γ, j]} (see {@link ContractionOp}).
     *
     * <p>VJP (the contraction of the cotangent with the other operand, over that operand's free axes, then
     * the axes put back in order): {@code ABar[β, i, γ] = sum_j CBar[β, i, j] B[β, γ, j]} and
     * {@code BBar[β, γ, j] = sum_i A[β, i, γ] CBar[β, i, j]}. Bilinear: linear in each operand.
     *
     * @param aBatch A's batch axes, paired with {@code bBatch}
     * @param bBatch B's batch axes
     * @param aContracted A's contracted axes, paired with {@code bContracted}
     * @param bContracted B's contracted axes
     */
    record Contraction(List<Integer> aBatch, List<Integer> bBatch, List<Integer> aContracted,
            List<Integer> bContracted) implements ContractionOp {

        /** Copies the axes. */
        public Contraction {
            aBatch = List.copyOf(aBatch);
            bBatch = List.copyOf(bBatch);
            aContracted = List.copyOf(aContracted);
            bContracted = List.copyOf(bContracted);
        }

        @Override
        public String name() {
            return "contract";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            if (inputs.size() != 2) {
                throw new IllegalArgumentException("contract: takes two inputs, got " + inputs.size());
            }
            Node a = inputs.get(0);
            Node b = inputs.get(1);
            if (aBatch.size() != bBatch.size() || aContracted.size() != bContracted.size()) {
                throw new IllegalArgumentException("contract: axes must come in pairs, got batch " + aBatch + " and "
                        + bBatch + ", contracted " + aContracted + " and " + bContracted);
            }
            checkDistinct(a, aBatch, aContracted);
            checkDistinct(b, bBatch, bContracted);
            checkPairs(a, b, aBatch, bBatch);
            checkPairs(a, b, aContracted, bContracted);
            List<Integer> dims = new ArrayList<>();
            aBatch.forEach(axis -> dims.add(a.shape().dim(axis)));
            for (int axis : ContractionKernels.free(a.rank(), ints(aBatch), ints(aContracted))) {
                dims.add(a.shape().dim(axis));
            }
            for (int axis : ContractionKernels.free(b.rank(), ints(bBatch), ints(bContracted))) {
                dims.add(b.shape().dim(axis));
            }
            return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
        }

        private static void checkDistinct(Node x, List<Integer> batch, List<Integer> contracted) {
            boolean[] seen = new boolean[x.rank()];
            for (List<Integer> axes : List.of(batch, contracted)) {
                for (int axis : axes) {
                    if (axis < 0 || axis >= x.rank() || seen[axis]) {
                        throw new IllegalArgumentException("contract: each axis must be in [0, " + x.rank()
                                + ") and used once, got batch " + batch + " and contracted " + contracted + " for "
                                + x.describe());
                    }
                    seen[axis] = true;
                }
            }
        }

        private static void checkPairs(Node a, Node b, List<Integer> aAxes, List<Integer> bAxes) {
            for (int i = 0; i < aAxes.size(); i++) {
                if (a.shape().dim(aAxes.get(i)) != b.shape().dim(bAxes.get(i))) {
                    throw new IllegalArgumentException("contract: paired axes must have equal sizes, got axis "
                            + aAxes.get(i) + " of " + a.describe() + " and axis " + bAxes.get(i) + " of "
                            + b.describe());
                }
            }
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return ContractionKernels.contract(inputs.get(0), inputs.get(1), ints(aBatch), ints(bBatch),
                    ints(aContracted), ints(bContracted), out);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node a = y.inputs().get(0);
            Node b = y.inputs().get(1);
            int[] aFree = ContractionKernels.free(a.rank(), ints(aBatch), ints(aContracted));
            int[] bFree = ContractionKernels.free(b.rank(), ints(bBatch), ints(bContracted));
            int nb = aBatch.size();
            int[] yBatch = range(0, nb);
            int[] yAFree = range(nb, nb + aFree.length);
            int[] yBFree = range(nb + aFree.length, yBar.rank());
            // ABar: [β, i, (B's contracted axes, ascending)] -> A's axes
            Node aBar = contract(yBar, b, yBatch, ints(bBatch), yBFree, bFree);
            int[] aLayout = concat(ints(aBatch), aFree, paired(bContracted, aContracted));
            // BBar: [β, (A's contracted axes, ascending), j] -> B's axes
            Node bBar = contract(a, yBar, ints(aBatch), yBatch, aFree, yAFree);
            int[] bLayout = concat(ints(bBatch), paired(aContracted, bContracted), bFree);
            return List.of(Matrices.permuteUnlessIdentity(aBar, inverse(aLayout)),
                    Matrices.permuteUnlessIdentity(bBar, inverse(bLayout)));
        }

        /** For the axes of {@code from} in ascending order, the axes of {@code to} they are paired with. */
        private static int[] paired(List<Integer> from, List<Integer> to) {
            Integer[] order = new Integer[from.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, z) -> Integer.compare(from.get(x), from.get(z)));
            int[] out = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                out[i] = to.get(order[i]);
            }
            return out;
        }

        /** The permutation that puts the axes listed in {@code layout} (position p holds axis layout[p]) in order. */
        private static int[] inverse(int[] layout) {
            int[] perm = new int[layout.length];
            for (int p = 0; p < layout.length; p++) {
                perm[layout[p]] = p;
            }
            return perm;
        }

        private static int[] range(int from, int to) {
            int[] out = new int[to - from];
            for (int i = 0; i < out.length; i++) {
                out[i] = from + i;
            }
            return out;
        }

        private static int[] concat(int[]... parts) {
            return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
        }

        private static int[] ints(List<Integer> axes) {
            return axes.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
