package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Selection, a primitive: {@code y_i = c_i ? a_i : b_i} for a BOOL condition {@code c} (a comparison's
 * output, a logical combination of them, a mask) and values {@code a}, {@code b} of one dtype (any), all three
 * of equal shape (the factory {@link #where} broadcasts). A condition of another dtype is an error when the node
 * is built, with the hint to compare or cast. VJP: {@code cBar = 0}, {@code aBar = where(c, yBar, 0)},
 * {@code bBar = where(c, 0, yBar)}.
 *
 * <p>A pitfall shared with every framework that differentiates selections this way: in
 * {@code where(x > 0, log(x), 0)} the unselected branch is still differentiated, and at {@code x = 0} its
 * cotangent is {@code 0 * (1 / 0) = NaN}. Make the unselected branch safe too:
 * {@code where(x > 0, log(where(x > 0, x, 1)), 0)}.
 */
public sealed interface WhereOp extends ElementwiseOp {

    /** {@code c ? a : b}, broadcasting all three; {@code c} must be BOOL. */
    static Node where(Node c, Node a, Node b) {
        Objects.requireNonNull(c, "where: condition is null");
        Objects.requireNonNull(a, "where: first value is null");
        Objects.requireNonNull(b, "where: second value is null");
        Shape shape = Broadcasting.shape("where", c, a, b);
        return Node.apply(new Where(), Broadcasting.to(c, shape), Broadcasting.to(a, shape), Broadcasting.to(b, shape));
    }

    /**
     * {@code x} clamped to {@code [lo, hi]} with tensor bounds (NumPy broadcasting of all three), as
     * {@code torch.clamp(x, lo, hi)}: {@code clampMax(clampMin(x, lo), hi)}, so {@code hi} wins where
     * {@code lo > hi}. A composition of comparisons and selections: the cotangent goes to whichever of x, lo
     * and hi is the result; at a tie ({@code x = lo} or {@code x = hi}) it goes to x, as in PyTorch and
     * TensorFlow (not split, as {@code maximum} splits it). A NaN x stays NaN and gets the cotangent
     * (PyTorch gives it none); a NaN bound gives NaN and takes the cotangent, as in PyTorch.
     */
    static Node clamp(Node x, Node lo, Node hi) {
        Objects.requireNonNull(x, "clamp: operand is null");
        Objects.requireNonNull(lo, "clamp: lower bound is null");
        Objects.requireNonNull(hi, "clamp: upper bound is null");
        Broadcasting.shape("clamp", x, lo, hi);
        requireOneDtype("clamp", x, lo, hi);
        return clampMax(clampMin(x, lo), hi);
    }

    /**
     * {@code x < lo || lo is NaN ? lo : x}: x bounded below by a tensor; the cotangent goes to lo only where lo is
     * the result. A NaN bound gives NaN, as in {@code torch.clamp} and as {@code maximum} does.
     */
    static Node clampMin(Node x, Node lo) {
        Objects.requireNonNull(x, "clampMin: operand is null");
        Objects.requireNonNull(lo, "clampMin: lower bound is null");
        Broadcasting.shape("clampMin", x, lo);
        requireOneDtype("clampMin", x, lo);
        return orNaN(x.less(lo), lo).where(lo, x);
    }

    /**
     * {@code x > hi || hi is NaN ? hi : x}: x bounded above by a tensor; the cotangent goes to hi only where hi is
     * the result. A NaN bound gives NaN, as in {@code torch.clamp} and as {@code minimum} does.
     */
    static Node clampMax(Node x, Node hi) {
        Objects.requireNonNull(x, "clampMax: operand is null");
        Objects.requireNonNull(hi, "clampMax: upper bound is null");
        Broadcasting.shape("clampMax", x, hi);
        requireOneDtype("clampMax", x, hi);
        return orNaN(x.greater(hi), hi).where(hi, x);
    }

    /**
     * {@code beyond || bound is NaN}; just {@code beyond} when the bound cannot be NaN (an integer bound, or a
     * constant without NaN, such as {@code clip}'s), so that those graphs keep one comparison.
     */
    private static Node orNaN(Node beyond, Node bound) {
        boolean noNaN = !bound.dtype().isFloating()
                || bound.op() instanceof SourceOp.Constant c && !hasNaN(c.value());
        return noNaN ? beyond : beyond.logicalOr(bound.isNaN());
    }

    /** The bounds compare with x, so they must share its dtype (else the comparison's message named "less"). */
    private static void requireOneDtype(String op, Node x, Node... bounds) {
        for (Node bound : bounds) {
            if (bound.dtype() != x.dtype()) {
                throw new IllegalArgumentException(op + ": the bounds must have the operand's dtype, got "
                        + x.describe() + " and bound " + bound.describe() + "; cast the bound, e.g. bound.cast("
                        + "DType." + x.dtype() + ")");
            }
        }
    }

    private static boolean hasNaN(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (Double.isNaN(t.flat(i))) {
                return true;
            }
        }
        return false;
    }

    /** The only member of the family. */
    record Where() implements WhereOp {
        @Override
        public String name() {
            return "where";
        }

        @Override public Notation notation(List<Node> in) { return Notation.CASES; }

        @Override
        public Shape shape(List<Node> inputs) {
            if (inputs.size() != 3) {
                throw new IllegalArgumentException("where: takes a condition and two values, got " + inputs.size()
                        + " inputs");
            }
            Shape c = inputs.get(0).shape();
            if (!c.equals(inputs.get(1).shape()) || !c.equals(inputs.get(2).shape())) {
                throw new IllegalArgumentException("where: condition and values must have equal shapes, got "
                        + Node.describe(inputs) + "; WhereOp.where broadcasts");
            }
            return c;
        }

        @Override
        public DTypeSet accepts(int i) {
            return i == 0 ? DTypeSet.BOOL : DTypeSet.ANY;
        }

        @Override
        public DType dtype(List<Node> inputs) {
            DTypeSet.BOOL.require("where", "condition", inputs.get(0));
            return Op.commonDtype(name(), inputs.subList(1, 3));
        }

        @Override
        public Pointwise pointwise() {
            return Pointwise.Exact.SELECT;
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node c = y.inputs().get(0);
            Node zero = SourceOp.zerosLike(yBar);
            return List.of(SourceOp.zerosLike(c), Node.apply(this, c, yBar, zero), Node.apply(this, c, zero, yBar));
        }
    }
}
