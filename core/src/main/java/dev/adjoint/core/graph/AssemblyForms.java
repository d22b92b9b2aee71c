package dev.adjoint.core.graph;

import java.util.List;

/**
 * The fluent forms on {@link Node} of the assembling ops ({@link Assembly}): {@code x.unbind(0)} is
 * {@code Assembly.unbind(x, 0)}. Sugar only: each form calls its factory, which holds the rules.
 */
public sealed interface AssemblyForms permits Node {

    /** The node these forms are called on. */
    private Node self() {
        return (Node) this;
    }

    /** {@link Assembly#unbind}: the slices along {@code axis}, each without that axis. */
    default List<Node> unbind(int axis) { return Assembly.unbind(self(), axis); }

    /** {@link Assembly#chunk}: consecutive parts of {@code ceil(d / chunks)} along {@code axis}. */
    default List<Node> chunk(int chunks, int axis) { return Assembly.chunk(self(), chunks, axis); }

    /** {@link Assembly#diagonal}: the {@code offset} diagonal of axes {@code axis1, axis2}, as the last axis. */
    default Node diagonal(int offset, int axis1, int axis2) { return Assembly.diagonal(self(), offset, axis1, axis2); }

    /**
     * {@link Assembly#diagEmbed}: the last axis put on the {@code offset} diagonal of new axes {@code axis1, axis2}.
     */
    default Node diagEmbed(int offset, int axis1, int axis2) {
        return Assembly.diagEmbed(self(), offset, axis1, axis2);
    }

    /** {@link Assembly#diag}: NumPy's diag, a vector to a matrix or a matrix to its diagonal. */
    default Node diag(int offset) { return Assembly.diag(self(), offset); }
}
