package dev.adjoint.core.autodiff;

import dev.adjoint.core.graph.Node;
import java.util.List;

/**
 * How the reverse pass asks a node for its pullback: by default the op's vector-Jacobian product,
 * {@code node.op().vjp(node, yBar)}. A layer outside the reference core may install other pullbacks through
 * {@link java.util.ServiceLoader}, to watch which forward node each part of a gradient graph comes from
 * (Adjoint's provenance does); they must return what the op's VJP returns.
 */
@FunctionalInterface
public interface Pullbacks extends AutoCloseable {

    /** The cotangents of {@code node}'s inputs, one per input, given the cotangent {@code yBar} of its output. */
    List<Node> of(Node node, Node yBar);

    /** The pullbacks for one reverse pass, closed at its end: this object, unless it keeps state per pass. */
    default Pullbacks open() {
        return this;
    }

    /** Ends a reverse pass. */
    @Override
    default void close() {
    }
}
