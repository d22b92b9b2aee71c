package dev.adjoint.core.graph;

/**
 * The fluent forms on {@link Node} of the rearranging ops ({@link ArrangeOp}): {@code x.flip(0)} is
 * {@code ArrangeOp.flip(x, 0)}. Sugar only: each form calls its factory, which holds the rules.
 */
public sealed interface ArrangeForms permits Node {

    /** The node these forms are called on. */
    private Node self() {
        return (Node) this;
    }

    /** {@link ArrangeOp#flip}: the order reversed along the axes (none given: all). */
    default Node flip(int... axes) { return ArrangeOp.flip(self(), axes); }

    /** {@link ArrangeOp#slice}: Python's {@code x[start:end:step]} along {@code axis}. */
    default Node slice(int axis, int start, int end, int step) {
        return ArrangeOp.slice(self(), axis, start, end, step);
    }

    /** {@link ArrangeOp#roll}: the elements shifted by {@code shift} along {@code axis}, wrapping around. */
    default Node roll(int shift, int axis) { return ArrangeOp.roll(self(), shift, axis); }

    /** {@link ArrangeOp#tile}: this repeated as a whole {@code reps[a]} times along each axis. */
    default Node tile(int... reps) { return ArrangeOp.tile(self(), reps); }

    /** {@link ArrangeOp#repeat}: each element repeated {@code repeats} times along {@code axis}. */
    default Node repeat(int repeats, int axis) { return ArrangeOp.repeat(self(), repeats, axis); }

    /** {@link ArrangeOp#pad(Node, int[], int[], double)}: {@code value} around this. */
    default Node pad(int[] before, int[] after, double value) { return ArrangeOp.pad(self(), before, after, value); }

    /** {@link ArrangeOp#pad(Node, int[], int[], ArrangeOp.PadMode)}: reflected or edge values around this. */
    default Node pad(int[] before, int[] after, ArrangeOp.PadMode mode) {
        return ArrangeOp.pad(self(), before, after, mode);
    }
}
