package dev.adjoint.core.graph;

/**
 * The fluent forms on {@link Node} of the families on discrete values: logical operations and tests
 * ({@link LogicalOp}), integer division ({@link IntegerOp}), and the discrete reductions
 * ({@link DiscreteReduceOp}): {@code x.isFinite()} is {@code LogicalOp.isFinite(x)}, {@code scores.argmax(-1)}
 * is {@code DiscreteReduceOp.argmax(scores, -1)}. Sugar only: each form calls its factory, which holds the
 * rules.
 */
public sealed interface DiscreteForms permits Node {

    /** The node these forms are called on. */
    private Node self() {
        return (Node) this;
    }

    /** {@link LogicalOp#logicalAnd}: {@code this && other}, bools. */
    default Node logicalAnd(Node other) { return LogicalOp.logicalAnd(self(), other); }

    /** {@link LogicalOp#logicalOr}: {@code this || other}, bools. */
    default Node logicalOr(Node other) { return LogicalOp.logicalOr(self(), other); }

    /** {@link LogicalOp#logicalXor}: exclusive or of bools. */
    default Node logicalXor(Node other) { return LogicalOp.logicalXor(self(), other); }

    /** {@link LogicalOp#logicalNot}: {@code !this}, a bool. */
    default Node logicalNot() { return LogicalOp.logicalNot(self()); }

    /** {@link LogicalOp#isNaN}: true where NaN. */
    default Node isNaN() { return LogicalOp.isNaN(self()); }

    /** {@link LogicalOp#isInf}: true where infinite. */
    default Node isInf() { return LogicalOp.isInf(self()); }

    /** {@link LogicalOp#isFinite}: true where neither NaN nor infinite. */
    default Node isFinite() { return LogicalOp.isFinite(self()); }

    /** {@link IntegerOp#floorDiv}: {@code floor(this / other)} on integers (NumPy's {@code //}). */
    default Node floorDiv(Node other) { return IntegerOp.floorDiv(self(), other); }

    /** {@link IntegerOp#floorMod}: the remainder with the divisor's sign, integers (NumPy's {@code %}). */
    default Node floorMod(Node other) { return IntegerOp.floorMod(self(), other); }

    /** {@link DiscreteReduceOp#any}: OR over the axes, which are dropped (no axes: all). */
    default Node any(int... axes) { return DiscreteReduceOp.any(self(), axes); }

    /** {@link DiscreteReduceOp#any}: OR over the axes, kept as size 1 if {@code keepDims} (no axes: all). */
    default Node any(boolean keepDims, int... axes) { return DiscreteReduceOp.any(self(), keepDims, axes); }

    /** {@link DiscreteReduceOp#all}: AND over the axes, which are dropped (no axes: all). */
    default Node all(int... axes) { return DiscreteReduceOp.all(self(), axes); }

    /** {@link DiscreteReduceOp#all}: AND over the axes, kept as size 1 if {@code keepDims} (no axes: all). */
    default Node all(boolean keepDims, int... axes) { return DiscreteReduceOp.all(self(), keepDims, axes); }

    /** {@link DiscreteReduceOp#countNonzero}: the INT64 number of {@code x != 0} over the axes (none: all), dropped. */
    default Node countNonzero(int... axes) { return DiscreteReduceOp.countNonzero(self(), axes); }

    /** {@link DiscreteReduceOp#argmax}: the INT64 index of the first maximum along {@code axis}, dropped. */
    default Node argmax(int axis) { return DiscreteReduceOp.argmax(self(), axis); }

    /** {@link DiscreteReduceOp#argmax}: the INT64 index of the first maximum along {@code axis}. */
    default Node argmax(int axis, boolean keepDims) { return DiscreteReduceOp.argmax(self(), axis, keepDims); }

    /** {@link DiscreteReduceOp#argmin}: the INT64 index of the first minimum along {@code axis}, dropped. */
    default Node argmin(int axis) { return DiscreteReduceOp.argmin(self(), axis); }

    /** {@link DiscreteReduceOp#argmin}: the INT64 index of the first minimum along {@code axis}. */
    default Node argmin(int axis, boolean keepDims) { return DiscreteReduceOp.argmin(self(), axis, keepDims); }

    /** {@link DiscreteReduceOp#bincount(Node, int)}: the INT64 count of each value in {@code [0, length)}. */
    default Node bincount(int length) { return DiscreteReduceOp.bincount(self(), length); }

    /**
     * {@link DiscreteReduceOp#bincount(Node, Node, int)}: the sum of the weights of each value in {@code [0, length)}.
     */
    default Node bincount(Node weights, int length) { return DiscreteReduceOp.bincount(self(), weights, length); }
}
