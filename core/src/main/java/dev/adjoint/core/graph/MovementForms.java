package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;

/**
 * The fluent forms of the movement factories ({@link MovementOp}) on {@link Node}: {@code x.reshape(2, 3)} is
 * {@code MovementOp.reshape(x, Shape.of(2, 3))}. Sugar only: each form calls its factory, which holds the rules.
 */
public sealed interface MovementForms permits Node {

    /** The node these forms are called on. */
    private Node self() {
        return (Node) this;
    }


    /** {@link MovementOp#reshape}: the same elements in another shape of equal element count. */
    default Node reshape(Shape shape) { return MovementOp.reshape(self(), shape); }

    /** {@link MovementOp#reshape(Node, int...)}: NumPy style, one dimension may be -1 (inferred). */
    default Node reshape(int... dims) { return MovementOp.reshape(self(), dims); }

    /**
     * {@link MovementOp#permute}: axis {@code a} of the result is axis {@code perm[a]} (negative: from the end) of
     * this.
     */
    default Node permute(int... perm) { return MovementOp.permute(self(), perm); }

    /** {@link MovementOp#transpose}: the last two axes swapped. */
    default Node transpose() { return MovementOp.transpose(self()); }

    /** {@link MovementOp#broadcastTo}: repeated along size-1 and new leading axes to {@code shape}. */
    default Node broadcastTo(Shape shape) { return MovementOp.broadcastTo(self(), shape); }

    /** {@link MovementOp#squeeze}: axis {@code axis}, of size 1, removed. */
    default Node squeeze(int axis) { return MovementOp.squeeze(self(), axis); }

    /** {@link MovementOp#squeeze(Node)}: every axis of size 1 removed. */
    default Node squeeze() { return MovementOp.squeeze(self()); }

    /** {@link MovementOp#unsqueeze}: an axis of size 1 inserted at {@code axis}. */
    default Node unsqueeze(int axis) { return MovementOp.unsqueeze(self(), axis); }

    /** {@link MovementOp#flatten}: {@code [d0, d1, ..., dk] -> [d0, d1*...*dk]}. */
    default Node flatten() { return MovementOp.flatten(self()); }

    /** {@link MovementOp#slice}: Python's {@code x[start:end]} along {@code axis} (negative bounds from the end). */
    default Node slice(int axis, int start, int end) { return MovementOp.slice(self(), axis, start, end); }

    /** {@link MovementOp#pad}: zeros around this, {@code before[a]} and {@code after[a]} along each axis. */
    default Node pad(int[] before, int[] after) { return MovementOp.pad(self(), before, after); }
}
